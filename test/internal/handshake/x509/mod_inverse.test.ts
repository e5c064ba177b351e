// Lehmer's modular inverse against the plain extended Euclid on bigints, for the moduli ECDSA uses
// and for random odd ones, with inputs that end the fast path at once (small a) or late (a near m).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modInverse } from '../../../../src/internal/handshake/x509/mod_inverse.ts';

const n256 = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const p256 = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const n384 = 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n;

/** a⁻¹ mod m by the textbook extended Euclid. */
function euclid(a: bigint, m: bigint): bigint {
  let [r0, r1, t0, t1] = [m, a, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, t0, t1] = [r1, r0 - q * r1, t1, t0 - q * t1];
  }
  return ((t0 % m) + m) % m;
}

describe('modInverse (Lehmer)', () => {
  it('inverts as the plain extended Euclid does, mod the P-256 and P-384 orders and the P-256 prime', () => {
    for (const m of [n256, p256, n384]) {
      const a = fc.oneof(fc.bigInt({ min: 1n, max: m - 1n }), fc.bigInt({ min: 1n, max: 2n ** 60n }), fc.bigInt({ min: m - 2n ** 60n, max: m - 1n }));
      fc.assert(
        fc.property(a, (x) => {
          const inverse = modInverse(x, m);
          expect(inverse).toBe(euclid(x, m));
          expect((inverse * x) % m).toBe(1n);
        }),
        { numRuns: 1000 },
      );
      for (const x of [1n, 2n, 3n, m - 1n, m - 2n, 2n ** 48n, 2n ** 48n - 1n, 2n ** 48n + 1n, 2n ** 200n, (m + 1n) / 2n]) {
        expect(modInverse(x, m)).toBe(euclid(x, m));
      }
    }
  });

  it('inverts mod random odd moduli up to 600 bits, and refuses a value sharing a factor with m', () => {
    const odd = fc.bigInt({ min: 3n, max: 2n ** 600n }).map((m) => m | 1n);
    fc.assert(
      fc.property(odd, fc.bigInt({ min: 1n, max: 2n ** 600n }), (m, x) => {
        const a = (x % (m - 1n)) + 1n;
        let [g, h] = [m, a];
        while (h !== 0n) [g, h] = [h, g % h];
        if (g === 1n) expect(modInverse(a, m)).toBe(euclid(a, m));
        else expect(() => modInverse(a, m)).toThrow(RangeError);
      }),
      { numRuns: 500 },
    );
  });
});
