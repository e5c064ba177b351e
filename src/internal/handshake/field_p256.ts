// Arithmetic modulo p = 2^256 - 2^224 + 2^192 + 2^96 - 1, the field of NIST P-256 (FIPS 186-5
// §3.2.1.3; SEC 2 §2.4.2), for ECDSA over P-256 (p256.ts).
//
// Representation, as in field25519.ts: sixteen limbs of 16 bits in doubles, x = Σ x_i·2^(16i),
// big-endian only at the byte boundary (SEC 1 §2.3.5), with the product columns of limbs16.ts.
// Limbs may be negative; the value only matters mod p until `encode` reduces it.
//
// Reduction. p's special form (a "generalized Mersenne" prime) gives 2^256 ≡ 2^224 - 2^192 -
// 2^96 + 1 (mod p): in limbs, a column k ≥ 16 of a product folds into columns k - 2 and k - 16
// (added) and k - 4 and k - 10 (subtracted). Folding columns 30 down to 16 in that order also
// folds what lands in columns 16 to 28 on the way.
//
// The bound argument. A double holds every integer below 2^53 exactly.
//   - Invariant: a carried element (the output of `mul`, `sqr`, `carry`, `decode`) has every
//     limb in [-2^13, 2^16 + 2^13].
//   - The operands of `mul` are carried elements or signed sums of them whose coefficients add
//     up to w_a and w_b in absolute value ("weights"; 3·(a - b) weighs 6), with w_a·w_b ≤ 64: a
//     product of two limbs is below 64·(2^16 + 2^13)² < 2^38.34. For `sqr`, w_a = w_b.
//   - Folded, a column is a signed sum of columns whose products number at most 73 (the most for
//     any limb, counted over the fold), so below 73·2^38.34 < 2^44.53.
//   - Two carry chains, limbs 0 to 7 and 8 to 15 (independent, so the processor runs them side by
//     side), leave limbs in [0, 2^16) and carries below 2^28.54 out of limbs 7 and 15. Limb 7's
//     goes into limb 8; limb 15's folds into limbs 0, 6, 12 and 14. One more step from limbs 0,
//     6, 8, 12 and 14 carries below 2^12.54 into limbs 1, 7, 9, 13 and 15, and limb 15 then
//     carries at most 1 in magnitude, folded into limbs 0, 6, 12 and 14 again: every limb is in
//     [-2^13, 2^16 + 2^13], and the invariant holds.
//   - `carry` runs the same passes on any element with limbs below 2^44 in magnitude.

import { columns, productColumns, squareColumns } from './limbs16.ts';

const Limbs = 16;
const Radix = 0x10000;
const InvRadix = 1 / Radix;

export type Elem = Float64Array;
export const elem = (): Elem => new Float64Array(Limbs);

// The limb-by-limb operations are written out: V8 runs a 16-step loop over a typed array three to
// four times slower.

/** o = a + b, limb by limb (no carry: see the bound argument for what `mul` accepts). */
export function add(o: Elem, a: Elem, b: Elem): void {
  o[0] = a[0] + b[0]; o[1] = a[1] + b[1]; o[2] = a[2] + b[2]; o[3] = a[3] + b[3];
  o[4] = a[4] + b[4]; o[5] = a[5] + b[5]; o[6] = a[6] + b[6]; o[7] = a[7] + b[7];
  o[8] = a[8] + b[8]; o[9] = a[9] + b[9]; o[10] = a[10] + b[10]; o[11] = a[11] + b[11];
  o[12] = a[12] + b[12]; o[13] = a[13] + b[13]; o[14] = a[14] + b[14]; o[15] = a[15] + b[15];
}

/** o = a - b, limb by limb; limbs may go negative. */
export function sub(o: Elem, a: Elem, b: Elem): void {
  o[0] = a[0] - b[0]; o[1] = a[1] - b[1]; o[2] = a[2] - b[2]; o[3] = a[3] - b[3];
  o[4] = a[4] - b[4]; o[5] = a[5] - b[5]; o[6] = a[6] - b[6]; o[7] = a[7] - b[7];
  o[8] = a[8] - b[8]; o[9] = a[9] - b[9]; o[10] = a[10] - b[10]; o[11] = a[11] - b[11];
  o[12] = a[12] - b[12]; o[13] = a[13] - b[13]; o[14] = a[14] - b[14]; o[15] = a[15] - b[15];
}

