// ECDSA on @noble/curves (the noble backend): signatures over P-256 (SEC 1 v2 §4.1.3) with noble's
// RFC 6979 nonces, hedged with fresh random bytes (§3.6), and verification over P-256 and P-384
// (SEC 1 §4.1.4). The node backend's are in signature_node.ts.
import type { CHash } from '@noble/hashes/utils.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { randomBytes } from '../utils/rand.ts';

/** The curves of the ECDSA public keys certificates carry. */
export const ecdsaCurves = { 'ecdsa-p256': p256, 'ecdsa-p384': p384 } as const;

/**
 * Signs `message`, hashed with `hash`, with the P-256 private key d (32 bytes). s is replaced by
 * n - s when above n/2 ("low S"; both are valid). Returns the DER Ecdsa-Sig-Value that TLS and
 * X.509 carry.
 */
export function signP256(d: Uint8Array, hash: CHash, message: Uint8Array): Uint8Array {
  return p256.sign(hash(message), d, { prehash: false, format: 'der', extraEntropy: randomBytes(32) });
}

/**
 * Verifies a DER-encoded ECDSA signature of `message` hashed with `hash`. High-S signatures are
 * valid ECDSA, and accepted as OpenSSL and Go accept them. False for a malformed signature or key.
 */
export function verifyECDSA(kind: keyof typeof ecdsaCurves, point: Uint8Array, hash: CHash, message: Uint8Array, signature: Uint8Array): boolean {
  return ecdsaCurves[kind].verify(signature, hash(message), point, { prehash: false, format: 'der', lowS: false });
}
