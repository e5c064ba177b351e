// Path MTU discovery's search (src/mtu_discoverer.ts) against simulated paths: a path carries every
// probe up to its MTU, drops the larger ones, and may lose any probe at random.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxLostMTUProbes, maxMTUDiff, mtuFinder, mtuProbeDelay } from '../src/mtu_discoverer.ts';
import { RTTStats } from '../src/internal/utils/rtt_stats.ts';

const start = 1280;
const rttMs = 10;

function finder(ceiling: number) {
  const rtt = new RTTStats();
  rtt.updateRTT(rttMs, 0);
  const increases: number[] = [];
  const doneFlags: boolean[] = [];
  const f = new mtuFinder(rtt, start, ceiling, (size, done) => {
    increases.push(size);
    doneFlags.push(done);
  });
  return { f, increases, doneFlags };
}

/**
 * Runs the search to its end over a path whose MTU is `pathMTU`; `loseAnyway(size)` loses a probe
 * that would have fit. Returns the probe sizes in order and the final size.
 */
function search(ceiling: number, pathMTU: number, loseAnyway: (size: number) => boolean = () => false) {
  const { f, increases, doneFlags } = finder(ceiling);
  let now = 0;
  f.start(now);
  const probes: number[] = [];
  for (let i = 0; i < 100 && !f.done(); i++) {
    now += mtuProbeDelay * rttMs;
    expect(f.shouldSendProbe(now)).toBe(true);
    const { ping, size } = f.getPing(now);
    expect(ping.frame.type).toBe('ping');
    expect(f.shouldSendProbe(now + 1000 * rttMs), 'one probe in flight at a time').toBe(false);
    probes.push(size);
    if (size <= pathMTU && !loseAnyway(size)) ping.handler!.onAcked(ping.frame);
    else ping.handler!.onLost(ping.frame);
  }
  expect(f.done(), 'the search ends').toBe(true);
  return { probes, size: f.currentSize(), increases, doneFlags };
}

describe('mtuFinder (RFC 9000 §14.3, RFC 8899)', () => {
  it('waits for start(), then mtuProbeDelay smoothed RTTs between probes', () => {
    const { f } = finder(1452);
    expect(f.shouldSendProbe(1_000_000)).toBe(false);
    f.start(1000);
    expect(f.shouldSendProbe(1000 + mtuProbeDelay * rttMs - 1)).toBe(false);
    expect(f.shouldSendProbe(1000 + mtuProbeDelay * rttMs)).toBe(true);
    const { ping } = f.getPing(1050);
    ping.handler!.onAcked(ping.frame);
    expect(f.shouldSendProbe(1050 + mtuProbeDelay * rttMs - 1)).toBe(false);
    expect(f.shouldSendProbe(1050 + mtuProbeDelay * rttMs)).toBe(true);
  });

  it('bisects up to the ceiling when every probe gets through', () => {
    const { probes, size, increases, doneFlags } = search(1452, 65_535);
    // (1280+1452)/2, then halfway to 1452 each time, until within maxMTUDiff.
    expect(probes).toEqual([1366, 1409, 1430, 1441]);
    expect(increases).toEqual(probes);
    expect(doneFlags).toEqual([false, false, false, true]);
    expect(size).toBe(1441);
  });

  it('stops below a path MTU smaller than the ceiling, never above it', () => {
    const { probes, size } = search(65_527, 1400);
    expect(size).toBeLessThanOrEqual(1400);
    expect(size).toBeGreaterThanOrEqual(1400 - maxMTUDiff);
    // Only maxLostMTUProbes losses at or below a size make it the bound, so the first loss (of
    // 33,403 bytes) is followed by smaller probes, not by giving up.
    expect(probes[0]).toBe(Math.floor((1280 + 65_527) / 2));
    expect(probes.filter((p) => p > 1400).length).toBeGreaterThanOrEqual(maxLostMTUProbes);
  });

  it('is not fooled by one random loss: a lost probe that fit is tried again from above', () => {
    let lostOnce = false;
    const { probes, size } = search(1452, 65_535, (s) => {
      if (lostOnce || s !== 1366) return false;
      lostOnce = true;
      return true;
    });
    expect(probes.slice(0, 3)).toEqual([1366, 1323, 1387]); // after the loss halfway to it, then past it again
    expect(size).toBeGreaterThanOrEqual(1452 - maxMTUDiff - 1);
  });

  it('starts nothing when the ceiling is the start size', () => {
    const { f } = finder(start);
    f.start(0);
    expect(f.done()).toBe(true);
    expect(f.shouldSendProbe(1_000_000)).toBe(false);
    expect(f.currentSize()).toBe(start);
  });

  it('property: never settles above the path MTU; without random loss, within maxMTUDiff of min(path MTU, ceiling)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: start, max: 65_527 }),
        fc.integer({ min: 1200, max: 70_000 }),
        fc.array(fc.boolean(), { maxLength: 64 }),
        (ceiling, pathMTU, losses) => {
          const lossless = search(ceiling, pathMTU);
          const target = Math.max(start, Math.min(ceiling, pathMTU));
          expect(lossless.size).toBeLessThanOrEqual(target);
          expect(lossless.size).toBeGreaterThanOrEqual(Math.max(start, target - maxMTUDiff - 1));
          // With random losses the search may settle lower, never higher, and always ends.
          let i = 0;
          const lossy = search(ceiling, pathMTU, () => losses[i++ % Math.max(1, losses.length)] ?? false);
          expect(lossy.size).toBeLessThanOrEqual(target);
          expect(lossy.size).toBeGreaterThanOrEqual(start);
          // The datagram size only grows.
          for (let k = 1; k < lossy.increases.length; k++) expect(lossy.increases[k]).toBeGreaterThan(lossy.increases[k - 1]!);
        },
      ),
      { seed: 9000, numRuns: 300 },
    );
  });
});
