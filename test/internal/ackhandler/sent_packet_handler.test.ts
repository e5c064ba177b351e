import { describe, expect, it } from 'vitest';
import { EncryptionLevel, Perspective } from '../../../src/internal/protocol/protocol.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';
import { RTTStats } from '../../../src/internal/utils/rtt_stats.ts';
import type { AckFrame, AckRange } from '../../../src/internal/wire/frame.ts';
import { sentPacketHandler } from '../../../src/internal/ackhandler/sent_packet_handler.ts';
import type { SentPacketHandlerOptions } from '../../../src/internal/ackhandler/sent_packet_handler.ts';

const { Initial, Handshake, ZeroRTT, OneRTT } = EncryptionLevel;

/** A handler plus a log of which packets' frames were reported acknowledged or lost. */
function setup(perspective = Perspective.Server, opts: SentPacketHandlerOptions = {}) {
  const rtt = new RTTStats();
  const h = new sentPacketHandler(perspective, rtt, { clientAddressValidated: true, random: () => 0.999, ...opts });
  const acked: number[] = [];
  const lost: number[] = [];
  const send = (level: EncryptionLevel, now: number, length = 1000, isPathMTUProbePacket = false): number => {
    const pn = h.popPacketNumber(level);
    const handler = { onAcked: () => acked.push(pn), onLost: () => lost.push(pn) };
    const frames = [{ frame: { type: 'ping' as const }, handler }];
    h.sentPacket({ packetNumber: pn, encryptionLevel: level, length, largestAcked: -1, frames, streamFrames: [], isPathMTUProbePacket }, now);
    return pn;
  };
  /** Sends an ACK-only packet. */
  const sendAckOnly = (level: EncryptionLevel, now: number, length = 50): number => {
    const pn = h.popPacketNumber(level);
    h.sentPacket({ packetNumber: pn, encryptionLevel: level, length, largestAcked: 0, frames: [], streamFrames: [] }, now);
    return pn;
  };
  /** Drops Initial and Handshake and confirms the handshake, so 1-RTT packets are probed. */
  const confirm = (now: number) => {
    h.dropPackets(Initial, now);
    h.dropPackets(Handshake, now);
    h.setHandshakeConfirmed(now);
  };
  return { h, rtt, acked, lost, send, sendAckOnly, confirm };
}

/** An ACK frame from [smallest, largest] pairs, given in descending order. */
function ack(ranges: [number, number][], delayTime = 0): AckFrame {
  const ackRanges: AckRange[] = ranges.map(([smallest, largest]) => ({ smallest, largest }));
  return { type: 'ack', ackRanges, delayTime };
}

function protocolViolation(fn: () => unknown): TransportError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).errorCode).toBe(0xa);
    return e as TransportError;
  }
  throw new Error('expected a PROTOCOL_VIOLATION');
}

