// Arithmetic modulo p = 2^255 - 19, the field of Curve25519 (RFC 7748 §4.1) and of edwards25519,
// for X25519 (x25519.ts) and its fixed-base multiplication (ed25519_base.ts).
//
// Representation: a field element is sixteen limbs of 16 bits in doubles, x = Σ x_i·2^(16i). A
// product of limbs i and j weighs 2^(16(i+j)); when i+j ≥ 16 it folds back with 2^256 = 2·2^255
// ≡ 2·19 = 38 (mod p), so a product mod p is sixteen sums ("columns", from limbs16.ts) of sixteen
// terms. Limbs may be negative (after a subtraction); the value only matters mod p until `encode`
// reduces it.
//
// The bound argument. A double holds every integer below 2^53 exactly, so the arithmetic is exact
// as long as every sum of products stays below 2^53.
//   - Invariant: a carried element (the output of `mul`, `sqr`, `mulA24`, `decode`) has every
//     limb of magnitude at most 2^16 + 2^14.
//   - An operand of `mul` is a carried element or a sum or difference of up to four (the Edwards
//     addition of ed25519_base.ts needs three), so its limbs are below 4·(2^16 + 2^14) < 2^18.33
//     in magnitude, a product of two limbs below 2^36.65, and a column (with 38 times the one 16
//     above it) below 16·38·2^36.65 < 2^45.9.
//   - `mul`'s two carry chains, limbs 0 to 7 and 8 to 15 (independent, so the processor runs them
//     side by side), leave each limb in [0, 2^16) with carries below 2^29.9 out of limbs 7 and
//     15. Limb 7's goes into limb 8, which then carries below 2^13.9 into limb 9; limb 15's folds
//     into limb 0 as 38·c < 2^35.2, which takes two more steps: limb 0 → 1 carries below 2^19.2,
//     limb 1 → 2 at most 11. Every limb is then within 2^16 + 2^14: the invariant holds.
//   - `mulA24` multiplies limbs below 2^16 + 2^14 by 121665 < 2^17 (below 2^33.3); two passes of
//     `carry` restore the invariant (the second pass carries at most 1 out of limb 15).
//

import { columns, productColumns, squareColumns } from './limbs16.ts';

const Limbs = 16;
const Radix = 0x10000;
const InvRadix = 1 / Radix;

export type Elem = Float64Array;
export const elem = (): Elem => new Float64Array(Limbs);

/** (A - 2) / 4 for Curve25519's A = 486662 (RFC 7748 §5). */
const A24 = 121665;

// The limb-by-limb operations are written out: V8 runs a 16-step loop over a typed array three to
// four times slower, and the ladder makes ten of them per bit.

/** o = a + b, limb by limb (no carry: the next `mul` or `sqr` absorbs it). */
export function add(o: Elem, a: Elem, b: Elem): void {
  o[0] = a[0] + b[0]; o[1] = a[1] + b[1]; o[2] = a[2] + b[2]; o[3] = a[3] + b[3];
  o[4] = a[4] + b[4]; o[5] = a[5] + b[5]; o[6] = a[6] + b[6]; o[7] = a[7] + b[7];
  o[8] = a[8] + b[8]; o[9] = a[9] + b[9]; o[10] = a[10] + b[10]; o[11] = a[11] + b[11];
  o[12] = a[12] + b[12]; o[13] = a[13] + b[13]; o[14] = a[14] + b[14]; o[15] = a[15] + b[15];
}

/** o = a - b, limb by limb; limbs may go negative, which `carry` handles. */
export function sub(o: Elem, a: Elem, b: Elem): void {
  o[0] = a[0] - b[0]; o[1] = a[1] - b[1]; o[2] = a[2] - b[2]; o[3] = a[3] - b[3];
  o[4] = a[4] - b[4]; o[5] = a[5] - b[5]; o[6] = a[6] - b[6]; o[7] = a[7] - b[7];
  o[8] = a[8] - b[8]; o[9] = a[9] - b[9]; o[10] = a[10] - b[10]; o[11] = a[11] - b[11];
  o[12] = a[12] - b[12]; o[13] = a[13] - b[13]; o[14] = a[14] - b[14]; o[15] = a[15] - b[15];
}

