import { describe, expect, it } from 'vitest';
import { InitialRTT, RTTStats } from '../../../src/internal/utils/rtt_stats.ts';

describe('RTTStats (RFC 9002 §5)', () => {
  it("starts from quic-go's initial RTT, 100 ms (rtt_stats.go:15): PTO = 2 × 100 ms, with or without max_ack_delay (rtt_stats.go:55-57)", () => {
    const r = new RTTStats();
    expect(InitialRTT).toBe(100);
    expect(r.hasRTTSample()).toBe(false);
    expect(r.smoothedRTT()).toBe(100);
    expect(r.meanDeviation()).toBe(50);
    expect(r.pto(false)).toBe(200);
    r.setMaxAckDelay(25);
    expect(r.pto(true)).toBe(200);
  });

  it('takes the first sample as smoothed_rtt with rttvar = sample / 2', () => {
    const r = new RTTStats();
    r.updateRTT(100, 0);
    expect([r.latestRTT(), r.minRTT(), r.smoothedRTT(), r.meanDeviation()]).toEqual([100, 100, 100, 50]);
    expect(r.pto(false)).toBe(300);
  });

  it('subtracts the ack delay only while the sample stays at or above min_rtt', () => {
    const r = new RTTStats();
    r.updateRTT(100, 0);
    // 140 − 20 = 120 ≥ min_rtt 100: adjusted to 120.
    r.updateRTT(140, 20);
    expect(r.latestRTT()).toBe(140);
    expect(r.meanDeviation()).toBeCloseTo(0.75 * 50 + 0.25 * 20, 10); // 42.5
    expect(r.smoothedRTT()).toBeCloseTo(0.875 * 100 + 0.125 * 120, 10); // 102.5
    // 105 − 10 = 95 < min_rtt 100: the delay is ignored, the sample stays 105.
    r.updateRTT(105, 10);
    expect(r.smoothedRTT()).toBeCloseTo(0.875 * 102.5 + 0.125 * 105, 10);
    expect(r.meanDeviation()).toBeCloseTo(0.75 * 42.5 + 0.25 * 2.5, 10);
  });

  it('keeps min_rtt as the smallest raw sample, never corrected for the ack delay', () => {
    const r = new RTTStats();
    r.updateRTT(100, 0);
    r.updateRTT(200, 150);
    expect(r.minRTT()).toBe(100);
    r.updateRTT(80, 70);
    expect(r.minRTT()).toBe(80);
  });

  it('ignores non-positive samples', () => {
    const r = new RTTStats();
    r.updateRTT(0, 0);
    r.updateRTT(-5, 0);
    expect(r.hasRTTSample()).toBe(false);
  });

  it('adds max_ack_delay to the PTO only when asked (application data space)', () => {
    const r = new RTTStats();
    r.updateRTT(10, 0);
    r.setMaxAckDelay(25);
    // 10 + max(4 · 5, 1) = 30, + 25.
    expect(r.pto(false)).toBe(30);
    expect(r.pto(true)).toBe(55);
  });

  it('never lets the variance term of the PTO fall below the timer granularity', () => {
    const r = new RTTStats();
    r.updateRTT(0.1, 0);
    expect(r.pto(false)).toBeCloseTo(0.1 + 1, 10);
  });
});
