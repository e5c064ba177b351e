import { describe, expect, it } from 'vitest';
import { sequentialPacketNumberGenerator, skippingPacketNumberGenerator } from '../../../src/internal/ackhandler/packet_number_generator.ts';

describe('packet number generators', () => {
  it('sequential: peek, then pop the same number', () => {
    const g = new sequentialPacketNumberGenerator(7);
    expect(g.peek()).toBe(7);
    expect(g.pop()).toEqual({ skipped: false, pn: 7 });
    expect(g.pop()).toEqual({ skipped: false, pn: 8 });
  });

  it('skipping: skips one number per period on average, never two in a row, and peek agrees with pop', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const g = new skippingPacketNumberGenerator(0, 4, 64, random);
    const popped: number[] = [];
    let skips = 0;
    for (let i = 0; i < 2000; i++) {
      const peeked = g.peek();
      const { skipped, pn } = g.pop();
      expect(pn).toBe(peeked);
      if (skipped) {
        skips++;
        expect(popped[popped.length - 1]).toBe(pn - 2);
      } else if (popped.length > 0) {
        expect(pn).toBe(popped[popped.length - 1] + 1);
      }
      popped.push(pn);
    }
    // The period doubles from 4 to 64: far fewer skips than packets, but some.
    expect(skips).toBeGreaterThan(10);
    expect(skips).toBeLessThan(100);
  });
});
