// Arithmetic modulo p = 2^255 - 19, the field of Curve25519 (RFC 7748 §4.1) and of edwards25519,
// for X25519 (x25519.ts) and its fixed-base multiplication (ed25519_base.ts).
//
// Representation: a field element is sixteen limbs of 16 bits in doubles, x = Σ x_i·2^(16i). A
// product of limbs i and j weighs 2^(16(i+j)); when i+j ≥ 16 it folds back with 2^256 = 2·2^255
// ≡ 2·19 = 38 (mod p), so a product mod p is sixteen sums ("columns") of sixteen terms. Limbs may
// be negative (after a subtraction); the value only matters mod p until `encode` reduces it.
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

/**
 * o = a·b mod p. Written out in full, with every limb in a local variable: the loop form with a
 * separate carry is three times slower. o may alias a or b: every limb is read before o is written.
 */
export function mul(o: Elem, a: Elem, b: Elem): void {
  const a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
  const a8 = a[8], a9 = a[9], a10 = a[10], a11 = a[11], a12 = a[12], a13 = a[13], a14 = a[14], a15 = a[15];
  const b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];
  const b8 = b[8], b9 = b[9], b10 = b[10], b11 = b[11], b12 = b[12], b13 = b[13], b14 = b[14], b15 = b[15];
  // Column k: the products with i + j = k, plus 38 × those with i + j = k + 16.
  let d0 = a0 * b0
    + 38 * (a1 * b15 + a2 * b14 + a3 * b13 + a4 * b12 + a5 * b11 + a6 * b10 + a7 * b9 + a8 * b8 + a9 * b7 + a10 * b6 + a11 * b5 + a12 * b4 + a13 * b3 + a14 * b2 + a15 * b1);
  let d1 = a0 * b1 + a1 * b0
    + 38 * (a2 * b15 + a3 * b14 + a4 * b13 + a5 * b12 + a6 * b11 + a7 * b10 + a8 * b9 + a9 * b8 + a10 * b7 + a11 * b6 + a12 * b5 + a13 * b4 + a14 * b3 + a15 * b2);
  let d2 = a0 * b2 + a1 * b1 + a2 * b0
    + 38 * (a3 * b15 + a4 * b14 + a5 * b13 + a6 * b12 + a7 * b11 + a8 * b10 + a9 * b9 + a10 * b8 + a11 * b7 + a12 * b6 + a13 * b5 + a14 * b4 + a15 * b3);
  let d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0
    + 38 * (a4 * b15 + a5 * b14 + a6 * b13 + a7 * b12 + a8 * b11 + a9 * b10 + a10 * b9 + a11 * b8 + a12 * b7 + a13 * b6 + a14 * b5 + a15 * b4);
  let d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0
    + 38 * (a5 * b15 + a6 * b14 + a7 * b13 + a8 * b12 + a9 * b11 + a10 * b10 + a11 * b9 + a12 * b8 + a13 * b7 + a14 * b6 + a15 * b5);
  let d5 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0
    + 38 * (a6 * b15 + a7 * b14 + a8 * b13 + a9 * b12 + a10 * b11 + a11 * b10 + a12 * b9 + a13 * b8 + a14 * b7 + a15 * b6);
  let d6 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0
    + 38 * (a7 * b15 + a8 * b14 + a9 * b13 + a10 * b12 + a11 * b11 + a12 * b10 + a13 * b9 + a14 * b8 + a15 * b7);
  let d7 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0
    + 38 * (a8 * b15 + a9 * b14 + a10 * b13 + a11 * b12 + a12 * b11 + a13 * b10 + a14 * b9 + a15 * b8);
  let d8 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0
    + 38 * (a9 * b15 + a10 * b14 + a11 * b13 + a12 * b12 + a13 * b11 + a14 * b10 + a15 * b9);
  let d9 = a0 * b9 + a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2 + a8 * b1 + a9 * b0
    + 38 * (a10 * b15 + a11 * b14 + a12 * b13 + a13 * b12 + a14 * b11 + a15 * b10);
  let d10 = a0 * b10 + a1 * b9 + a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3 + a8 * b2 + a9 * b1 + a10 * b0
    + 38 * (a11 * b15 + a12 * b14 + a13 * b13 + a14 * b12 + a15 * b11);
  let d11 = a0 * b11 + a1 * b10 + a2 * b9 + a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4 + a8 * b3 + a9 * b2 + a10 * b1 + a11 * b0
    + 38 * (a12 * b15 + a13 * b14 + a14 * b13 + a15 * b12);
  let d12 = a0 * b12 + a1 * b11 + a2 * b10 + a3 * b9 + a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5 + a8 * b4 + a9 * b3 + a10 * b2 + a11 * b1 + a12 * b0
    + 38 * (a13 * b15 + a14 * b14 + a15 * b13);
  let d13 = a0 * b13 + a1 * b12 + a2 * b11 + a3 * b10 + a4 * b9 + a5 * b8 + a6 * b7 + a7 * b6 + a8 * b5 + a9 * b4 + a10 * b3 + a11 * b2 + a12 * b1 + a13 * b0
    + 38 * (a14 * b15 + a15 * b14);
  let d14 = a0 * b14 + a1 * b13 + a2 * b12 + a3 * b11 + a4 * b10 + a5 * b9 + a6 * b8 + a7 * b7 + a8 * b6 + a9 * b5 + a10 * b4 + a11 * b3 + a12 * b2 + a13 * b1 + a14 * b0
    + 38 * (a15 * b15);
  let d15 = a0 * b15 + a1 * b14 + a2 * b13 + a3 * b12 + a4 * b11 + a5 * b10 + a6 * b9 + a7 * b8 + a8 * b7 + a9 * b6 + a10 * b5 + a11 * b4 + a12 * b3 + a13 * b2 + a14 * b1 + a15 * b0;
  // Carry: two chains, then the steps for what limb 7 and the fold put into limbs 8 and 0 (see the bounds above).
  let c;
  c = Math.floor(d0 * InvRadix); d0 -= c * Radix; d1 += c;
  c = Math.floor(d1 * InvRadix); d1 -= c * Radix; d2 += c;
  c = Math.floor(d2 * InvRadix); d2 -= c * Radix; d3 += c;
  c = Math.floor(d3 * InvRadix); d3 -= c * Radix; d4 += c;
  c = Math.floor(d4 * InvRadix); d4 -= c * Radix; d5 += c;
  c = Math.floor(d5 * InvRadix); d5 -= c * Radix; d6 += c;
  c = Math.floor(d6 * InvRadix); d6 -= c * Radix; d7 += c;
  const c7 = Math.floor(d7 * InvRadix); d7 -= c7 * Radix;
  c = Math.floor(d8 * InvRadix); d8 -= c * Radix; d9 += c;
  c = Math.floor(d9 * InvRadix); d9 -= c * Radix; d10 += c;
  c = Math.floor(d10 * InvRadix); d10 -= c * Radix; d11 += c;
  c = Math.floor(d11 * InvRadix); d11 -= c * Radix; d12 += c;
  c = Math.floor(d12 * InvRadix); d12 -= c * Radix; d13 += c;
  c = Math.floor(d13 * InvRadix); d13 -= c * Radix; d14 += c;
  c = Math.floor(d14 * InvRadix); d14 -= c * Radix; d15 += c;
  c = Math.floor(d15 * InvRadix); d15 -= c * Radix; d0 += 38 * c;
  d8 += c7;
  c = Math.floor(d0 * InvRadix); d0 -= c * Radix; d1 += c;
  c = Math.floor(d8 * InvRadix); d8 -= c * Radix; d9 += c;
  c = Math.floor(d1 * InvRadix); d1 -= c * Radix; d2 += c;
  o[0] = d0; o[1] = d1; o[2] = d2; o[3] = d3; o[4] = d4; o[5] = d5; o[6] = d6; o[7] = d7;
  o[8] = d8; o[9] = d9; o[10] = d10; o[11] = d11; o[12] = d12; o[13] = d13; o[14] = d14; o[15] = d15;
}

