// ECDSA verification (SEC 1 v2 §4.1.4) that remembers the public keys it has seen lately.
//
// A client that keeps connecting to the same server checks a CertificateVerify signature by the
// same key every time, and R = u1·G + u2·Q is where the time goes. noble keeps a precomputed table
// for the base point G; a table for Q turns u2·Q into additions only, which makes a verification
// about four times faster. Building Q's table costs about as much as ten plain verifications, so a
// key gets one once it has been used that often (like renting skis until their price is spent:
// never more than twice the best choice in hindsight). Only the most recently used keys are kept.
import type { ECDSA, WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { bytesToHex, bytesToNumberBE } from '@noble/curves/utils.js';

/** 2^(6-1) multiples per 6-bit window: 1,408 points (~230 KiB of heap) for P-256, noble's choice for G. */
const tableWindowBits = 6;
/** Uses of a key before it gets a table (the table's cost, in plain verifications). */
export const tableAfterUses = 10;

interface RecentKey {
  readonly point: WeierstrassPoint<bigint>;
  uses: number;
}

/** Public keys by encoding (whose length names the curve), least recently used first. */
export class RecentPublicKeys {
  private readonly keys = new Map<string, RecentKey>();

  constructor(readonly capacity: number) {}

  /** The decoded point (a malformed or off-curve encoding throws) and whether it has a table. */
  get(curve: ECDSA, encoded: Uint8Array): { point: WeierstrassPoint<bigint>; precomputed: boolean } {
    const id = bytesToHex(encoded);
    const key = this.keys.get(id) ?? { point: curve.Point.fromBytes(encoded), uses: 0 };
    this.keys.delete(id); // re-inserted last: the most recently used
    this.keys.set(id, key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value!);
    // noble builds the table lazily, at the next multiplication by this point.
    if (++key.uses === tableAfterUses) key.point.precompute(tableWindowBits);
    return { point: key.point, precomputed: key.uses >= tableAfterUses };
  }

  get size(): number {
    return this.keys.size;
  }
}

const recentKeys = new RecentPublicKeys(4);

/**
 * Verifies a DER-encoded ECDSA signature over `hash` (SEC 1 §4.1.4): with e the hash as an integer
 * and w = s⁻¹ mod n, the signature is valid when R = (e·w)·G + (r·w)·Q is not the point at
 * infinity and R.x mod n = r. High-S signatures are valid ECDSA and accepted. Throws on a
 * malformed signature or key.
 */
export function verifyECDSA(curve: ECDSA, publicKey: Uint8Array, hash: Uint8Array, signature: Uint8Array, keys = recentKeys): boolean {
  const { Point } = curve;
  const { Fn } = Point;
  const { r, s } = curve.Signature.fromBytes(signature, 'der'); // checks 1 ≤ r, s < n
  const Q = keys.get(curve, publicKey);
  // e: the hash's leftmost bits, as many as n has (§4.1.3 step 5); n fills whole bytes on P-256 and P-384.
  const e = Fn.create(bytesToNumberBE(hash.subarray(0, Fn.BYTES)));
  const w = Fn.inv(s);
  const u1 = Fn.mul(e, w);
  const u2 = Fn.mul(r, w);
  // Without a table for Q, noble's joint walk (Strauss–Shamir: one chain of doublings for both
  // products) is faster; with one, two table walks are.
  const R = Q.precomputed ? Point.BASE.multiplyUnsafe(u1).add(Q.point.multiplyUnsafe(u2)) : Point.BASE.mulAddUnsafe(u1, Q.point, u2);
  return !R.is0() && Fn.create(R.toAffine().x) === r;
}
