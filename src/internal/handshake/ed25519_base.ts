// X25519(k, 9), the public key of a key share, by a fixed-base multiplication on edwards25519.
//
// The Montgomery ladder of x25519.ts works for any point, so it does not know that the base point
// never changes. Curve25519 is birationally equivalent to the twisted Edwards curve
// edwards25519, -x² + y² = 1 + d·x²·y² (RFC 7748 §4.1), where the base point B (u = 9) has the
// coordinates of RFC 8032 §5.1. There, k·B can use a table of multiples of B computed once:
//   - k is recoded into 64 signed digits e_i in [-8, 8], k = Σ e_i·16^i;
//   - the table holds j·16^i·B for j = 1..8 and i = 0..63 (512 points, built at first use);
//   - k·B is then 64 additions of table entries (negated for negative digits), no doublings;
//   - u = (1 + y)/(1 - y) = (Z + Y)/(Z - Y) maps the result back to Curve25519.
// That is about a quarter of the ladder's multiplications. The lookups are constant time: each one
// reads all eight entries of its row and keeps one by arithmetic, as the ladder's swaps do.
//
// Points are in extended coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z, x·y = T/Z; a point
// to be added is in "Niels" form (Y + X, Y - X, 2d·T, Z), and the addition is the unified formula
// for a = -1 of Hisil, Wong, Carter and Dawson (2008, §3.1), which also doubles.
import { add as fadd, carry, decode, elem, encode, invert, mul, sub as fsub, type Elem } from './field25519.ts';

/** d = -121665/121666 and the base point B (RFC 8032 §5.1). */
const d = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
const Bx = 15112221349535400772501151409588531511454012693041857206046113283949847762202n;
const By = 46316835694926478169428394003475163141307993866256225615783033603165251855960n;

/** A field element from a bigint below p. */
function fromBigInt(n: bigint): Elem {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) bytes[i] = Number(n & 0xffn);
  const o = elem();
  decode(o, bytes);
  return o;
}

interface Extended {
  X: Elem;
  Y: Elem;
  Z: Elem;
  T: Elem;
}

interface Niels {
  YplusX: Elem;
  YminusX: Elem;
  T2d: Elem;
  Z: Elem;
}

const extended = (): Extended => ({ X: elem(), Y: elem(), Z: elem(), T: elem() });
const niels = (): Niels => ({ YplusX: elem(), YminusX: elem(), T2d: elem(), Z: elem() });

/** 2d, the constant of the addition formula. */
const d2 = fromBigInt((2n * d) % (2n ** 255n - 19n));

// Scratch for `addNiels`.
const [a, b, c, dz, e, f, g, h] = Array.from({ length: 8 }, elem);

/** r = p + q (HWCD 2008 §3.1, a = -1, with 2d folded into q). r may be p. */
function addNiels(r: Extended, p: Extended, q: Niels): void {
  fsub(a, p.Y, p.X);
  mul(a, a, q.YminusX); //  A = (Y1 - X1)(Y2 - X2)
  fadd(b, p.Y, p.X);
  mul(b, b, q.YplusX); //   B = (Y1 + X1)(Y2 + X2)
  mul(c, p.T, q.T2d); //    C = T1·2d·T2
  mul(dz, p.Z, q.Z);
  fadd(dz, dz, dz); //      D = 2·Z1·Z2
  fsub(e, b, a); //         E = B - A
  fsub(f, dz, c); //        F = D - C
  fadd(g, dz, c); //        G = D + C
  fadd(h, b, a); //         H = B + A
  mul(r.X, e, f);
  mul(r.Y, g, h);
  mul(r.T, e, h);
  mul(r.Z, f, g);
}

/** q = p in Niels form. */
function toNiels(q: Niels, p: Extended): void {
  fadd(q.YplusX, p.Y, p.X);
  fsub(q.YminusX, p.Y, p.X);
  mul(q.T2d, p.T, d2);
  q.Z.set(p.Z);
}

const Entries = 64 * 8;
const EntrySize = 3 * 16;

/**
 * Entry 8i + (j - 1) is j·16^i·B, affine, as Y + X, Y - X and 2d·T (three elements of 16 limbs)
 * at EntrySize·(8i + j - 1): 512 entries in 192 KiB, built at first use.
 */
let table: Float64Array | undefined;

