// The P-256 group against noble and node:crypto (OpenSSL): k·G for scalars that exercise every
// digit and carry of the recoding, point decoding, tables, and u1·G + u2·Q with and without a
// table for Q, including its exceptional cases (a doubling, the point at infinity) and an R whose
// x-coordinate is at or above n.
import { createECDH } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBigInt } from '../../../src/internal/handshake/field_p256.ts';
import { buildTable, decodeUncompressed, mulBase, n, verifyCombination, type Affine } from '../../../src/internal/handshake/p256.ts';

const p = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const { Point } = p256;
const hex32 = (x: bigint) => x.toString(16).padStart(64, '0');
const affine = (P: Affine) => ({ x: toBigInt(P.x), y: toBigInt(P.y) });
const encoded = (x: bigint, y: bigint) => Uint8Array.from(Buffer.from('04' + hex32(x) + hex32(y), 'hex'));
const pointOf = (k: bigint) => decodeUncompressed(Point.BASE.multiply(k).toBytes(false))!;

/** The first point with x-coordinate at least `from`: x³ - 3x + b must be a square (p ≡ 3 mod 4 gives the root). */
function liftX(from: bigint): { x: bigint; y: bigint } {
  const pow = (a: bigint, e: bigint) => {
    let r = 1n;
    for (a %= p; e > 0n; e >>= 1n, a = (a * a) % p) if (e & 1n) r = (r * a) % p;
    return r;
  };
  for (let x = from; ; x++) {
    const rhs = (((x * x * x - 3n * x + b) % p) + p) % p;
    const y = pow(rhs, (p + 1n) / 4n);
    if ((y * y) % p === rhs) return { x, y };
  }
}

const scalar = fc.bigInt({ min: 1n, max: n - 1n });
/** Scalars whose radix-16 digits are mostly 7, 8 or 15 (the recoding's carries), or small, or near n. */
const edgeScalar = fc.oneof(
  scalar,
  fc.bigInt({ min: 1n, max: 2n ** 20n }),
  fc.bigInt({ min: 1n, max: 2n ** 20n }).map((d) => n - d),
  fc.array(fc.constantFrom<bigint>(0n, 7n, 8n, 9n, 15n), { minLength: 64, maxLength: 64 }).map((digits) => {
    const k = digits.reduce((sum, d, i) => sum + (d << BigInt(4 * i)), 0n) % n;
    return k === 0n ? 1n : k;
  }),
);

describe('P-256 k·G (constant time, from the table of G)', () => {
  it('matches noble and OpenSSL', () => {
    fc.assert(
      fc.property(edgeScalar, (k) => {
        const ours = affine(mulBase(k));
        expect(ours).toEqual(Point.BASE.multiply(k).toAffine());
        const openssl = createECDH('prime256v1');
        openssl.setPrivateKey(Buffer.from(hex32(k), 'hex'));
        expect(hex32(ours.x) + hex32(ours.y)).toBe(openssl.getPublicKey('hex').slice(2));
      }),
      { numRuns: 300 },
    );
  });

  it('takes the scalars whose recoding ends in a carry out of the top digit, or starts with many zero digits', () => {
    for (const k of [n - 1n, 2n ** 256n - 2n ** 224n, 0xf8n << 248n, 1n, 8n, 0x88n, 16n ** 63n * 8n, 16n ** 60n, 16n ** 64n - n, 2n ** 255n]) {
      if (k >= n) continue;
      expect(affine(mulBase(k))).toEqual(Point.BASE.multiply(k).toAffine());
    }
  });
});

