// Exercise 08.2's unit tests: the rule on its own, with examples and properties.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { effectiveIdleTimeout } from '../../src/config.ts';

vi.mock(import('../../src/config.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const ms = fc.integer({ min: 1, max: 3_600_000 });

describe('effectiveIdleTimeout', () => {
  it("the smaller of ours and the peer's", () => {
    expect(effectiveIdleTimeout(30_000, 5_000, 10)).toBe(5_000);
    expect(effectiveIdleTimeout(500, 5_000, 10)).toBe(500);
    fc.assert(fc.property(ms, ms, (ours, peers) => effectiveIdleTimeout(ours, peers, 0) === Math.min(ours, peers)), { seed: 81 });
  });

  it('a peer without a limit (0) leaves ours', () => {
    expect(effectiveIdleTimeout(30_000, 0, 10)).toBe(30_000);
    fc.assert(fc.property(ms, (ours) => effectiveIdleTimeout(ours, 0, 0) === ours), { seed: 82 });
  });

  it('never below 3 × PTO', () => {
    expect(effectiveIdleTimeout(500, 5_000, 300)).toBe(900);
    expect(effectiveIdleTimeout(5_000, 500, 300), "the peer's value is floored too").toBe(900);
    expect(effectiveIdleTimeout(400, 0, 200), 'a peer without a limit: ours, floored').toBe(600);
    expect(effectiveIdleTimeout(30_000, 5_000, 1_000)).toBe(5_000);
    fc.assert(
      fc.property(ms, fc.integer({ min: 0, max: 3_600_000 }), fc.integer({ min: 0, max: 100_000 }), (ours, peers, pto) => {
        const t = effectiveIdleTimeout(ours, peers, pto);
        const negotiated = peers > 0 ? Math.min(ours, peers) : ours;
        return t === Math.max(negotiated, 3 * pto);
      }),
      { seed: 83 },
    );
  });
});
