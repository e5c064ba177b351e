// (EC)DHE key exchange for the key_share extension (RFC 8446 §4.2.8): X25519 on our own ladder
// (../x25519.ts) and secp256r1 on @noble/curves. A share is the public key; the shared secret is
// the ECDH output (for P-256 the x-coordinate only, RFC 8446 §7.4.2).
import { p256 } from '@noble/curves/nist.js';
import { randomBytes } from '../../utils/rand.ts';
import { x25519, x25519PublicKey } from '../x25519.ts';
import { Alert, tlsError } from './alert.ts';
import { CurveID } from './common.ts';

/** Groups we can use, in our default order of preference. */
export const defaultCurvePreferences: readonly CurveID[] = [CurveID.x25519, CurveID.secp256r1];

export function isSupportedGroup(group: number): boolean {
  return defaultCurvePreferences.includes(group);
}

/** Our half of a key exchange: the public share we send and the private key we keep. */
export interface KeySharePrivate {
  readonly group: CurveID;
  readonly publicKey: Uint8Array;
  /** The shared secret with the peer's share; a malformed share is an illegal_parameter. */
  sharedSecret(peerShare: Uint8Array): Uint8Array;
}

export function generateKeyShare(group: CurveID): KeySharePrivate {
  switch (group) {
    case CurveID.x25519:
      return x25519KeyShare(randomBytes(32)); // RFC 7748 §6.1: any 32 random bytes; X25519 clamps them
    case CurveID.secp256r1:
      return p256KeyShare(p256.utils.randomSecretKey(randomBytes(p256.lengths.seed!)));
    default:
      throw tlsError(Alert.internalError, `unsupported group ${group}`);
  }
}

/** Exported for the RFC 8448 test vectors, which fix the private keys. */
export function x25519KeyShare(secretKey: Uint8Array): KeySharePrivate {
  return {
    group: CurveID.x25519,
    publicKey: x25519PublicKey(secretKey),
    sharedSecret(peerShare) {
      if (peerShare.length !== 32) throw tlsError(Alert.illegalParameter, 'invalid X25519 key share');
      const secret = x25519(secretKey, peerShare);
      // A low-order point gives all zeros, which RFC 8446 §7.4.2 (and RFC 7748 §6.1) require us to refuse.
      if (secret.every((b) => b === 0)) throw tlsError(Alert.illegalParameter, 'invalid X25519 key share');
      return secret;
    },
  };
}

function p256KeyShare(secretKey: Uint8Array): KeySharePrivate {
  return {
    group: CurveID.secp256r1,
    // UncompressedPointRepresentation: 0x04 || X || Y (RFC 8446 §4.2.8.2).
    publicKey: p256.getPublicKey(secretKey, false),
    sharedSecret(peerShare) {
      if (peerShare.length !== 65 || peerShare[0] !== 4) throw tlsError(Alert.illegalParameter, 'invalid P-256 key share');
      // noble checks the point is on the curve; the compressed result is 0x02/0x03 || X.
      return ecdh(() => p256.getSharedSecret(secretKey, peerShare, true), 'P-256').subarray(1);
    },
  };
}

function ecdh(compute: () => Uint8Array, name: string): Uint8Array {
  try {
    return compute();
  } catch {
    throw tlsError(Alert.illegalParameter, `invalid ${name} key share`);
  }
}