describe('sentPacketHandler: acknowledgements and RTT', () => {
  it('counts bytes in flight and takes an RTT sample from the largest newly acknowledged packet', () => {
    const { h, rtt, acked, send, confirm } = setup();
    confirm(0);
    send(OneRTT, 0);
    send(OneRTT, 10);
    expect(h.getBytesInFlight()).toBe(2000);
    rtt.setMaxAckDelay(25);
    expect(h.receivedAck(ack([[0, 1]], 5), OneRTT, 110)).toBe(true);
    expect(acked).toEqual([0, 1]);
    expect(h.getBytesInFlight()).toBe(0);
    // Sample 100 ms (packet 1): the first sample ignores the delay, since 100 − min_rtt < 5.
    expect(rtt.latestRTT()).toBe(100);
    expect(rtt.smoothedRTT()).toBe(100);
  });

  it('takes no RTT sample when the largest acknowledged was acknowledged before', () => {
    const { h, rtt, send, confirm } = setup();
    confirm(0);
    send(OneRTT, 0);
    send(OneRTT, 0);
    h.receivedAck(ack([[1, 1]]), OneRTT, 100);
    expect(rtt.smoothedRTT()).toBe(100);
    // Acknowledges packet 0 newly, but the largest (1) is old news.
    h.receivedAck(ack([[0, 1]]), OneRTT, 500);
    expect(rtt.smoothedRTT()).toBe(100);
  });

  it('caps the peer ack delay at max_ack_delay and ignores it outside the application data space', () => {
    const { h, rtt, send, confirm } = setup();
    send(Initial, 0);
    h.receivedAck(ack([[0, 0]], 30), Initial, 100);
    expect(rtt.smoothedRTT()).toBe(100);
    confirm(100);
    rtt.setMaxAckDelay(25);
    send(OneRTT, 200);
    h.receivedAck(ack([[0, 0]], 80), OneRTT, 400); // 200 ms, delay capped at 25
    expect(rtt.smoothedRTT()).toBeCloseTo(0.875 * 100 + 0.125 * 175, 10);
  });

  it('rejects an ACK for a packet never sent with PROTOCOL_VIOLATION', () => {
    const { h, send, confirm } = setup();
    confirm(0);
    send(OneRTT, 0);
    const err = protocolViolation(() => h.receivedAck(ack([[0, 1]]), OneRTT, 10));
    expect(err.message).toContain('received ACK for an unsent packet');
  });

  it('rejects an ACK for a skipped packet number with PROTOCOL_VIOLATION', () => {
    // random() = 0: the first skip lands 3 numbers ahead, on packet number 3.
    const { h, send, confirm } = setup(Perspective.Server, { random: () => 0 });
    confirm(0);
    const pns = [send(OneRTT, 0), send(OneRTT, 0), send(OneRTT, 0), send(OneRTT, 0)];
    expect(pns).toEqual([0, 1, 2, 4]);
    expect(h.receivedAck(ack([[4, 4], [0, 2]]), OneRTT, 10)).toBe(true);
    const { h: h2, send: send2, confirm: confirm2 } = setup(Perspective.Server, { random: () => 0 });
    confirm2(0);
    for (let i = 0; i < 4; i++) send2(OneRTT, 0);
    expect(protocolViolation(() => h2.receivedAck(ack([[0, 4]]), OneRTT, 10)).message).toContain('skipped packet number: 3');
  });

  it('ignores an ACK that acknowledges nothing new', () => {
    const { h, send, confirm } = setup();
    confirm(0);
    send(OneRTT, 0);
    expect(h.receivedAck(ack([[0, 0]]), OneRTT, 10)).toBe(true);
    expect(h.receivedAck(ack([[0, 0]]), OneRTT, 20)).toBe(false);
  });

  it('reports the packet number length for the header from the largest acknowledged', () => {
    const { h, send } = setup(Perspective.Server, { initialPacketNumber: 40000 });
    // Nothing acknowledged: 40001 packets count as unacknowledged, more than 2^15.
    expect(h.peekPacketNumber(Initial)).toEqual({ pn: 40000, pnLen: 3 });
    send(Initial, 0);
    h.receivedAck(ack([[40000, 40000]]), Initial, 10);
    expect(h.peekPacketNumber(Initial)).toEqual({ pn: 40001, pnLen: 2 });
    expect(h.peekPacketNumber(Handshake)).toEqual({ pn: 0, pnLen: 2 });
  });
});

