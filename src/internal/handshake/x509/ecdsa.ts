// ECDSA: signatures over P-256 (SEC 1 v2 §4.1.3) on our own group arithmetic (../p256.ts), and
// verification (SEC 1 §4.1.4) over P-256 on it and over P-384 on noble, remembering the public
// keys it has seen lately.
//
// A client that keeps connecting to the same server checks a CertificateVerify signature by the
// same key every time, and R = u1·G + u2·Q is where the time goes. G has a table of multiples; a
// table for Q too turns u2·Q into additions only, which makes a verification two to three times
// faster. Building Q's table costs about what `tableAfterUses` verifications save with it, so a
// key gets one once it has been used that often (like renting skis until their price is spent:
// never more than twice the best choice in hindsight). Only the most recently used keys are kept.
import type { ECDSA, WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { p256 } from '@noble/curves/nist.js';
import { randomBytes } from '../../utils/rand.ts';
import { buildTable, decodeUncompressed, mulBase, n, verifyCombination, type PublicPoint } from '../p256.ts';
import { toBigInt } from '../field_p256.ts';
import { integer, sequence } from './asn1.ts';
import { bigIntToBytes, bytesToBigInt } from './big_endian.ts';
import { modInverse } from './mod_inverse.ts';
import { nonceGenerator } from './rfc6979.ts';

/** Uses of a P-256 key before it gets a table (the table's cost, in plain verifications). */
export const tableAfterUses = 8;
/** For P-384 on noble: 2^(6-1) multiples per 6-bit window (1,408 points), noble's choice for G. */
const nobleTableAfterUses = 10;
const nobleTableWindowBits = 6;

interface RecentKey<Point> {
  readonly point: Point;
  uses: number;
}

/** Public keys of one curve by encoding, least recently used first, with a table once used often enough. */
export class RecentPublicKeys<Point> {
  private readonly keys = new Map<string, RecentKey<Point>>();

  constructor(
    readonly capacity: number,
    /** The point of an encoding; throws if it is malformed or off the curve. */
    private readonly decode: (encoded: Uint8Array) => Point,
    /** Gives the point its table. */
    private readonly precompute: (point: Point) => void,
    readonly tableAfterUses: number,
  ) {}

  /** The decoded point (a malformed or off-curve encoding throws) and whether it has a table. */
  get(encoded: Uint8Array): { point: Point; precomputed: boolean } {
    const id = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength).toString('latin1');
    const key = this.keys.get(id) ?? { point: this.decode(encoded), uses: 0 };
    this.keys.delete(id); // re-inserted last: the most recently used
    this.keys.set(id, key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value!);
    if (++key.uses === this.tableAfterUses) this.precompute(key.point);
    return { point: key.point, precomputed: key.uses >= this.tableAfterUses };
  }

  get size(): number {
    return this.keys.size;
  }
}

/** P-256 keys on our arithmetic: the uncompressed encoding, or any other that noble reads (compressed). */
export const newP256Keys = (capacity: number) =>
  new RecentPublicKeys<PublicPoint>(
    capacity,
    (encoded) => {
      const point = decodeUncompressed(encoded[0] === 4 ? encoded : p256.Point.fromBytes(encoded).toBytes(false));
      if (!point) throw new Error('invalid P-256 public key');
      return point;
    },
    (point) => {
      point.table = buildTable(point);
    },
    tableAfterUses,
  );

/** Keys of another curve on noble, which builds a table lazily at the next multiplication. */
export const newNobleKeys = (curve: ECDSA, capacity: number) =>
  new RecentPublicKeys<WeierstrassPoint<bigint>>(capacity, (encoded) => curve.Point.fromBytes(encoded), (point) => point.precompute(nobleTableWindowBits), nobleTableAfterUses);

const recentP256Keys = newP256Keys(4);
const recentNobleKeys = new Map<ECDSA, RecentPublicKeys<WeierstrassPoint<bigint>>>();

