import { describe, expect, it } from 'vitest';
import { EncryptionLevel, Perspective } from '../../../src/internal/protocol/protocol.ts';
import { MaxAckDelay } from '../../../src/internal/protocol/params.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';
import { receivedPacketHandler } from '../../../src/internal/ackhandler/received_packet_handler.ts';
import type { sentPacketTracker } from '../../../src/internal/ackhandler/received_packet_handler.ts';
import { newAckHandler } from '../../../src/internal/ackhandler/ackhandler.ts';
import { RTTStats } from '../../../src/internal/utils/rtt_stats.ts';

const { Initial, Handshake, ZeroRTT, OneRTT } = EncryptionLevel;

function handler(): receivedPacketHandler {
  const tracker: sentPacketTracker = { getLowestPacketNotConfirmedAcked: () => 0, receivedPacket: () => {} };
  return new receivedPacketHandler(tracker);
}

describe('receivedPacketHandler: Initial and Handshake', () => {
  it('acknowledges every ack-eliciting packet at once, with ack delay 0', () => {
    const h = handler();
    h.receivedPacket(0, Initial, 10, true);
    expect(h.getAckFrame(Initial, 30, true)).toEqual({ type: 'ack', ackRanges: [{ smallest: 0, largest: 0 }], delayTime: 0 });
    expect(h.getAckFrame(Initial, 30, true)).toBeUndefined();
    h.receivedPacket(0, Handshake, 10, true);
    h.receivedPacket(1, Handshake, 11, true);
    expect(h.getAckFrame(Handshake, 30, true)?.ackRanges).toEqual([{ smallest: 0, largest: 1 }]);
  });

  it('does not acknowledge packets that are not ack-eliciting on their own (RFC 9000 §13.2.1)', () => {
    const h = handler();
    h.receivedPacket(0, Initial, 10, false);
    expect(h.getAckFrame(Initial, 10, false)).toBeUndefined();
    h.receivedPacket(1, Initial, 11, true);
    expect(h.getAckFrame(Initial, 11, false)?.ackRanges).toEqual([{ smallest: 0, largest: 1 }]);
  });

  it('forgets a dropped space', () => {
    const h = handler();
    h.receivedPacket(0, Initial, 10, true);
    h.dropPackets(Initial);
    expect(h.getAckFrame(Initial, 10, false)).toBeUndefined();
    expect(h.isPotentiallyDuplicate(0, Initial)).toBe(false);
    // A Handshake packet arriving after its space was dropped is ignored.
    h.dropPackets(Handshake);
    expect(() => h.receivedPacket(0, Handshake, 10, true)).not.toThrow();
  });
});