/**
 * o = a² mod p: as `mul`, with each product a_i·a_j (i < j) taken once and doubled (136 products
 * instead of 256); the columns are the same integers, so the bounds above hold. o may alias a.
 */
export function sqr(o: Elem, a: Elem): void {
  const a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
  const a8 = a[8], a9 = a[9], a10 = a[10], a11 = a[11], a12 = a[12], a13 = a[13], a14 = a[14], a15 = a[15];
  const d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3, d4 = 2 * a4, d5 = 2 * a5, d6 = 2 * a6, d7 = 2 * a7, d8 = 2 * a8;
  const d9 = 2 * a9, d10 = 2 * a10, d11 = 2 * a11, d12 = 2 * a12, d13 = 2 * a13, d14 = 2 * a14, d15 = 2 * a15;
  let t0 = a0 * a0
    + 38 * (a1 * d15 + a2 * d14 + a3 * d13 + a4 * d12 + a5 * d11 + a6 * d10 + a7 * d9 + a8 * a8);
  let t1 = a0 * d1
    + 38 * (a2 * d15 + a3 * d14 + a4 * d13 + a5 * d12 + a6 * d11 + a7 * d10 + a8 * d9);
  let t2 = a0 * d2 + a1 * a1
    + 38 * (a3 * d15 + a4 * d14 + a5 * d13 + a6 * d12 + a7 * d11 + a8 * d10 + a9 * a9);
  let t3 = a0 * d3 + a1 * d2
    + 38 * (a4 * d15 + a5 * d14 + a6 * d13 + a7 * d12 + a8 * d11 + a9 * d10);
  let t4 = a0 * d4 + a1 * d3 + a2 * a2
    + 38 * (a5 * d15 + a6 * d14 + a7 * d13 + a8 * d12 + a9 * d11 + a10 * a10);
  let t5 = a0 * d5 + a1 * d4 + a2 * d3
    + 38 * (a6 * d15 + a7 * d14 + a8 * d13 + a9 * d12 + a10 * d11);
  let t6 = a0 * d6 + a1 * d5 + a2 * d4 + a3 * a3
    + 38 * (a7 * d15 + a8 * d14 + a9 * d13 + a10 * d12 + a11 * a11);
  let t7 = a0 * d7 + a1 * d6 + a2 * d5 + a3 * d4
    + 38 * (a8 * d15 + a9 * d14 + a10 * d13 + a11 * d12);
  let t8 = a0 * d8 + a1 * d7 + a2 * d6 + a3 * d5 + a4 * a4
    + 38 * (a9 * d15 + a10 * d14 + a11 * d13 + a12 * a12);
  let t9 = a0 * d9 + a1 * d8 + a2 * d7 + a3 * d6 + a4 * d5
    + 38 * (a10 * d15 + a11 * d14 + a12 * d13);
  let t10 = a0 * d10 + a1 * d9 + a2 * d8 + a3 * d7 + a4 * d6 + a5 * a5
    + 38 * (a11 * d15 + a12 * d14 + a13 * a13);
  let t11 = a0 * d11 + a1 * d10 + a2 * d9 + a3 * d8 + a4 * d7 + a5 * d6
    + 38 * (a12 * d15 + a13 * d14);
  let t12 = a0 * d12 + a1 * d11 + a2 * d10 + a3 * d9 + a4 * d8 + a5 * d7 + a6 * a6
    + 38 * (a13 * d15 + a14 * a14);
  let t13 = a0 * d13 + a1 * d12 + a2 * d11 + a3 * d10 + a4 * d9 + a5 * d8 + a6 * d7
    + 38 * (a14 * d15);
  let t14 = a0 * d14 + a1 * d13 + a2 * d12 + a3 * d11 + a4 * d10 + a5 * d9 + a6 * d8 + a7 * a7
    + 38 * (a15 * a15);
  let t15 = a0 * d15 + a1 * d14 + a2 * d13 + a3 * d12 + a4 * d11 + a5 * d10 + a6 * d9 + a7 * d8;
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