/** e: the hash's leftmost bits, as many as n has (SEC 1 §4.1.3 step 5), mod n; n fills whole bytes on P-256 and P-384. */
function hashToScalar(hash: Uint8Array, bytes: number, order: bigint): bigint {
  return bytesToBigInt(hash.subarray(0, bytes)) % order;
}

/**
 * Signs `hash` with the P-256 private key d (32 bytes, in [1, n)) (SEC 1 §4.1.3): k from RFC 6979
 * with `extraEntropy` as its k', R = k·G, r = R.x mod n, s = k⁻¹(e + r·d) mod n, and s replaced by
 * n - s when above n/2 ("low S", as noble and Bitcoin do; both are valid). The inversion is
 * blinded by a random b, s = (b·k)⁻¹·(b·e + b·d·r), so that its timing says nothing about k.
 * Returns the DER Ecdsa-Sig-Value that TLS and X.509 carry.
 */
export function signP256(d: Uint8Array, hash: Uint8Array, extraEntropy: Uint8Array): Uint8Array {
  const x = bytesToBigInt(d);
  const e = hashToScalar(hash, 32, n);
  const nextK = nonceGenerator(d, bigIntToBytes(e, 32), extraEntropy);
  for (;;) {
    const k = nextK();
    const r = toBigInt(mulBase(k).x) % n;
    if (r === 0n) continue;
    const b = (bytesToBigInt(randomBytes(48)) % (n - 1n)) + 1n; // in [1, n), bias below 2^-128
    const bd = (b * x) % n;
    const s = (modInverse((b * k) % n, n) * ((b * e + bd * r) % n)) % n;
    if (s === 0n) continue;
    return sequence(integer(r), integer(s > n >> 1n ? n - s : s));
  }
}

/**
 * Verifies a DER-encoded ECDSA signature over `hash` (SEC 1 §4.1.4): with e the hash as an integer
 * and w = s⁻¹ mod n, the signature is valid when R = (e·w)·G + (r·w)·Q is not the point at
 * infinity and R.x mod n = r. High-S signatures are valid ECDSA and accepted. Throws on a
 * malformed signature or key.
 */
export function verifyECDSA(curve: ECDSA, publicKey: Uint8Array, hash: Uint8Array, signature: Uint8Array, keys = recentP256Keys): boolean {
  if (curve !== p256) {
    let nobleKeys = recentNobleKeys.get(curve);
    if (!nobleKeys) recentNobleKeys.set(curve, (nobleKeys = newNobleKeys(curve, 4)));
    return verifyOnNoble(curve, publicKey, hash, signature, nobleKeys);
  }
  const { r, s } = p256.Signature.fromBytes(signature, 'der'); // checks 1 ≤ r, s < n
  const Q = keys.get(publicKey);
  const w = modInverse(s, n);
  const u1 = (hashToScalar(hash, 32, n) * w) % n;
  const u2 = (r * w) % n;
  return verifyCombination(u1, u2, Q.point, r);
}

/** `verifyECDSA` on noble's arithmetic, for P-384 (and for comparison in the bench). */
export function verifyOnNoble(curve: ECDSA, publicKey: Uint8Array, hash: Uint8Array, signature: Uint8Array, keys: RecentPublicKeys<WeierstrassPoint<bigint>>): boolean {
  const { Point } = curve;
  const { Fn } = Point;
  const { r, s } = curve.Signature.fromBytes(signature, 'der');
  const Q = keys.get(publicKey);
  const e = hashToScalar(hash, Fn.BYTES, Fn.ORDER);
  const w = Fn.inv(s);
  const u1 = Fn.mul(e, w);
  const u2 = Fn.mul(r, w);
  // Without a table for Q, noble's joint walk (Strauss–Shamir: one chain of doublings for both
  // products) is faster; with one, two table walks are.
  const R = Q.precomputed ? Point.BASE.multiplyUnsafe(u1).add(Q.point.multiplyUnsafe(u2)) : Point.BASE.mulAddUnsafe(u1, Q.point, u2);
  return !R.is0() && Fn.create(R.toAffine().x) === r;
}