/** o = k·a for a small integer k, limb by limb. */
export function scale(o: Elem, a: Elem, k: number): void {
  o[0] = k * a[0]; o[1] = k * a[1]; o[2] = k * a[2]; o[3] = k * a[3];
  o[4] = k * a[4]; o[5] = k * a[5]; o[6] = k * a[6]; o[7] = k * a[7];
  o[8] = k * a[8]; o[9] = k * a[9]; o[10] = k * a[10]; o[11] = k * a[11];
  o[12] = k * a[12]; o[13] = k * a[13]; o[14] = k * a[14]; o[15] = k * a[15];
}

/** o = a carried: one pass with the fold of 2^256, then the few steps the fold needs (the invariant above). */
export function carry(o: Elem, a: Elem = o): void {
  columns.set(a);
  reduceColumns(o, false);
}

/** o = a·b mod p. o may alias a or b. */
export function mul(o: Elem, a: Elem, b: Elem): void {
  productColumns(a, b);
  reduceColumns(o, true);
}

/** o = a² mod p (136 products instead of 256). o may alias a. */
export function sqr(o: Elem, a: Elem): void {
  squareColumns(a);
  reduceColumns(o, true);
}

/** o = columns 0 to 15 of limbs16.ts, with columns 16 to 30 of its last product folded in if `wide`, carried. */
function reduceColumns(o: Elem, wide: boolean): void {
  let t0 = columns[0], t1 = columns[1], t2 = columns[2], t3 = columns[3], t4 = columns[4], t5 = columns[5], t6 = columns[6], t7 = columns[7];
  let t8 = columns[8], t9 = columns[9], t10 = columns[10], t11 = columns[11], t12 = columns[12], t13 = columns[13], t14 = columns[14], t15 = columns[15];
  if (wide) {
    let t16 = columns[16], t17 = columns[17], t18 = columns[18], t19 = columns[19], t20 = columns[20], t21 = columns[21], t22 = columns[22];
    let t23 = columns[23], t24 = columns[24], t25 = columns[25], t26 = columns[26], t27 = columns[27], t28 = columns[28];
    const t29 = columns[29], t30 = columns[30];
    // 2^(16k) for k ≥ 16 is 2^(16(k-16))·2^256 ≡ columns k - 2 + k - 16 - (k - 4) - (k - 10).
    t28 += t30; t26 -= t30; t20 -= t30; t14 += t30;
    t27 += t29; t25 -= t29; t19 -= t29; t13 += t29;
    t26 += t28; t24 -= t28; t18 -= t28; t12 += t28;
    t25 += t27; t23 -= t27; t17 -= t27; t11 += t27;
    t24 += t26; t22 -= t26; t16 -= t26; t10 += t26;
    t23 += t25; t21 -= t25; t15 -= t25; t9 += t25;
    t22 += t24; t20 -= t24; t14 -= t24; t8 += t24;
    t21 += t23; t19 -= t23; t13 -= t23; t7 += t23;
    t20 += t22; t18 -= t22; t12 -= t22; t6 += t22;
    t19 += t21; t17 -= t21; t11 -= t21; t5 += t21;
    t18 += t20; t16 -= t20; t10 -= t20; t4 += t20;
    t17 += t19; t15 -= t19; t9 -= t19; t3 += t19;
    t16 += t18; t14 -= t18; t8 -= t18; t2 += t18;
    t15 += t17; t13 -= t17; t7 -= t17; t1 += t17;
    t14 += t16; t12 -= t16; t6 -= t16; t0 += t16;
  }
  let c;
  c = Math.floor(t0 * InvRadix); t0 -= c * Radix; t1 += c;
  c = Math.floor(t1 * InvRadix); t1 -= c * Radix; t2 += c;
  c = Math.floor(t2 * InvRadix); t2 -= c * Radix; t3 += c;
  c = Math.floor(t3 * InvRadix); t3 -= c * Radix; t4 += c;
  c = Math.floor(t4 * InvRadix); t4 -= c * Radix; t5 += c;
  c = Math.floor(t5 * InvRadix); t5 -= c * Radix; t6 += c;
  c = Math.floor(t6 * InvRadix); t6 -= c * Radix; t7 += c;
  const c7 = Math.floor(t7 * InvRadix); t7 -= c7 * Radix;
  c = Math.floor(t8 * InvRadix); t8 -= c * Radix; t9 += c;
  c = Math.floor(t9 * InvRadix); t9 -= c * Radix; t10 += c;
  c = Math.floor(t10 * InvRadix); t10 -= c * Radix; t11 += c;
  c = Math.floor(t11 * InvRadix); t11 -= c * Radix; t12 += c;
  c = Math.floor(t12 * InvRadix); t12 -= c * Radix; t13 += c;
  c = Math.floor(t13 * InvRadix); t13 -= c * Radix; t14 += c;
  c = Math.floor(t14 * InvRadix); t14 -= c * Radix; t15 += c;
  c = Math.floor(t15 * InvRadix); t15 -= c * Radix; t0 += c; t6 -= c; t12 -= c; t14 += c;
  t8 += c7;
  c = Math.floor(t0 * InvRadix); t0 -= c * Radix; t1 += c;
  c = Math.floor(t6 * InvRadix); t6 -= c * Radix; t7 += c;
  c = Math.floor(t8 * InvRadix); t8 -= c * Radix; t9 += c;
  c = Math.floor(t12 * InvRadix); t12 -= c * Radix; t13 += c;
  c = Math.floor(t14 * InvRadix); t14 -= c * Radix; t15 += c;
  c = Math.floor(t15 * InvRadix); t15 -= c * Radix; t0 += c; t6 -= c; t12 -= c; t14 += c;
  o[0] = t0; o[1] = t1; o[2] = t2; o[3] = t3; o[4] = t4; o[5] = t5; o[6] = t6; o[7] = t7;
  o[8] = t8; o[9] = t9; o[10] = t10; o[11] = t11; o[12] = t12; o[13] = t13; o[14] = t14; o[15] = t15;
}