describe('receivedPacketHandler: application data (RFC 9000 §13.2)', () => {
  it('acknowledges the first packet at once, then every second ack-eliciting packet', () => {
    const h = handler();
    h.receivedPacket(0, OneRTT, 100, true);
    expect(h.getAckFrame(OneRTT, 100, true)).toBeDefined();
    h.receivedPacket(1, OneRTT, 110, true);
    expect(h.getAckFrame(OneRTT, 110, true)).toBeUndefined();
    expect(h.getAlarmTimeout()).toBe(110 + MaxAckDelay);
    h.receivedPacket(2, OneRTT, 120, true);
    expect(h.getAlarmTimeout()).toBe(Infinity);
    const ack = h.getAckFrame(OneRTT, 123, true)!;
    expect(ack.ackRanges).toEqual([{ smallest: 0, largest: 2 }]);
    // The ack delay is the time since the largest packet arrived.
    expect(ack.delayTime).toBe(3);
  });

  it('sends a delayed ACK once max_ack_delay has passed', () => {
    const h = handler();
    h.receivedPacket(0, OneRTT, 100, true);
    h.getAckFrame(OneRTT, 100, true);
    h.receivedPacket(1, OneRTT, 200, true);
    expect(h.getAckFrame(OneRTT, 200 + MaxAckDelay - 1, true)).toBeUndefined();
    const ack = h.getAckFrame(OneRTT, 200 + MaxAckDelay, true)!;
    expect(ack.delayTime).toBe(MaxAckDelay);
    expect(h.getAlarmTimeout()).toBe(Infinity);
  });

  it('bundles an ACK that is not due yet when asked without onlyIfQueued', () => {
    const h = handler();
    h.receivedPacket(0, OneRTT, 100, true);
    h.getAckFrame(OneRTT, 100, true);
    h.receivedPacket(1, OneRTT, 105, true);
    expect(h.getAckFrame(OneRTT, 106, false)?.ackRanges).toEqual([{ smallest: 0, largest: 1 }]);
  });

  it('acknowledges at once a packet that opens a gap, and one reported missing before', () => {
    const h = handler();
    h.receivedPacket(0, OneRTT, 100, true);
    h.getAckFrame(OneRTT, 100, true);
    h.receivedPacket(2, OneRTT, 101, true); // 1 is missing
    expect(h.getAckFrame(OneRTT, 101, true)?.ackRanges).toEqual([
      { smallest: 2, largest: 2 },
      { smallest: 0, largest: 0 },
    ]);
    h.receivedPacket(1, OneRTT, 102, true); // reported missing in the last ACK
    const ack = h.getAckFrame(OneRTT, 102, true)!;
    expect(ack.ackRanges).toEqual([{ smallest: 0, largest: 2 }]);
    // The delay counts from the largest packet (2), not the packet that arrived last.
    expect(ack.delayTime).toBe(1);
  });

  it('rejects a 0-RTT packet numbered above a 1-RTT packet', () => {
    const h = handler();
    h.receivedPacket(3, ZeroRTT, 100, true);
    h.receivedPacket(5, OneRTT, 101, true);
    let err: unknown;
    try {
      h.receivedPacket(6, ZeroRTT, 102, true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).errorCode).toBe(0xa);
    expect(h.isPotentiallyDuplicate(3, OneRTT)).toBe(true);
  });

  it('stops acknowledging packets once the peer has acknowledged our ACK of them', () => {
    const { sentPacketHandler: sph, receivedPacketHandler: rph } = newAckHandler(Perspective.Server, new RTTStats(), {
      clientAddressValidated: true,
      random: () => 0.999,
    });
    for (const pn of [0, 1, 2, 3, 4, 5]) rph.receivedPacket(pn, OneRTT, 10, true);
    const ourAck = rph.getAckFrame(OneRTT, 10, true)!;
    expect(ourAck.ackRanges).toEqual([{ smallest: 0, largest: 5 }]);
    // We send our ACK in 1-RTT packet 0 (with a PING), and the peer acknowledges it.
    const pn = sph.popPacketNumber(OneRTT);
    sph.sentPacket({ packetNumber: pn, encryptionLevel: OneRTT, length: 50, largestAcked: 5, frames: [{ frame: { type: 'ping' } }], streamFrames: [] }, 10);
    sph.receivedAck({ type: 'ack', ackRanges: [{ smallest: 0, largest: 0 }], delayTime: 0 }, OneRTT, 40);
    expect(sph.getLowestPacketNotConfirmedAcked()).toBe(6);
    rph.receivedPacket(7, OneRTT, 41, true);
    expect(rph.getAckFrame(OneRTT, 41, false)?.ackRanges).toEqual([{ smallest: 7, largest: 7 }]);
    expect(rph.isPotentiallyDuplicate(3, OneRTT)).toBe(true);
  });

  it('validates the client address on the server when a Handshake packet arrives', () => {
    const { sentPacketHandler: sph, receivedPacketHandler: rph } = newAckHandler(Perspective.Server, new RTTStats());
    expect(sph.amplificationWindow()).toBe(0);
    rph.receivedPacket(0, Handshake, 5, true);
    expect(sph.amplificationWindow()).toBe(Infinity);
  });
});
