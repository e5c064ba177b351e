// The group of NIST P-256 (FIPS 186-5 §3.2.1.3; SEC 2 §2.4.2): the points of y² = x³ - 3x + b
// over the field of field_p256.ts, a group of prime order n with generator G. ECDSA (x509/ecdsa.ts)
// needs two multiplications from it:
//   - k·G for a signature, with a secret k: constant time, from a table of multiples of G;
//   - u1·G + u2·Q for a verification, with public u1, u2 and Q: variable time, as fast as may be.
//
// Tables. k is recoded into 65 signed radix-16 digits, k = Σ e_i·16^i with e_i in [-8, 8) for
// i < 64 and e_64 in {0, 1}, and a table holds j·16^i·P for j = 1..8 and i = 0..64 (520 affine
// points, 130 KiB), so that k·P is 65 additions of table entries (negated for negative digits)
// and no doublings, as in ed25519_base.ts. G's table is built at first use; a verifier may build
// one for a public key it sees often.
//
// Formulas. Points are in Jacobian coordinates (X : Y : Z), x = X/Z² and y = Y/Z³, with the
// doubling dbl-2001-b and the additions madd-2007-bl (to an affine point) and add-2007-bl of the
// Explicit-Formulas Database (Bernstein and Lange). The additions fail for an operand at infinity
// and for equal or opposite operands: the variable-time path branches on those cases. The
// constant-time path never meets the last two (see mulBase) and resolves the first, and zero
// digits, by selecting without branches.
//
// Field operands follow the weight rule of field_p256.ts; the comments give the weights where
// they are above 1.
import { add, carry, decode, elem, fromBigInt, invert, isZero, mul, reduce, scale, select, sqr, sub, type Elem } from './field_p256.ts';

/** The group order n, and the curve's b and G (FIPS 186-5 §3.2.1.3). */
export const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const b = fromBigInt(0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn);
const Gx = fromBigInt(0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n);
const Gy = fromBigInt(0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n);
const one = fromBigInt(1n);

/** A point other than the point at infinity, in affine coordinates (carried elements). */
export interface Affine {
  x: Elem;
  y: Elem;
}

/**
 * A point's uncompressed encoding 0x04 ‖ X ‖ Y (SEC 1 §2.3.4), checked to lie on the curve (SEC 1
 * §3.2.2.1; the curve's order is prime, so no other check is needed); undefined if it does not.
 */
export function decodeUncompressed(bytes: Uint8Array): Affine | undefined {
  if (bytes.length !== 65 || bytes[0] !== 4) return undefined;
  const x = elem();
  const y = elem();
  if (!decode(x, bytes.subarray(1, 33)) || !decode(y, bytes.subarray(33))) return undefined;
  // y² - (x³ - 3x + b) = 0
  const lhs = elem();
  const rhs = elem();
  sqr(lhs, y);
  sqr(rhs, x);
  mul(rhs, rhs, x);
  sub(lhs, lhs, rhs);
  scale(rhs, x, 3);
  add(lhs, lhs, rhs);
  sub(lhs, lhs, b);
  return isZero(lhs) ? { x, y } : undefined;
}

// --- Tables ---

const Rows = 65;
const RowEntries = 8;
const EntrySize = 32; // x, then y, fully reduced

/** Entry (i, j) at EntrySize·(8i + j - 1): j·16^i·P, affine. */
export type Table = Float64Array;