describe('P-256 point decoding (SEC 1 §2.3.4)', () => {
  it('accepts points on the curve, as noble encodes them', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        const P = Point.BASE.multiply(k);
        expect(affine(decodeUncompressed(P.toBytes(false))!)).toEqual(P.toAffine());
      }),
      { numRuns: 50 },
    );
  });

  it('refuses points off the curve, coordinates at or above p, and other encodings', () => {
    const G = Point.BASE.toBytes(false);
    const offCurve = G.slice();
    offCurve[64]! ^= 1;
    expect(decodeUncompressed(offCurve)).toBeUndefined();
    expect(decodeUncompressed(Point.BASE.toBytes(true))).toBeUndefined(); // compressed
    expect(decodeUncompressed(Uint8Array.of(5, ...G.subarray(1)))).toBeUndefined();
    expect(decodeUncompressed(G.subarray(0, 64))).toBeUndefined();
    // (x + p, y) satisfies the equation mod p but is not a canonical encoding.
    const { x, y } = liftX(1n);
    expect(decodeUncompressed(encoded(x, y))).toBeDefined();
    expect(decodeUncompressed(encoded(x + p, y))).toBeUndefined();
    expect(decodeUncompressed(encoded(x, y + p < 2n ** 256n ? y + p : p))).toBeUndefined();
  });
});

describe('P-256 tables', () => {
  it('holds j·16^i·P, affine and reduced', () => {
    const k = 0x1234567n;
    const P = pointOf(k);
    const table = buildTable(P);
    for (const [i, j] of [[0, 1], [0, 8], [1, 3], [31, 5], [63, 8], [64, 1], [64, 8]] as const) {
      const offset = (8 * i + j - 1) * 32;
      const entry = { x: toBigInt(table.subarray(offset, offset + 16)), y: toBigInt(table.subarray(offset + 16, offset + 32)) };
      expect(entry).toEqual(Point.BASE.multiply((k * BigInt(j) * 16n ** BigInt(i)) % n).toAffine());
      expect(table.subarray(offset, offset + 32).every((limb) => limb >= 0 && limb < 2 ** 16)).toBe(true);
    }
  });
});

describe('P-256 u1·G + u2·Q (variable time)', () => {
  /** R = u1·G + u2·Q by noble, and whether it is the point at infinity. */
  const nobleSum = (u1: bigint, u2: bigint, q: bigint) => {
    const R = (u1 === 0n ? Point.ZERO : Point.BASE.multiply(u1)).add(Point.BASE.multiply(q).multiply(u2));
    return R.is0() ? undefined : R.toAffine();
  };

  it('accepts r = R.x mod n and nothing else, with and without a table for Q', () => {
    const q = 0xabcdef0123456789n;
    const Q = pointOf(q);
    const withTable = { ...Q, table: buildTable(Q) };
    fc.assert(
      fc.property(fc.oneof(fc.constant(0n), edgeScalar), edgeScalar, (u1, u2) => {
        const R = nobleSum(u1, u2, q)!;
        const r = R.x % n;
        for (const key of [Q, withTable]) {
          expect(verifyCombination(u1, u2, key, r)).toBe(true);
          expect(verifyCombination(u1, u2, key, r === n - 1n ? 1n : r + 1n)).toBe(false);
          expect(verifyCombination(u1, u2, key, (R.y % n) || 1n)).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('doubles when u1·G and u2·Q are the same point, and rejects the point at infinity', () => {
    const G = pointOf(1n);
    for (const key of [G, { ...G, table: buildTable(G) }]) {
      fc.assert(
        fc.property(scalar, (u) => {
          const twice = Point.BASE.multiply((2n * u) % n).toAffine();
          expect(verifyCombination(u, u, key, twice.x % n)).toBe(twice.x % n !== 0n);
          // u·G + (n - u)·G = O: no r is right.
          for (const r of [1n, Point.BASE.multiply(u).toAffine().x % n]) expect(verifyCombination(u, n - u, key, r)).toBe(false);
        }),
        { numRuns: 20 },
      );
    }
  });

  it('compares x-coordinates at or above n (r = x - n)', () => {
    const { x, y } = liftX(n); // a point whose x is in [n, p)
    const Q = decodeUncompressed(encoded(x, y))!;
    expect(Q).toBeDefined();
    // R = 0·G + 1·Q = Q, whose x is r + n.
    for (const key of [Q, { ...Q, table: buildTable(Q) }]) {
      expect(verifyCombination(0n, 1n, key, x - n)).toBe(true);
      expect(verifyCombination(0n, 1n, key, x - n + 1n)).toBe(false);
    }
  });
});
