import { describe, expect, it } from 'vitest';
import { cubicSender, initialCongestionWindow } from '../../../src/internal/congestion/cubic_sender.ts';
import { Cubic } from '../../../src/internal/congestion/cubic.ts';
import { RTTStats } from '../../../src/internal/utils/rtt_stats.ts';

const mds = 1280;

function newReno(): cubicSender {
  const rtt = new RTTStats();
  rtt.updateRTT(100, 0);
  return new cubicSender(rtt, mds, true);
}

describe('NewReno (RFC 9002 §7)', () => {
  it('starts with kInitialWindow = min(10 · mds, max(14720, 2 · mds))', () => {
    expect(initialCongestionWindow(1280)).toBe(12800);
    expect(initialCongestionWindow(1500)).toBe(14720);
    expect(initialCongestionWindow(8000)).toBe(16000);
    expect(newReno().getCongestionWindow()).toBe(12800);
  });

  it('slow start → loss → recovery → congestion avoidance', () => {
    const c = newReno();
    let pn = 0;
    const send = (n: number) => {
      for (let i = 0; i < n; i++) c.onPacketSent(0, 0, pn++, mds, true);
    };
    // Slow start: every acknowledged byte grows the window by a byte.
    send(10);
    for (let i = 0; i < 10; i++) c.onPacketAcked(i, mds, 12800, 100);
    expect(c.getCongestionWindow()).toBe(25600);
    expect(c.inSlowStart()).toBe(true);

    // A loss halves the window and starts recovery; ssthresh = the new window.
    send(20); // 10 … 29
    c.onCongestionEvent(10, mds, 25600);
    expect(c.getCongestionWindow()).toBe(12800);
    expect(c.inSlowStart()).toBe(false);
    expect(c.inRecovery()).toBe(true);
    // More losses of packets sent before the reduction are the same event.
    c.onCongestionEvent(11, mds, 24320);
    expect(c.getCongestionWindow()).toBe(12800);
    // No growth for packets sent before recovery started.
    for (let i = 12; i < 30; i++) c.onPacketAcked(i, mds, 12800, 200);
    expect(c.getCongestionWindow()).toBe(12800);
    expect(c.inRecovery()).toBe(true);

    // A packet sent after the reduction ends recovery; congestion avoidance adds one datagram per window.
    send(10); // 30 … 39
    c.onPacketAcked(30, mds, 12800, 300);
    expect(c.inRecovery()).toBe(false);
    for (let i = 31; i < 39; i++) c.onPacketAcked(i, mds, 12800, 300);
    expect(c.getCongestionWindow()).toBe(12800); // 9 · 1280 acknowledged so far
    c.onPacketAcked(39, mds, 12800, 300);
    expect(c.getCongestionWindow()).toBe(12800 + mds);
  });

  it('never drops below kMinimumWindow = 2 datagrams', () => {
    const c = newReno();
    for (let pn = 0; pn < 10; pn++) {
      c.onPacketSent(0, 0, pn, mds, true);
      c.onCongestionEvent(pn, mds, mds);
    }
    expect(c.getCongestionWindow()).toBe(2 * mds);
  });

  it('collapses to the minimum window on persistent congestion and leaves recovery', () => {
    const c = newReno();
    for (let pn = 0; pn < 10; pn++) c.onPacketSent(0, 0, pn, mds, true);
    c.onPacketAcked(0, mds, 12800, 100);
    c.onCongestionEvent(1, mds, 12800);
    expect(c.inRecovery()).toBe(true);
    c.onRetransmissionTimeout(true);
    expect(c.getCongestionWindow()).toBe(2 * mds);
    expect(c.inRecovery()).toBe(false);
  });

  it('does not grow a window the sender is not using (RFC 9002 §7.8)', () => {
    const c = newReno();
    c.onPacketSent(0, 0, 0, mds, true);
    c.onPacketAcked(0, mds, mds, 100);
    expect(c.getCongestionWindow()).toBe(12800);
  });

  it('lets the window be used up to, not beyond, its size', () => {
    const c = newReno();
    expect(c.canSend(12799)).toBe(true);
    expect(c.canSend(12800)).toBe(false);
  });
});

describe('CUBIC (RFC 9438)', () => {
  it('reduces by β = 0.7 on loss', () => {
    const rtt = new RTTStats();
    rtt.updateRTT(100, 0);
    const c = new cubicSender(rtt, mds, false);
    for (let pn = 0; pn < 10; pn++) c.onPacketSent(0, 0, pn, mds, true);
    c.onCongestionEvent(0, mds, 12800);
    expect(c.getCongestionWindow()).toBe(Math.floor(12800 * 0.7));
  });

  it('returns to W_max after K = ∛(W_max · (1 − β) / C) seconds: concave before, convex after', () => {
    const cubic = new Cubic(mds);
    const wMax = 100 * mds;
    let cwnd = cubic.congestionWindowAfterPacketLoss(wMax);
    expect(cwnd).toBeCloseTo(70 * mds, 6);
    const k = Math.cbrt((100 * 0.3) / 0.4) * 1000; // ≈ 4217 ms
    const rttMs = 100;
    const at: Record<string, number> = {};
    // One window acknowledged per RTT, in ten ACKs.
    for (let t = 0; t <= 2 * k; t += rttMs / 10) {
      cwnd = cubic.congestionWindowAfterAck(cwnd / 10, cwnd, rttMs, t);
      if (at.half === undefined && t >= k / 2) at.half = cwnd;
      if (at.k === undefined && t >= k) at.k = cwnd;
    }
    expect(at.half).toBeGreaterThan(90 * mds); // fast at first, slowing down near W_max
    expect(at.half).toBeLessThan(wMax);
    expect(Math.abs(at.k - wMax) / wMax).toBeLessThan(0.02);
    // Probing beyond W_max: W(2K) = W_max + C · K³ = 100 + 30 segments.
    expect(cwnd / mds).toBeCloseTo(130, 0);
  });

  it('uses fast convergence when the window did not reach the previous W_max (§4.7)', () => {
    const cubic = new Cubic(mds);
    cubic.congestionWindowAfterPacketLoss(100 * mds);
    // A second loss at 80 segments: W_max becomes 80 · (1 + 0.7) / 2 = 68 segments, so the curve
    // centres below the window (K = 0) and the first ACK does not push above it.
    const cwnd = cubic.congestionWindowAfterPacketLoss(80 * mds);
    expect(cwnd).toBeCloseTo(56 * mds, 6);
    expect(cubic.congestionWindowAfterAck(mds, cwnd, 100, 0)).toBeLessThan(cwnd + mds);
  });
});