/** o = a squared n times. */
export function sqrN(o: Elem, a: Elem, n: number): void {
  sqr(o, a);
  for (let i = 1; i < n; i++) sqr(o, o);
}

/**
 * o = a^(p-2) = a^-1 (Fermat; 0 gives 0). p - 2 is, from the top, 32 ones, 31 zeros and a one,
 * 96 zeros, 64 ones, and 30 ones, a zero and a one: 255 squarings and 12 multiplications with
 * the powers a^(2^k - 1) that the names give.
 */
export function invert(o: Elem, a: Elem): void {
  const [x2, x3, x6, x12, x15, x30, x32, t] = invScratch;
  sqr(x2, a);
  mul(x2, x2, a); //      a^(2^2 - 1)
  sqr(x3, x2);
  mul(x3, x3, a); //      a^(2^3 - 1)
  sqrN(x6, x3, 3);
  mul(x6, x6, x3); //     a^(2^6 - 1)
  sqrN(x12, x6, 6);
  mul(x12, x12, x6); //   a^(2^12 - 1)
  sqrN(x15, x12, 3);
  mul(x15, x15, x3); //   a^(2^15 - 1)
  sqrN(x30, x15, 15);
  mul(x30, x30, x15); //  a^(2^30 - 1)
  sqrN(x32, x30, 2);
  mul(x32, x32, x2); //   a^(2^32 - 1): the top 32 bits of p - 2
  sqrN(t, x32, 32);
  mul(t, t, a); //        then 31 zeros and a one
  sqrN(t, t, 128);
  mul(t, t, x32); //      96 zeros and 32 ones
  sqrN(t, t, 32);
  mul(t, t, x32); //      32 more ones
  sqrN(t, t, 30);
  mul(t, t, x30); //      30 ones
  sqrN(t, t, 2);
  mul(o, t, a); //        0, 1: a^(p - 2)
}

/** p in limbs, least significant first. */
const P = Float64Array.of(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0, 0, 0, 0, 0, 0, 1, 0, 0xffff, 0xffff);