/** The table of P (see the top of the file): some 500 point operations and one inversion. */
export function buildTable(P: Affine): Table {
  const count = Rows * RowEntries;
  const store = new Float64Array(count * 3 * 16);
  const view = (k: number, c: number) => store.subarray((3 * k + c) * 16, (3 * k + c + 1) * 16);
  const points: Jacobian[] = Array.from({ length: count }, (_, k) => ({ X: view(k, 0), Y: view(k, 1), Z: view(k, 2), infinity: false }));
  const base = fromAffine(P); // 16^i·P
  for (let i = 0; i < Rows; i++) {
    const row = 8 * i;
    copy(points[row], base);
    double(points[row + 1], base);
    // j·16^i·P is never ±16^i·P for 2 ≤ j ≤ 8 (n is prime), so the additions are never exceptional.
    for (let j = 2; j < RowEntries; j++) addJacobian(points[row + j], points[row + j - 1], base);
    double(base, points[row + 7]);
  }
  // One inversion for all the Z (Montgomery's trick), then x = X/Z² and y = Y/Z³.
  const prefixStore = new Float64Array(count * 16);
  const prefix = (k: number) => prefixStore.subarray(16 * k, 16 * (k + 1));
  prefix(0).set(points[0].Z);
  for (let k = 1; k < count; k++) mul(prefix(k), prefix(k - 1), points[k].Z);
  const inverse = elem();
  invert(inverse, prefix(count - 1));
  const [zInverse, zInverse2, coordinate] = [elem(), elem(), elem()];
  const table = new Float64Array(count * EntrySize);
  for (let k = count - 1; k >= 0; k--) {
    const point = points[k];
    if (k > 0) {
      mul(zInverse, inverse, prefix(k - 1));
      mul(inverse, inverse, point.Z);
    } else zInverse.set(inverse);
    sqr(zInverse2, zInverse);
    mul(coordinate, point.X, zInverse2);
    reduce(coordinate);
    table.set(coordinate, k * EntrySize);
    mul(coordinate, point.Y, zInverse2);
    mul(coordinate, coordinate, zInverse);
    reduce(coordinate);
    table.set(coordinate, k * EntrySize + 16);
  }
  return table;
}

let baseTable: Table | undefined;

/** G's table, built at first use. */
function gTable(): Table {
  return (baseTable ??= buildTable({ x: Gx, y: Gy }));
}

/** k in [0, n) as 65 signed radix-16 digits (see the top of the file), into out. */
function signedDigits(out: Int8Array, k: bigint): void {
  const hex = k.toString(16).padStart(64, '0');
  let carryIn = 0;
  for (let i = 0; i < 64; i++) {
    const v = parseInt(hex[63 - i], 16) + carryIn;
    carryIn = (v + 8) >> 4;
    out[i] = v - (carryIn << 4);
  }
  out[64] = carryIn;
}

// --- Jacobian coordinates ---

interface Jacobian {
  X: Elem;
  Y: Elem;
  Z: Elem;
  infinity: boolean;
}

const jacobian = (): Jacobian => ({ X: elem(), Y: elem(), Z: elem(), infinity: true });

function fromAffine(P: Affine): Jacobian {
  const r = jacobian();
  r.X.set(P.x);
  r.Y.set(P.y);
  r.Z[0] = 1;
  r.infinity = false;
  return r;
}

function copy(r: Jacobian, p: Jacobian): void {
  r.X.set(p.X);
  r.Y.set(p.Y);
  r.Z.set(p.Z);
  r.infinity = p.infinity;
}

// Scratch for the Jacobian formulas.
const [z1z1, z2z2, u1, u2, s1, s2, h, rr, i4, j, v, jx, jy, jz, tmp] = Array.from({ length: 15 }, elem);

/** r = 2p (dbl-2001-b, a = -3: 3M + 5S). r may be p. */
function double(r: Jacobian, p: Jacobian): void {
  if (p.infinity) {
    r.infinity = true;
    return;
  }
  const delta = z1z1;
  const gamma = z2z2;
  const beta = u1;
  const alpha = u2;
  sqr(delta, p.Z);
  sqr(gamma, p.Y);
  mul(beta, p.X, gamma);
  sub(tmp, p.X, delta);
  scale(tmp, tmp, 3); //                                 6
  add(alpha, p.X, delta); //                             2
  mul(alpha, tmp, alpha); //                             alpha = 3(X1 - delta)(X1 + delta)
  add(jz, p.Y, p.Z);
  sqr(jz, jz);
  sub(jz, jz, gamma);
  sub(jz, jz, delta); //                                 Z3 = (Y1 + Z1)² - gamma - delta
  sqr(jx, alpha);
  scale(tmp, beta, 8);
  sub(jx, jx, tmp);
  carry(jx); //                                          X3 = alpha² - 8·beta
  scale(tmp, beta, 4);
  sub(tmp, tmp, jx); //                                  5
  mul(jy, alpha, tmp);
  sqr(tmp, gamma);
  scale(tmp, tmp, 8);
  sub(jy, jy, tmp); //                                   Y3 = alpha(4·beta - X3) - 8·gamma²
  carry(r.X, jx);
  carry(r.Y, jy);
  carry(r.Z, jz);
  r.infinity = false;
}

