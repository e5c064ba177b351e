import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EncryptionLevel, Perspective } from '../../../src/internal/protocol/protocol.ts';
import { RTTStats } from '../../../src/internal/utils/rtt_stats.ts';
import type { AckFrame, AckRange } from '../../../src/internal/wire/frame.ts';
import { sentPacketHandler } from '../../../src/internal/ackhandler/sent_packet_handler.ts';

const { Initial, Handshake, OneRTT } = EncryptionLevel;

/** Descending, merged ranges for a set of packet numbers. */
function ackFor(pns: number[], delayTime: number): AckFrame {
  const sorted = [...new Set(pns)].sort((a, b) => b - a);
  const ackRanges: AckRange[] = [];
  for (const pn of sorted) {
    const last = ackRanges[ackRanges.length - 1];
    if (last && last.smallest === pn + 1) last.smallest = pn;
    else ackRanges.push({ smallest: pn, largest: pn });
  }
  return { type: 'ack', ackRanges, delayTime };
}

const command = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), length: fc.integer({ min: 1, max: 1500 }), dt: fc.integer({ min: 0, max: 50 }) }),
  fc.record({
    kind: fc.constant('ack' as const),
    // Which of the packets sent so far the peer acknowledges (it may repeat old news).
    pick: fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
    dt: fc.integer({ min: 0, max: 300 }),
    delay: fc.integer({ min: 0, max: 30 }),
  }),
  fc.record({ kind: fc.constant('timeout' as const), probe: fc.boolean() }),
);

describe('sentPacketHandler invariants (property)', () => {
  it('bytes in flight = the sum over outstanding packets, and every packet ends acknowledged or lost exactly once', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        const h = new sentPacketHandler(Perspective.Server, new RTTStats(), { clientAddressValidated: true, random: () => 0.999 });
        h.dropPackets(Initial, 0);
        h.dropPackets(Handshake, 0);
        h.setHandshakeConfirmed(0);
        let now = 0;
        const sent: number[] = [];
        const length = new Map<number, number>();
        const outcomes = new Map<number, string[]>();

        const send = (len: number) => {
          const pn = h.popPacketNumber(OneRTT);
          const handler = { onAcked: () => outcomes.get(pn)!.push('acked'), onLost: () => outcomes.get(pn)!.push('lost') };
          h.sentPacket({ packetNumber: pn, encryptionLevel: OneRTT, length: len, largestAcked: -1, frames: [{ frame: { type: 'ping' }, handler }], streamFrames: [] }, now);
          sent.push(pn);
          length.set(pn, len);
          outcomes.set(pn, []);
        };
        const check = () => {
          let outstanding = 0;
          for (const [pn, o] of outcomes) {
            expect(o.length).toBeLessThanOrEqual(1);
            if (o.length === 0) outstanding += length.get(pn)!;
          }
          expect(h.getBytesInFlight()).toBe(outstanding);
          expect(h.getBytesInFlight()).toBeGreaterThanOrEqual(0);
          expect(h.getLossDetectionTimeout() === Infinity || h.getLossDetectionTimeout() >= 0).toBe(true);
        };

        for (const c of commands) {
          if (c.kind === 'send') {
            now += c.dt;
            send(c.length);
          } else if (c.kind === 'ack') {
            if (sent.length === 0) continue;
            now += c.dt;
            const pns = sent.filter((_, i) => c.pick[i % c.pick.length]);
            if (pns.length > 0) h.receivedAck(ackFor(pns, c.delay), OneRTT, now);
          } else {
            const alarm = h.getLossDetectionTimeout();
            if (alarm === Infinity) continue;
            now = Math.max(now, alarm);
            h.onLossDetectionTimeout(now);
            // Send the probes PTO asks for: retransmissions (as new packets) or PINGs.
            while (h.sendMode(now) === 'pto_app') {
              if (c.probe) h.queueProbePacket(OneRTT);
              send(1200);
            }
          }
          check();
        }
        // Finally the peer acknowledges everything it ever got.
        if (sent.length > 0) h.receivedAck(ackFor(sent, 0), OneRTT, now + 10);
        check();
        for (const o of outcomes.values()) expect(o).toHaveLength(1);
        expect(h.getBytesInFlight()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
