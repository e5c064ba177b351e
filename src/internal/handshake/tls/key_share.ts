// (EC)DHE key exchange for the key_share extension (RFC 8446 §4.2.8), on the connection's crypto
// backend: X25519 and secp256r1 from @noble/curves, or from node:crypto (OpenSSL). A share is the
// public key; the shared secret is the ECDH output (for P-256 the x-coordinate only, RFC 8446 §7.4.2).
import { createECDH, createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { randomBytes } from '../../utils/rand.ts';
import type { CryptoBackend } from '../crypto_backend.ts';
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

export function generateKeyShare(group: CurveID, backend: CryptoBackend): KeySharePrivate {
  switch (group) {
    case CurveID.x25519:
      return x25519KeyShare(randomBytes(32), backend); // RFC 7748 §6.1: any 32 random bytes; X25519 clamps them
    case CurveID.secp256r1:
      return p256KeyShare(p256.utils.randomSecretKey(randomBytes(p256.lengths.seed!)), backend);
    default:
      throw tlsError(Alert.internalError, `unsupported group ${group}`);
  }
}

/** X25519 (RFC 7748 §6.1). Exported for the RFC 8448 test vectors, which fix the private keys. */
export function x25519KeyShare(secretKey: Uint8Array, backend: CryptoBackend): KeySharePrivate {
  const ops = backend === 'node' ? nodeX25519(secretKey) : { publicKey: x25519.getPublicKey(secretKey), shared: (peer: Uint8Array) => x25519.getSharedSecret(secretKey, peer) };
  return {
    group: CurveID.x25519,
    publicKey: ops.publicKey,
    sharedSecret(peerShare) {
      if (peerShare.length !== 32) throw tlsError(Alert.illegalParameter, 'invalid X25519 key share');
      const secret = ecdh(() => ops.shared(peerShare), 'X25519');
      // A low-order point gives all zeros, which RFC 8446 §7.4.2 (and RFC 7748 §6.1) require us to
      // refuse; noble and OpenSSL refuse it themselves, this check makes it explicit.
      if (secret.every((b) => b === 0)) throw tlsError(Alert.illegalParameter, 'invalid X25519 key share');
      return secret;
    },
  };
}

function p256KeyShare(secretKey: Uint8Array, backend: CryptoBackend): KeySharePrivate {
  const node = backend === 'node' ? createECDH('prime256v1') : undefined;
  node?.setPrivateKey(secretKey);
  return {
    group: CurveID.secp256r1,
    // UncompressedPointRepresentation: 0x04 || X || Y (RFC 8446 §4.2.8.2).
    publicKey: node ? new Uint8Array(node.getPublicKey()) : p256.getPublicKey(secretKey, false),
    sharedSecret(peerShare) {
      if (peerShare.length !== 65 || peerShare[0] !== 4) throw tlsError(Alert.illegalParameter, 'invalid P-256 key share');
      // Both check that the point is on the curve. noble's compressed result is 0x02/0x03 || X; OpenSSL's is X.
      if (node) return ecdh(() => new Uint8Array(node.computeSecret(peerShare)), 'P-256');
      return ecdh(() => p256.getSharedSecret(secretKey, peerShare, true), 'P-256').subarray(1);
    },
  };
}

// X25519 keys as OpenSSL takes them: PKCS#8 and SubjectPublicKeyInfo DER (RFC 8410 §7 and §4)
// around the raw 32 bytes, the algorithm being id-X25519 (1.3.101.110).
const x25519PKCS8Prefix = Uint8Array.from(Buffer.from('302e020100300506032b656e04220420', 'hex'));
const x25519SPKIPrefix = Uint8Array.from(Buffer.from('302a300506032b656e032100', 'hex'));
const withPrefix = (prefix: Uint8Array, raw: Uint8Array) => Buffer.concat([prefix, raw]);

function nodeX25519(secretKey: Uint8Array): { publicKey: Uint8Array; shared: (peer: Uint8Array) => Uint8Array } {
  const privateKey: KeyObject = createPrivateKey({ key: withPrefix(x25519PKCS8Prefix, secretKey), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    publicKey: new Uint8Array(spki.subarray(x25519SPKIPrefix.length)),
    shared: (peer) => new Uint8Array(diffieHellman({ privateKey, publicKey: createPublicKey({ key: withPrefix(x25519SPKIPrefix, peer), format: 'der', type: 'spki' }) })),
  };
}

function ecdh(compute: () => Uint8Array, name: string): Uint8Array {
  try {
    return compute();
  } catch {
    throw tlsError(Alert.illegalParameter, `invalid ${name} key share`);
  }
}
