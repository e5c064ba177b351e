// The P-256 field against bigint arithmetic mod p: products and squares at the limits of the
// bound argument (operands of weight 8 from limbs at the edges of the invariant), the invariant
// on every result, inversion, and the byte encodings at and around p.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  carry,
  decode,
  elem,
  encode,
  fromBigInt,
  invert,
  isZero,
  mul,
  reduce,
  scale,
  sqr,
  sub,
  toBigInt,
  type Elem,
} from '../../../src/internal/handshake/field_p256.ts';

const p = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const mod = (x: bigint) => ((x % p) + p) % p;
/** The integer the limbs stand for (not reduced). */
const value = (e: Elem) => e.reduce((sum, limb, i) => sum + BigInt(limb) * 2n ** BigInt(16 * i), 0n);
const carried = (e: Elem) => e.every((limb) => Number.isInteger(limb) && limb >= -(2 ** 13) && limb <= 2 ** 16 + 2 ** 13);
const toBytes = (x: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((x >> BigInt(8 * (31 - i))) & 0xffn));

/** Field elements as the bound argument allows them: carried, with limbs anywhere in [-2^13, 2^16 + 2^13]. */
const carriedElem = fc
  .array(fc.oneof(fc.integer({ min: -(2 ** 13), max: 2 ** 16 + 2 ** 13 }), fc.constantFrom(-(2 ** 13), 2 ** 16 + 2 ** 13, 0, 0xffff)), {
    minLength: 16,
    maxLength: 16,
  })
  .map((limbs) => Float64Array.from(limbs));
/** A weight-8 operand: a signed combination of carried elements whose coefficients add up to 8 in absolute value. */
const operand = fc
  .tuple(carriedElem, carriedElem, fc.constantFrom([8, 0], [4, -4], [-8, 0], [5, 3], [1, -7]))
  .map(([a, b, [ka, kb]]) => {
    const o = elem();
    for (let i = 0; i < 16; i++) o[i] = ka! * a[i]! + kb! * b[i]!;
    return o;
  });
const scalar = fc.bigInt({ min: 0n, max: p - 1n });