/**
 * The exceptional cases of both additions, once H = U2 - U1 and r = S2 - S1 are known: H ≡ 0 means
 * equal x-coordinates, so q = p (a doubling) or q = -p (the point at infinity). Whether it was one.
 */
function exceptional(r: Jacobian, p: Jacobian): boolean {
  if (!isZero(h)) return false;
  if (isZero(rr)) double(r, p);
  else r.infinity = true;
  return true;
}

/** The end both additions share, with r (4), J and V known: X3 = r² - J - 2V, Y3 = r(V - X3) - 2·S1·J. */
function finishAddition(r: Jacobian, S1: Elem): void {
  sqr(jx, rr);
  sub(jx, jx, j);
  sub(jx, jx, v);
  sub(jx, jx, v);
  carry(jx);
  sub(tmp, v, jx);
  mul(jy, rr, tmp);
  mul(tmp, S1, j);
  sub(jy, jy, tmp);
  sub(jy, jy, tmp);
  r.X.set(jx);
  carry(r.Y, jy);
  r.infinity = false;
}

/** r = p + (x2, y2) (madd-2007-bl: 7M + 4S; S1 is Y1). r may be p. */
function addMixed(r: Jacobian, p: Jacobian, x2: Elem, y2: Elem): void {
  if (p.infinity) {
    r.X.set(x2);
    r.Y.set(y2);
    r.Z.set(one);
    r.infinity = false;
    return;
  }
  maddDifferences(p, x2, y2);
  if (exceptional(r, p)) return;
  maddFinish(r, p);
}

/** p + (x2, y2) without looking at the exceptional cases, which give a meaningless r. */
function maddUnchecked(r: Jacobian, p: Jacobian, x2: Elem, y2: Elem): void {
  maddDifferences(p, x2, y2);
  maddFinish(r, p);
}

/** madd-2007-bl's H = U2 - X1 and S2 - Y1 (with U2 = x2·Z1², S2 = y2·Z1³). */
function maddDifferences(p: Jacobian, x2: Elem, y2: Elem): void {
  sqr(z1z1, p.Z);
  mul(u2, x2, z1z1);
  mul(s2, y2, p.Z);
  mul(s2, s2, z1z1);
  sub(h, u2, p.X); //                                    H = U2 - X1 (2)
  sub(rr, s2, p.Y);
}

/** The rest of madd-2007-bl, once H and S2 - Y1 are known. r may be p. */
function maddFinish(r: Jacobian, p: Jacobian): void {
  add(rr, rr, rr); //                                    r = 2(S2 - Y1) (4)
  sqr(i4, h);
  add(jz, p.Z, h);
  sqr(jz, jz);
  sub(jz, jz, z1z1);
  sub(jz, jz, i4); //                                    Z3 = (Z1 + H)² - Z1Z1 - HH
  scale(i4, i4, 4); //                                   I = 4·HH (4)
  mul(j, h, i4); //                                      J = H·I
  mul(v, p.X, i4); //                                    V = X1·I
  finishAddition(r, p.Y);
  carry(r.Z, jz);
}

/** r = p + q (add-2007-bl: 11M + 5S). r may be p or q. */
function addJacobian(r: Jacobian, p: Jacobian, q: Jacobian): void {
  if (p.infinity || q.infinity) {
    copy(r, p.infinity ? q : p);
    return;
  }
  sqr(z1z1, p.Z);
  sqr(z2z2, q.Z);
  mul(u1, p.X, z2z2);
  mul(u2, q.X, z1z1);
  mul(s1, p.Y, q.Z);
  mul(s1, s1, z2z2);
  mul(s2, q.Y, p.Z);
  mul(s2, s2, z1z1);
  sub(h, u2, u1); //                                     H = U2 - U1 (2)
  sub(rr, s2, s1);
  if (exceptional(r, p)) return;
  add(rr, rr, rr); //                                    r = 2(S2 - S1) (4)
  add(i4, h, h);
  sqr(i4, i4); //                                        I = (2H)²
  mul(j, h, i4); //                                      J = H·I
  mul(v, u1, i4); //                                     V = U1·I
  add(jz, p.Z, q.Z);
  sqr(jz, jz);
  sub(jz, jz, z1z1);
  sub(jz, jz, z2z2);
  mul(jz, jz, h); //                                     Z3 = ((Z1 + Z2)² - Z1Z1 - Z2Z2)·H
  finishAddition(r, s1);
  r.Z.set(jz);
}