function buildTable(): Float64Array {
  // All 512 points in extended coordinates, as views into one buffer.
  const store = new Float64Array(Entries * 4 * 16);
  const view = (k: number, c: number) => store.subarray((4 * k + c) * 16, (4 * k + c + 1) * 16);
  const points: Extended[] = Array.from({ length: Entries }, (_, k) => ({ X: view(k, 0), Y: view(k, 1), Z: view(k, 2), T: view(k, 3) }));
  const base = extended(); // 16^i·B
  base.X.set(fromBigInt(Bx));
  base.Y.set(fromBigInt(By));
  base.Z[0] = 1;
  mul(base.T, base.X, base.Y);
  const baseNiels = niels();
  for (let i = 0; i < 64; i++) {
    toNiels(baseNiels, base);
    copyPoint(points[8 * i]!, base);
    for (let j = 1; j < 8; j++) addNiels(points[8 * i + j]!, points[8 * i + j - 1]!, baseNiels);
    const eight = points[8 * i + 7]!;
    toNiels(baseNiels, eight); // 16·16^i·B = 8·16^i·B + 8·16^i·B
    addNiels(base, eight, baseNiels);
  }
  // One inversion for all 512 Z (Montgomery's trick), then x = X/Z and y = Y/Z.
  const prefixStore = new Float64Array(Entries * 16);
  const prefix = (k: number) => prefixStore.subarray(16 * k, 16 * (k + 1));
  prefix(0).set(points[0]!.Z);
  for (let k = 1; k < Entries; k++) mul(prefix(k), prefix(k - 1), points[k]!.Z);
  const inverse = elem();
  invert(inverse, prefix(Entries - 1));
  const zInverse = elem();
  const entry = niels();
  const out = new Float64Array(Entries * EntrySize);
  for (let k = Entries - 1; k >= 0; k--) {
    const p = points[k]!;
    if (k > 0) {
      mul(zInverse, inverse, prefix(k - 1));
      mul(inverse, inverse, p.Z);
    } else zInverse.set(inverse);
    mul(p.X, p.X, zInverse);
    mul(p.Y, p.Y, zInverse);
    mul(p.T, p.X, p.Y);
    toNiels(entry, p);
    for (const sum of [entry.YplusX, entry.YminusX]) {
      carry(sum); // two passes: every table entry is a carried element
      carry(sum);
    }
    out.set(entry.YplusX, k * EntrySize);
    out.set(entry.YminusX, k * EntrySize + 16);
    out.set(entry.T2d, k * EntrySize + 32);
  }
  return out;
}

function copyPoint(to: Extended, from: Extended): void {
  to.X.set(from.X);
  to.Y.set(from.Y);
  to.Z.set(from.Z);
  to.T.set(from.T);
}

/** p = (0 : 1 : 1 : 0), the neutral element. */
function setIdentity(p: Extended): void {
  p.X.fill(0);
  p.Y.fill(0);
  p.Y[0] = 1;
  p.Z.fill(0);
  p.Z[0] = 1;
  p.T.fill(0);
}

const identityNiels = niels();
identityNiels.YplusX[0] = 1;
identityNiels.YminusX[0] = 1;
identityNiels.Z[0] = 1;

// Scratch for `x25519Base`.
const digits = new Int8Array(64);
const selected = niels();
const acc = extended();
const [num, den] = [elem(), elem()];

/** q = e·16^i·B from row i of t, for e in [-8, 8], reading every entry of the row. */
function select(q: Niels, t: Float64Array, i: number, e: number): void {
  const negative = (e >> 31) & 1;
  const magnitude = (e ^ -negative) + negative;
  q.YplusX.set(identityNiels.YplusX);
  q.YminusX.set(identityNiels.YminusX);
  q.T2d.set(identityNiels.T2d);
  for (let j = 1; j <= 8; j++) {
    const hit = ((magnitude ^ j) - 1) >>> 31; // 1 when magnitude = j
    const offset = (8 * i + j - 1) * EntrySize;
    for (let l = 0; l < 16; l++) {
      q.YplusX[l] += hit * (t[offset + l]! - q.YplusX[l]!);
      q.YminusX[l] += hit * (t[offset + 16 + l]! - q.YminusX[l]!);
      q.T2d[l] += hit * (t[offset + 32 + l]! - q.T2d[l]!);
    }
  }
  // -(x, y) = (-x, y): swap Y + X and Y - X, negate 2d·T.
  for (let l = 0; l < 16; l++) {
    const swap = negative * (q.YplusX[l]! - q.YminusX[l]!);
    q.YplusX[l]! -= swap;
    q.YminusX[l]! += swap;
    q.T2d[l]! *= 1 - 2 * negative;
  }
}

/** X25519(k, 9) (RFC 7748 §6.1), computed as the u-coordinate of clamp(k)·B on edwards25519. */
export function x25519Base(k: Uint8Array): Uint8Array {
  if (k.length !== 32) throw new RangeError('X25519 takes a 32-byte scalar');
  const t = (table ??= buildTable());
  selected.Z.set(identityNiels.Z); // table entries are affine
  // decodeScalar25519 (clamp), then signed radix-16 digits: k < 2^255, so the top one is at most 8.
  let carryIn = 0;
  for (let i = 0; i < 32; i++) {
    const byte = i === 0 ? k[0]! & 248 : i === 31 ? (k[31]! & 127) | 64 : k[i]!;
    digits[2 * i] = byte & 15;
    digits[2 * i + 1] = byte >> 4;
  }
  for (let i = 0; i < 63; i++) {
    digits[i] += carryIn;
    carryIn = (digits[i]! + 8) >> 4;
    digits[i] -= carryIn << 4;
  }
  digits[63] += carryIn;

  setIdentity(acc);
  for (let i = 0; i < 64; i++) {
    select(selected, t, i, digits[i]!);
    addNiels(acc, acc, selected);
  }
  digits.fill(0);
  fadd(num, acc.Z, acc.Y);
  fsub(den, acc.Z, acc.Y);
  invert(den, den);
  mul(num, num, den);
  return encode(num);
}