describe('P-256 field arithmetic (mod 2^256 - 2^224 + 2^192 + 2^96 - 1)', () => {
  it('multiplies and squares exactly, and leaves carried elements, at the limits of the bound argument', () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        const o = elem();
        mul(o, a, b);
        expect(carried(o)).toBe(true);
        expect(mod(value(o))).toBe(mod(value(a) * value(b)));
        sqr(o, a);
        expect(carried(o)).toBe(true);
        expect(mod(value(o))).toBe(mod(value(a) ** 2n));
      }),
      { numRuns: 2000 },
    );
  });

  it('multiplies reduced elements as bigints do, aliasing allowed', () => {
    fc.assert(
      fc.property(scalar, scalar, (x, y) => {
        const a = fromBigInt(x);
        const b = fromBigInt(y);
        const o = elem();
        mul(o, a, b);
        expect(toBigInt(o)).toBe(mod(x * y));
        mul(a, a, b); // o = a
        expect(toBigInt(a)).toBe(mod(x * y));
        sqr(b, b);
        expect(toBigInt(b)).toBe(mod(y * y));
      }),
      { numRuns: 500 },
    );
  });

  it('adds, subtracts and scales limb by limb, and carry keeps the value', () => {
    fc.assert(
      fc.property(carriedElem, carriedElem, fc.integer({ min: -8, max: 8 }), (a, b, k) => {
        const o = elem();
        add(o, a, b);
        expect(value(o)).toBe(value(a) + value(b));
        sub(o, a, b);
        expect(value(o)).toBe(value(a) - value(b));
        scale(o, a, k);
        expect(value(o)).toBe(BigInt(k) * value(a));
        const before = value(o);
        carry(o);
        expect(carried(o)).toBe(true);
        expect(mod(value(o))).toBe(mod(before));
      }),
      { numRuns: 1000 },
    );
  });

  it('carries any limbs below 2^44 into the invariant', () => {
    const big = fc.array(fc.integer({ min: -(2 ** 44) + 1, max: 2 ** 44 - 1 }), { minLength: 16, maxLength: 16 }).map((l) => Float64Array.from(l));
    fc.assert(
      fc.property(big, (a) => {
        const o = elem();
        carry(o, a);
        expect(carried(o)).toBe(true);
        expect(mod(value(o))).toBe(mod(value(a)));
      }),
    );
  });

  it('inverts (Fermat), with 0 giving 0', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: p - 1n }), (x) => {
        const o = elem();
        invert(o, fromBigInt(x));
        expect(toBigInt(o) * x % p).toBe(1n);
      }),
      { numRuns: 50 },
    );
    const o = elem();
    invert(o, fromBigInt(0n));
    expect(isZero(o)).toBe(true);
  });

  it('reduces fully: values at and above p, 2^256 - 1, negative values and the edges of the invariant', () => {
    const cases = [0n, 1n, p - 1n, p, p + 1n, 2n ** 256n - 1n, 2n ** 255n]; // fromBigInt takes [0, 2^256)
    for (const x of cases) {
      expect(toBigInt(fromBigInt(x))).toBe(mod(x));
      expect(encode(fromBigInt(x))).toEqual(toBytes(mod(x)));
      expect(isZero(fromBigInt(x))).toBe(mod(x) === 0n);
    }
    for (const limb of [-(2 ** 13), 2 ** 16 + 2 ** 13, -1]) {
      const e = new Float64Array(16).fill(limb);
      const o = elem();
      reduce(o, e);
      expect(value(o)).toBe(mod(value(e)));
      expect(o.every((l) => l >= 0 && l < 2 ** 16)).toBe(true);
    }
    // p written with a negative limb and a limb above 2^16 is still zero.
    const pAgain = fromBigInt(p);
    pAgain[1]! += 1;
    pAgain[0]! -= 0x10000;
    expect(isZero(pAgain)).toBe(true);
  });

  it('tells zero from non-zero: 0 and p in other limb forms, and non-zero values whose limb sum is 0 or 1 mod 2^16 - 1', () => {
    const shifted = (x: bigint, borrowAt: number) => {
      // the same value with 2^16 moved from limb borrowAt + 1 into limb borrowAt
      const e = fromBigInt(x);
      e[borrowAt + 1]! -= 1;
      e[borrowAt]! += 0x10000;
      return e;
    };
    for (const zero of [fromBigInt(0n), fromBigInt(p), shifted(p, 0), shifted(p, 11), Float64Array.from({ length: 16 }, (_, i) => (i === 0 ? 0x10000 : i === 1 ? -1 : 0))]) {
      expect(isZero(zero)).toBe(true);
    }
    for (const x of [0xffffn, 0x10000n, 1n, p - 1n, p + 0xffffn, 0xffffn << 32n, (1n << 255n) + 0xfffen]) {
      expect(isZero(fromBigInt(x % 2n ** 256n))).toBe(x % p === 0n);
    }
    fc.assert(
      fc.property(operand, (a) => {
        expect(isZero(a)).toBe(mod(value(a)) === 0n);
        const minusItself = elem();
        sub(minusItself, a, a);
        expect(isZero(minusItself)).toBe(true);
      }),
    );
  });

  it('decodes 32 big-endian bytes below p, and nothing else', () => {
    fc.assert(
      fc.property(scalar, (x) => {
        const o = elem();
        expect(decode(o, toBytes(x))).toBe(true);
        expect(value(o)).toBe(x);
        expect(encode(o)).toEqual(toBytes(x));
      }),
    );
    const o = elem();
    expect(decode(o, toBytes(p))).toBe(false);
    expect(decode(o, toBytes(p + 1n))).toBe(false);
    expect(decode(o, toBytes(2n ** 256n - 1n))).toBe(false);
    expect(decode(o, toBytes(p - 1n))).toBe(true);
    expect(decode(o, new Uint8Array(31))).toBe(false);
  });
});