// --- Constant time: k·G ---

/** Entry |e|·16^i·G of row i of t (entry 1·16^i·G for e = 0), negated for e < 0, reading every entry of the row. */
function selectEntry(x: Elem, y: Elem, t: Table, i: number, e: number): void {
  const negative = (e >> 31) & 1;
  const magnitude = (e ^ -negative) + negative;
  const wanted = magnitude | ((magnitude - 1) >>> 31); // 0 reads as 1: any point will do, its sum is dropped
  x.fill(0);
  y.fill(0);
  for (let j = 1; j <= RowEntries; j++) {
    const hit = ((wanted ^ j) - 1) >>> 31; // 1 when wanted = j
    const offset = (RowEntries * i + j - 1) * EntrySize;
    for (let l = 0; l < 16; l++) {
      x[l] += hit * t[offset + l];
      y[l] += hit * t[offset + 16 + l];
    }
  }
  scale(y, y, 1 - 2 * negative); // -(x, y) = (x, -y)
}

// Scratch for `mulBase` (entryX and entryY are shared with the variable-time path).
const [entryX, entryY] = [elem(), elem()];
const secretDigits = new Int8Array(Rows);
const acc = jacobian();
const sum = jacobian();

/**
 * k·G for a secret k in [1, n), in constant time: the same field operations and table reads
 * whatever k is. Each row adds its entry with madd-2007-bl unconditionally, then keeps the sum,
 * the entry (while the accumulator is still the point at infinity) or the accumulator (for a
 * zero digit) by arithmetic selection. The sum itself is never exceptional: before row i the
 * accumulator is S·G with |S| ≤ 8·(16^i - 1)/15 < 16^i, and the entry is e·16^i·G with
 * 1 ≤ |e| ≤ 8, so S ∓ e·16^i is neither 0 nor a multiple of n for i < 64 (its size is below
 * 9·16^63 < n); in row 64, e = 1 and S + 16^64 = k < n rules out both. The result is never the
 * point at infinity.
 */
export function mulBase(k: bigint): Affine {
  const t = gTable();
  signedDigits(secretDigits, k);
  let empty = 1; // the accumulator is the point at infinity
  for (let i = 0; i < Rows; i++) {
    const e = secretDigits[i];
    const nonZero = (e | -e) >>> 31; // 1 unless e = 0
    selectEntry(entryX, entryY, t, i, e);
    maddUnchecked(sum, acc, entryX, entryY);
    const takeSum = nonZero & (1 - empty);
    const takeEntry = nonZero & empty;
    select(acc.X, sum.X, takeSum);
    select(acc.Y, sum.Y, takeSum);
    select(acc.Z, sum.Z, takeSum);
    select(acc.X, entryX, takeEntry);
    select(acc.Y, entryY, takeEntry);
    select(acc.Z, one, takeEntry);
    empty &= 1 - nonZero;
  }
  secretDigits.fill(0);
  const zInverse = elem();
  const zInverse2 = elem();
  invert(zInverse, acc.Z);
  sqr(zInverse2, zInverse);
  const x = elem();
  const y = elem();
  mul(x, acc.X, zInverse2);
  mul(y, acc.Y, zInverse2);
  mul(y, y, zInverse);
  return { x, y };
}

// --- Variable time: u1·G + u2·Q ---

// Scratch for the variable-time multiplications.
const publicDigits = new Int8Array(262);
const bits = new Uint8Array(262);

const odd = Array.from({ length: 8 }, jacobian);
const negated = jacobian();