describe('sentPacketHandler: loss detection (RFC 9002 §6.1)', () => {
  it('declares packets lost by packet threshold (3) and arms the time threshold for the rest', () => {
    const { h, acked, lost, send, confirm } = setup();
    confirm(0);
    for (let t = 0; t <= 4; t++) send(OneRTT, t);
    h.receivedAck(ack([[3, 4]]), OneRTT, 50);
    expect(acked).toEqual([3, 4]);
    // 4 ≥ 0 + 3 and 4 ≥ 1 + 3; packet 2 is only 2 behind.
    expect(lost).toEqual([0, 1]);
    expect(h.getBytesInFlight()).toBe(1000);
    // RTT sample 46 ms: loss delay 9/8 · 46 = 51.75, so packet 2 (sent at 2) is lost at 53.75.
    expect(h.getLossDetectionTimeout()).toBeCloseTo(53.75, 10);
    h.onLossDetectionTimeout(53.7);
    expect(lost).toEqual([0, 1]);
    h.onLossDetectionTimeout(53.75);
    expect(lost).toEqual([0, 1, 2]);
    expect(h.getBytesInFlight()).toBe(0);
    expect(h.getLossDetectionTimeout()).toBe(Infinity);
  });

  it('declares packets lost by time threshold: 9/8 × max(smoothed_rtt, latest_rtt)', () => {
    const { h, rtt, lost, send, confirm } = setup();
    confirm(0);
    send(OneRTT, 0); // 0
    send(OneRTT, 10); // 1
    h.receivedAck(ack([[1, 1]]), OneRTT, 110); // sample 100 → loss delay 112.5
    expect(lost).toEqual([]);
    expect(h.getLossDetectionTimeout()).toBe(112.5);
    h.onLossDetectionTimeout(112.5);
    expect(lost).toEqual([0]);
    send(OneRTT, 300); // 2
    send(OneRTT, 310); // 3
    h.receivedAck(ack([[3, 3]]), OneRTT, 510); // sample 200; srtt 112.5
    expect(rtt.smoothedRTT()).toBe(112.5);
    // The latest RTT counts: 9/8 · 200 = 225, so packet 2 is not lost before 525
    // (with srtt alone it would be lost already, 210 ms > 9/8 · 112.5).
    expect(lost).toEqual([0]);
    expect(h.getLossDetectionTimeout()).toBe(525);
  });

  it('halves the congestion window once per loss event (NewReno, RFC 9002 §7.3.2)', () => {
    const { h, send, confirm } = setup();
    confirm(0);
    const initialWindow = h.getCongestionWindow();
    for (let t = 0; t < 6; t++) send(OneRTT, t);
    h.receivedAck(ack([[5, 5]]), OneRTT, 100); // 0, 1, 2 lost in one event
    expect(h.getCongestionWindow()).toBe(initialWindow / 2);
    expect(h.congestionController().inRecovery()).toBe(true);
  });

  it('a lost path MTU probe is not a congestion signal (RFC 9000 §14.4)', () => {
    const lose = (probe: boolean) => {
      const { h, lost, send, confirm } = setup();
      confirm(0);
      send(OneRTT, 0, 1400, probe);
      for (let t = 1; t <= 3; t++) send(OneRTT, t);
      const window = h.getCongestionWindow();
      h.receivedAck(ack([[1, 3]]), OneRTT, 100); // packet 0 is 3 below the largest acknowledged: lost
      expect(lost).toEqual([0]);
      expect(h.getBytesInFlight()).toBe(0);
      return { before: window, after: h.getCongestionWindow(), inRecovery: h.congestionController().inRecovery() };
    };
    const probe = lose(true);
    // Far from cwnd-limited, the acknowledged packets leave the window as it was, and so does the probe's loss.
    expect(probe.after).toBe(probe.before);
    expect(probe.inRecovery).toBe(false);
    const ordinary = lose(false);
    expect(ordinary.after).toBe(ordinary.before / 2);
    expect(ordinary.inRecovery).toBe(true);
  });

  it('detects persistent congestion: losses spanning more than 3 PTOs collapse the window (RFC 9002 §7.6)', () => {
    const run = (lastLossSendTime: number) => {
      const { h, lost, send, confirm } = setup();
      confirm(0);
      send(OneRTT, 0);
      h.receivedAck(ack([[0, 0]]), OneRTT, 100); // srtt 100, rttvar 50
      send(OneRTT, 200);
      send(OneRTT, 600);
      send(OneRTT, lastLossSendTime);
      send(OneRTT, lastLossSendTime + 150);
      h.receivedAck(ack([[4, 4]]), OneRTT, lastLossSendTime + 200); // 1, 2, 3 lost
      expect(lost).toEqual([1, 2, 3]);
      return h;
    };
    // After the second sample (50 ms): srtt 93.75, rttvar 50, PTO 293.75, duration 881.25.
    // 900 ms > 881.25: persistent. The window collapses to 2 · 1280, recovery ends, and the ACK of
    // packet 4 (processed after the losses, RFC 9002 A.7) grows it in slow start by its 1000 bytes.
    expect(run(1100).getCongestionWindow()).toBe(2 * 1280 + 1000);
    // 800 ms: an ordinary loss event; packet 4 was sent before it, so the window stays halved.
    expect(run(1000).getCongestionWindow()).toBe(12800 / 2);
  });
});