/** One carry pass over o: each limb into [0, 2^16), the carry out of limb 15 folded into limb 0. */
export function carry(o: Elem): void {
  let c;
  c = Math.floor(o[0] * InvRadix); o[0] -= c * Radix; o[1] += c;
  c = Math.floor(o[1] * InvRadix); o[1] -= c * Radix; o[2] += c;
  c = Math.floor(o[2] * InvRadix); o[2] -= c * Radix; o[3] += c;
  c = Math.floor(o[3] * InvRadix); o[3] -= c * Radix; o[4] += c;
  c = Math.floor(o[4] * InvRadix); o[4] -= c * Radix; o[5] += c;
  c = Math.floor(o[5] * InvRadix); o[5] -= c * Radix; o[6] += c;
  c = Math.floor(o[6] * InvRadix); o[6] -= c * Radix; o[7] += c;
  c = Math.floor(o[7] * InvRadix); o[7] -= c * Radix; o[8] += c;
  c = Math.floor(o[8] * InvRadix); o[8] -= c * Radix; o[9] += c;
  c = Math.floor(o[9] * InvRadix); o[9] -= c * Radix; o[10] += c;
  c = Math.floor(o[10] * InvRadix); o[10] -= c * Radix; o[11] += c;
  c = Math.floor(o[11] * InvRadix); o[11] -= c * Radix; o[12] += c;
  c = Math.floor(o[12] * InvRadix); o[12] -= c * Radix; o[13] += c;
  c = Math.floor(o[13] * InvRadix); o[13] -= c * Radix; o[14] += c;
  c = Math.floor(o[14] * InvRadix); o[14] -= c * Radix; o[15] += c;
  c = Math.floor(o[15] * InvRadix); o[15] -= c * Radix; o[0] += 38 * c; // 2^256 ≡ 38
}

/** o = a·b mod p. o may alias a or b. */
export function mul(o: Elem, a: Elem, b: Elem): void {
  productColumns(a, b);
  reduceColumns(o);
}

/** o = a² mod p (136 products instead of 256; the same columns, so the bounds above hold). o may alias a. */
export function sqr(o: Elem, a: Elem): void {
  squareColumns(a);
  reduceColumns(o);
}

/** o = the columns of limbs16.ts's last product, column k + 16 folded into column k as 38 times itself, and carried. */
function reduceColumns(o: Elem): void {
  let t0 = columns[0], t1 = columns[1], t2 = columns[2], t3 = columns[3], t4 = columns[4], t5 = columns[5], t6 = columns[6], t7 = columns[7];
  let t8 = columns[8], t9 = columns[9], t10 = columns[10], t11 = columns[11], t12 = columns[12], t13 = columns[13], t14 = columns[14], t15 = columns[15];
  const t16 = columns[16], t17 = columns[17], t18 = columns[18], t19 = columns[19], t20 = columns[20], t21 = columns[21], t22 = columns[22];
  const t23 = columns[23], t24 = columns[24], t25 = columns[25], t26 = columns[26], t27 = columns[27], t28 = columns[28];
  const t29 = columns[29], t30 = columns[30];
  t0 += 38 * t16;
  t1 += 38 * t17;
  t2 += 38 * t18;
  t3 += 38 * t19;
  t4 += 38 * t20;
  t5 += 38 * t21;
  t6 += 38 * t22;
  t7 += 38 * t23;
  t8 += 38 * t24;
  t9 += 38 * t25;
  t10 += 38 * t26;
  t11 += 38 * t27;
  t12 += 38 * t28;
  t13 += 38 * t29;
  t14 += 38 * t30;
  // Carry: two chains, then the steps for what limb 7 and the fold put into limbs 8 and 0 (see the bounds above).
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
  c = Math.floor(t15 * InvRadix); t15 -= c * Radix; t0 += 38 * c;
  t8 += c7;
  c = Math.floor(t0 * InvRadix); t0 -= c * Radix; t1 += c;
  c = Math.floor(t8 * InvRadix); t8 -= c * Radix; t9 += c;
  c = Math.floor(t1 * InvRadix); t1 -= c * Radix; t2 += c;
  o[0] = t0; o[1] = t1; o[2] = t2; o[3] = t3; o[4] = t4; o[5] = t5; o[6] = t6; o[7] = t7;
  o[8] = t8; o[9] = t9; o[10] = t10; o[11] = t11; o[12] = t12; o[13] = t13; o[14] = t14; o[15] = t15;
}

/** o = a·121665 mod p (the a24 term of the ladder). */
export function mulA24(o: Elem, a: Elem): void {
  o[0] = a[0] * A24; o[1] = a[1] * A24; o[2] = a[2] * A24; o[3] = a[3] * A24;
  o[4] = a[4] * A24; o[5] = a[5] * A24; o[6] = a[6] * A24; o[7] = a[7] * A24;
  o[8] = a[8] * A24; o[9] = a[9] * A24; o[10] = a[10] * A24; o[11] = a[11] * A24;
  o[12] = a[12] * A24; o[13] = a[13] * A24; o[14] = a[14] * A24; o[15] = a[15] * A24;
  carry(o);
  carry(o);
}