/** One carry pass into [0, 2^16) with the carry out of limb 15 folded back (2^256 ≡ 2^224 - 2^192 - 2^96 + 1). */
function strictPass(o: Elem): void {
  for (let i = 0; i < Limbs - 1; i++) {
    const c = Math.floor(o[i] * InvRadix);
    o[i] -= c * Radix;
    o[i + 1] += c;
  }
  const c = Math.floor(o[15] * InvRadix);
  o[15] -= c * Radix;
  o[0] += c;
  o[6] -= c;
  o[12] -= c;
  o[14] += c;
}

/**
 * o = a mod p, fully reduced: every limb in [0, 2^16) and the value in [0, p). After `carry`, the
 * value is within 2^253.1 of [0, 2^256); a strict pass moves it into [0, 2^256) by adding or
 * subtracting p once, a second one leaves every limb in [0, 2^16), and one conditional
 * subtraction of p (2^256 < 2p) ends below p. No branch depends on the value.
 */
export function reduce(o: Elem, a: Elem = o): void {
  carry(o, a);
  strictPass(o);
  strictPass(o);
  let borrow = 0;
  for (let i = 0; i < Limbs; i++) {
    const v = o[i] - P[i] - borrow;
    borrow = (v >> 16) & 1; // v is a small integer; negative means a borrow
    reduceScratch[i] = v & 0xffff;
  }
  select(o, reduceScratch, 1 - borrow); // keep o - p unless it borrowed (o < p)
}

/** o = b when bit is 1, o unchanged when it is 0, without branching on bit. */
export function select(o: Elem, b: Elem, bit: number): void {
  for (let i = 0; i < Limbs; i++) o[i] += bit * (b[i] - o[i]);
}

/**
 * Whether a ≡ 0 (mod p). Not constant time: for public values. Carried, a's value V lies within
 * 2^253.1 of [0, 2^256), so it is 0 mod p only if V = 0 or V = p. Since 2^16 ≡ 1 (mod 2^16 - 1),
 * V ≡ Σ a_i there, and p ≡ 1: a sum of limbs that is neither 0 nor 1 mod 2^16 - 1 settles it
 * without the full reduction.
 */
export function isZero(a: Elem): boolean {
  const t = zeroScratch;
  carry(t, a);
  const sum = t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7] + t[8] + t[9] + t[10] + t[11] + t[12] + t[13] + t[14] + t[15];
  const residue = ((sum % 0xffff) + 0xffff) % 0xffff;
  if (residue > 1) return false;
  reduce(t);
  for (let i = 0; i < Limbs; i++) if (t[i] !== 0) return false;
  return true;
}

/**
 * o = the element of a 32-byte big-endian string (SEC 1 §2.3.6); false, with o undefined, unless
 * the string is below p, as a point's coordinates must be (SEC 1 §2.3.4 step 3).
 */
export function decode(o: Elem, bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false;
  for (let i = 0; i < Limbs; i++) o[i] = (bytes[30 - 2 * i] << 8) | bytes[31 - 2 * i];
  // Below p: compare from the top limb down.
  for (let i = Limbs - 1; i >= 0; i--) if (o[i] !== P[i]) return o[i] < P[i];
  return false; // equal to p
}

/** 32 big-endian bytes of a mod p, fully reduced (SEC 1 §2.3.5). */
export function encode(a: Elem): Uint8Array {
  const t = elem();
  reduce(t, a);
  const out = new Uint8Array(32);
  for (let i = 0; i < Limbs; i++) {
    out[31 - 2 * i] = t[i] & 0xff;
    out[30 - 2 * i] = t[i] >> 8;
  }
  return out;
}

/** The element of a bigint in [0, 2^256). */
export function fromBigInt(n: bigint): Elem {
  const o = elem();
  for (let i = 0; i < Limbs; i++, n >>= 16n) o[i] = Number(n & 0xffffn);
  return o;
}

/** a mod p as a bigint. */
export function toBigInt(a: Elem): bigint {
  const t = elem();
  reduce(t, a);
  let n = 0n;
  for (let i = Limbs - 1; i >= 0; i--) n = (n << 16n) | BigInt(t[i]);
  return n;
}

// Scratch, allocated once: everything here runs to completion synchronously.
const invScratch = Array.from({ length: 8 }, elem);
const reduceScratch = elem();
const zeroScratch = elem();