/** r += k·P with P's table: one mixed addition per non-zero digit. */
function addCombMultiple(r: Jacobian, t: Table, k: bigint): void {
  signedDigits(publicDigits, k);
  for (let i = 0; i < Rows; i++) {
    const e = publicDigits[i];
    if (e === 0) continue;
    const offset = (RowEntries * i + Math.abs(e) - 1) * EntrySize;
    const sign = e < 0 ? -1 : 1;
    for (let l = 0; l < 16; l++) {
      entryX[l] = t[offset + l];
      entryY[l] = sign * t[offset + 16 + l];
    }
    addMixed(r, r, entryX, entryY);
  }
}

/**
 * k in [0, n) in width-5 NAF, least significant first: every non-zero digit is odd, in [-15, 15],
 * and followed by at least four zeros. Returns the number of digits.
 */
function wNAF(out: Int8Array, k: bigint): number {
  const hex = k.toString(16).padStart(64, '0');
  bits.fill(0);
  for (let i = 0; i < 64; i++) {
    const nibble = parseInt(hex[63 - i], 16);
    for (let b = 0; b < 4; b++) bits[4 * i + b] = (nibble >> b) & 1;
  }
  out.fill(0);
  let length = 0;
  for (let i = 0; i < 257; ) {
    if (bits[i] === 0) {
      i++;
      continue;
    }
    let window = 0;
    for (let b = 0; b < 5; b++) {
      window |= bits[i + b] << b;
      bits[i + b] = 0;
    }
    if (window > 16) {
      // k - (window - 32)·2^i: clear the window, carry 32·2^i into bit i + 5.
      window -= 32;
      let c = i + 5;
      while (bits[c] === 1) bits[c++] = 0;
      bits[c] = 1;
    }
    out[i] = window;
    i += 5;
    length = i - 4;
  }
  return length;
}

/** r = k·Q by width-5 NAF: Q, 3Q, …, 15Q, then a doubling per bit and an addition per non-zero digit. */
function mulWNAF(r: Jacobian, Q: Affine, k: bigint): void {
  copy(odd[0], fromAffine(Q));
  double(negated, odd[0]); // 2Q, for the odd multiples
  for (let m = 1; m < 8; m++) addJacobian(odd[m], odd[m - 1], negated);
  const length = wNAF(publicDigits, k);
  r.infinity = true;
  for (let i = length - 1; i >= 0; i--) {
    double(r, r);
    const e = publicDigits[i];
    if (e === 0) continue;
    const m = odd[(Math.abs(e) - 1) >> 1];
    if (e > 0) addJacobian(r, r, m);
    else {
      negated.X.set(m.X);
      for (let l = 0; l < 16; l++) negated.Y[l] = -m.Y[l];
      negated.Z.set(m.Z);
      negated.infinity = false;
      addJacobian(r, r, negated);
    }
  }
}

/** A public key for verifications: its point, and its table if the caller has built one. */
export interface PublicPoint extends Affine {
  table?: Table;
}

// Scratch for `verifyCombination`.
const total = jacobian();
const other = jacobian();
const [zz, candidate] = [elem(), elem()];

/**
 * Whether R = u1·G + u2·Q is not the point at infinity and R.x ≡ r (mod n): SEC 1 §4.1.4 steps
 * 5 to 8, for public u1, u2 in [0, n) and r in [1, n). Variable time. R.x is compared in Jacobian
 * coordinates, as X = x·Z² for x = r or r + n (the x-coordinates below p that are r mod n), which
 * spares an inversion.
 */
export function verifyCombination(u1: bigint, u2: bigint, Q: PublicPoint, r: bigint): boolean {
  total.infinity = true;
  addCombMultiple(total, gTable(), u1);
  if (Q.table) addCombMultiple(total, Q.table, u2);
  else {
    mulWNAF(other, Q, u2);
    addJacobian(total, total, other);
  }
  if (total.infinity) return false;
  sqr(zz, total.Z);
  for (let x = r; x < p; x += n) {
    mul(candidate, fromBigInt(x), zz);
    sub(candidate, candidate, total.X);
    if (isZero(candidate)) return true;
  }
  return false;
}