describe('sentPacketHandler: PTO (RFC 9002 §6.2)', () => {
  it('backs off exponentially and asks for two probe packets', () => {
    const { h, lost, send, confirm } = setup();
    confirm(0);
    send(OneRTT, 0);
    // No RTT sample: PTO = 2 × 100 ms, quic-go's initial RTT (rtt_stats.go:55-57).
    expect(h.getLossDetectionTimeout()).toBe(200);
    expect(h.sendMode(500)).toBe('any');
    h.onLossDetectionTimeout(200);
    expect(h.sendMode(200)).toBe('pto_app');
    // The first probe retransmits the outstanding data; then there is none left, the second is a PING.
    expect(h.queueProbePacket(OneRTT)).toBe(true);
    expect(lost).toEqual([0]);
    expect(h.queueProbePacket(OneRTT)).toBe(false);
    // A packet number was skipped to make the peer acknowledge at once.
    expect(send(OneRTT, 200)).toBe(2);
    expect(h.sendMode(200)).toBe('pto_app');
    send(OneRTT, 200);
    expect(h.sendMode(200)).toBe('any');
    expect(h.getLossDetectionTimeout()).toBe(200 + 2 * 200);
    h.onLossDetectionTimeout(600);
    const probes = [send(OneRTT, 600), send(OneRTT, 600)];
    expect(probes).toEqual([5, 6]);
    expect(h.getLossDetectionTimeout()).toBe(600 + 4 * 200);
    // An acknowledgement resets the backoff: sample 103 → PTO 103 + 4 · 51.5 = 309.
    h.receivedAck(ack([[5, 6]]), OneRTT, 703);
    expect(lost).toEqual([0, 2, 3]); // packet threshold
    send(OneRTT, 800);
    expect(h.getLossDetectionTimeout()).toBe(800 + 309);
  });

  it('caps the PTO at 60 s', () => {
    const { h, send, confirm } = setup();
    confirm(0);
    send(OneRTT, 0);
    let now = 0;
    for (let i = 0; i < 9; i++) {
      now = h.getLossDetectionTimeout();
      h.onLossDetectionTimeout(now);
      send(OneRTT, now);
      send(OneRTT, now);
    }
    expect(h.getLossDetectionTimeout() - now).toBe(60_000);
  });

  it('arms the timer for the earliest space, Initial and Handshake before the handshake is confirmed', () => {
    const { h, send } = setup();
    send(Initial, 0);
    send(Handshake, 10);
    send(OneRTT, 20); // 0.5-RTT data: no PTO before the handshake is confirmed
    expect(h.getLossDetectionTimeout()).toBe(200);
    h.receivedAck(ack([[0, 0]]), Initial, 100); // srtt 100, rttvar 50 → PTO 300
    expect(h.getLossDetectionTimeout()).toBe(10 + 300);
    h.onLossDetectionTimeout(310);
    expect(h.sendMode(310)).toBe('pto_handshake');
    h.dropPackets(Initial, 320);
    h.dropPackets(Handshake, 320);
    expect(h.getLossDetectionTimeout()).toBe(Infinity);
    h.setHandshakeConfirmed(320);
    expect(h.getLossDetectionTimeout()).toBe(20 + 300);
  });

  it('client: arms the anti-deadlock PTO with nothing in flight until the server validated its address', () => {
    const { h, send } = setup(Perspective.Client);
    send(Initial, 0);
    h.receivedAck(ack([[0, 0]]), Initial, 100); // srtt 100 → PTO 300
    expect(h.getBytesInFlight()).toBe(0);
    expect(h.getLossDetectionTimeout()).toBe(400);
    h.onLossDetectionTimeout(400);
    expect(h.sendMode(400)).toBe('pto_initial');
    send(Initial, 400);
    expect(h.sendMode(400)).toBe('any');
    // The server's ACK in a Handshake packet shows it validated our address.
    h.dropPackets(Initial, 450);
    send(Handshake, 450);
    h.receivedAck(ack([[0, 0]]), Handshake, 500);
    expect(h.getLossDetectionTimeout()).toBe(Infinity);
  });
});