/** o = a squared n times. */
export function sqrN(o: Elem, a: Elem, n: number): void {
  sqr(o, a);
  for (let i = 1; i < n; i++) sqr(o, o);
}

/**
 * o = a^(p-2) = a^-1 (Fermat), with the usual addition chain for 2^255 - 21: 254 squarings and
 * 11 multiplications. The names say which power of a each temporary holds.
 */
export function invert(o: Elem, a: Elem): void {
  const [a2, a9, a11, t, a2_5, a2_10, a2_20, a2_50, a2_100] = invScratch;
  sqr(a2, a); //                        a^2
  sqrN(t, a2, 2); //                    a^8
  mul(a9, t, a); //                     a^9
  mul(a11, a9, a2); //                  a^11
  sqr(t, a11); //                       a^22
  mul(a2_5, t, a9); //                  a^(2^5 - 1)
  sqrN(t, a2_5, 5);
  mul(a2_10, t, a2_5); //               a^(2^10 - 1)
  sqrN(t, a2_10, 10);
  mul(a2_20, t, a2_10); //              a^(2^20 - 1)
  sqrN(t, a2_20, 20);
  mul(t, t, a2_20); //                  a^(2^40 - 1)
  sqrN(t, t, 10);
  mul(a2_50, t, a2_10); //              a^(2^50 - 1)
  sqrN(t, a2_50, 50);
  mul(a2_100, t, a2_50); //             a^(2^100 - 1)
  sqrN(t, a2_100, 100);
  mul(t, t, a2_100); //                 a^(2^200 - 1)
  sqrN(t, t, 50);
  mul(t, t, a2_50); //                  a^(2^250 - 1)
  sqrN(t, t, 5); //                     a^(2^255 - 32)
  mul(o, t, a11); //                    a^(2^255 - 21) = a^(p - 2)
}

/** Swaps a and b when bit is 1, without branching on it. */
export function cswap(a: Elem, b: Elem, bit: number): void {
  let t;
  t = bit * (a[0] - b[0]); a[0] -= t; b[0] += t; t = bit * (a[1] - b[1]); a[1] -= t; b[1] += t;
  t = bit * (a[2] - b[2]); a[2] -= t; b[2] += t; t = bit * (a[3] - b[3]); a[3] -= t; b[3] += t;
  t = bit * (a[4] - b[4]); a[4] -= t; b[4] += t; t = bit * (a[5] - b[5]); a[5] -= t; b[5] += t;
  t = bit * (a[6] - b[6]); a[6] -= t; b[6] += t; t = bit * (a[7] - b[7]); a[7] -= t; b[7] += t;
  t = bit * (a[8] - b[8]); a[8] -= t; b[8] += t; t = bit * (a[9] - b[9]); a[9] -= t; b[9] += t;
  t = bit * (a[10] - b[10]); a[10] -= t; b[10] += t; t = bit * (a[11] - b[11]); a[11] -= t; b[11] += t;
  t = bit * (a[12] - b[12]); a[12] -= t; b[12] += t; t = bit * (a[13] - b[13]); a[13] -= t; b[13] += t;
  t = bit * (a[14] - b[14]); a[14] -= t; b[14] += t; t = bit * (a[15] - b[15]); a[15] -= t; b[15] += t;
}

/** An element from 32 little-endian bytes, with the top bit masked (RFC 7748 §5). */
export function decode(o: Elem, bytes: Uint8Array): void {
  for (let i = 0; i < Limbs; i++) o[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  o[Limbs - 1] &= 0x7fff;
}

/** 32 little-endian bytes of a mod p, fully reduced into [0, p). */
export function encode(a: Elem): Uint8Array {
  const t = elem();
  t.set(a);
  carry(t);
  carry(t);
  carry(t); // three passes leave every limb in [0, 2^16), even from negative limbs: t < 2^256 = 2p + 38
  // Hence at most two subtractions of p = [0xffed, 0xffff ×14, 0x7fff] bring t below p.
  const m = elem();
  for (let round = 0; round < 2; round++) {
    let borrow = 0;
    for (let i = 0; i < Limbs; i++) {
      const pi = i === 0 ? 0xffed : i === Limbs - 1 ? 0x7fff : 0xffff;
      const v = t[i] - pi - borrow;
      borrow = (v >> 16) & 1; // v is a small integer; negative means a borrow
      m[i] = v & 0xffff;
    }
    cswap(t, m, 1 - borrow); // keep t - p unless it borrowed (t < p)
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < Limbs; i++) {
    out[2 * i] = t[i] & 0xff;
    out[2 * i + 1] = t[i] >> 8;
  }
  return out;
}

// Scratch for `invert`, allocated once: it runs to completion synchronously.
const invScratch = Array.from({ length: 9 }, elem);
