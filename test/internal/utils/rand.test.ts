import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../../src/internal/utils/rand.ts';

describe('randomBytes (a pool over Web Crypto getRandomValues)', () => {
  it('returns the length asked for, small and large', () => {
    for (const n of [0, 1, 8, 16, 32, 1024, 1025, 70_000]) expect(randomBytes(n).length).toBe(n);
  });

  it('never hands out the same bytes twice, across several pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) seen.add(Buffer.from(randomBytes(16)).toString('hex')); // ~12 pool fills
    expect(seen.size).toBe(3000);
  });

  it('draws are uniform bytes, not the zeroes the pool leaves behind', () => {
    const counts = new Array<number>(256).fill(0);
    const draws = 8192;
    for (let i = 0; i < draws; i++) for (const b of randomBytes(13)) counts[b]!++; // 13 does not divide the pool
    // χ² with 255 degrees of freedom: mean 255, sd ≈ 22.6; 400 is beyond 6 sd.
    const expected = (draws * 13) / 256;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(400);
  });

  it('gives the caller its own copy: changing it does not change later draws', () => {
    const a = randomBytes(16);
    a.fill(0xaa);
    const b = randomBytes(16);
    expect(b.every((x) => x === 0xaa)).toBe(false);
  });
});