describe('sentPacketHandler: dropping keys, Retry, amplification', () => {
  it('removes a dropped space from bytes in flight without reporting its packets acknowledged or lost (RFC 9001 §4.9)', () => {
    const { h, acked, lost, send } = setup();
    send(Initial, 0, 1200);
    send(Initial, 1, 1200);
    send(Handshake, 2, 800);
    expect(h.getBytesInFlight()).toBe(3200);
    h.dropPackets(Initial, 5);
    expect(h.getBytesInFlight()).toBe(800);
    expect([acked, lost]).toEqual([[], []]);
    expect(h.getLossDetectionTimeout()).toBe(2 + 200);
    h.dropPackets(Initial, 6); // twice is harmless
    expect(() => h.popPacketNumber(Initial)).toThrow(/dropped/);
  });

  it('dropping 0-RTT removes the 0-RTT packets only', () => {
    const { h, lost, send } = setup(Perspective.Client);
    send(ZeroRTT, 0);
    send(ZeroRTT, 1);
    expect(h.getBytesInFlight()).toBe(2000);
    h.dropPackets(ZeroRTT, 5);
    expect(h.getBytesInFlight()).toBe(0);
    expect(lost).toEqual([]);
  });

  it('client: resetForRetry hands the Initial and 0-RTT frames back, keeps packet numbers, takes an RTT sample', () => {
    const { h, rtt, lost, send } = setup(Perspective.Client);
    send(Initial, 0, 1200);
    send(Initial, 5, 1200);
    send(ZeroRTT, 6, 500);
    h.resetForRetry(50);
    expect(lost).toEqual([0, 1, 0]);
    expect(h.getBytesInFlight()).toBe(0);
    expect(h.getLossDetectionTimeout()).toBe(Infinity);
    expect(rtt.smoothedRTT()).toBe(50);
    expect(h.peekPacketNumber(Initial).pn).toBe(2);
    expect(h.peekPacketNumber(ZeroRTT).pn).toBe(1);
    expect(send(Initial, 60, 1200)).toBe(2);
    expect(h.receivedAck(ack([[2, 2]]), Initial, 100)).toBe(false);
    expect(h.getBytesInFlight()).toBe(0);
  });

  it('resetForRetry never takes an RTT sample below 5 ms', () => {
    const { h, rtt, send } = setup(Perspective.Client);
    send(Initial, 0);
    h.resetForRetry(1);
    expect(rtt.smoothedRTT()).toBe(5);
  });

  it('server: sends at most 3 × the bytes received before the address is validated (RFC 9000 §8.1)', () => {
    const { h, send } = setup(Perspective.Server, { clientAddressValidated: false });
    expect(h.sendMode(0)).toBe('none');
    h.receivedBytes(1200, 0);
    expect(h.amplificationWindow()).toBe(3600);
    send(Initial, 0, 1200);
    send(Initial, 0, 1200);
    send(Initial, 0, 1199);
    expect(h.amplificationWindow()).toBe(1);
    expect(h.sendMode(0)).toBe('any');
    h.sentPacket({ packetNumber: h.popPacketNumber(Handshake), encryptionLevel: Handshake, length: 1, largestAcked: -1, frames: [], streamFrames: [] }, 0);
    expect(h.amplificationWindow()).toBe(0);
    expect(h.sendMode(0)).toBe('none');
    // At the limit no PTO is armed: the server could not send a probe.
    expect(h.getLossDetectionTimeout()).toBe(Infinity);
    h.receivedBytes(100, 10);
    expect(h.amplificationWindow()).toBe(300);
    expect(h.sendMode(10)).toBe('any');
    expect(h.getLossDetectionTimeout()).toBe(200);
    h.receivedPacket(Handshake, 20);
    expect(h.amplificationWindow()).toBe(Infinity);
  });

  it('sends only ACKs when the congestion window is full', () => {
    const { h, send, confirm } = setup();
    confirm(0);
    while (h.getBytesInFlight() < h.getCongestionWindow()) send(OneRTT, 0, 1280);
    expect(h.getBytesInFlight()).toBe(12800);
    expect(h.sendMode(0)).toBe('ack');
  });

  it('does not count ACK-only packets in flight', () => {
    const { h, sendAckOnly, send, confirm } = setup();
    confirm(0);
    sendAckOnly(OneRTT, 0);
    expect(h.getBytesInFlight()).toBe(0);
    expect(h.getLossDetectionTimeout()).toBe(Infinity);
    send(OneRTT, 1);
    expect(h.receivedAck(ack([[0, 1]]), OneRTT, 10)).toBe(true);
  });
});
