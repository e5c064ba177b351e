// (EC)DHE key exchange for the key_share extension (RFC 8446 §4.2.8), on the connection's crypto
// backend: X25519 and secp256r1 from @noble/curves, or from node:crypto (OpenSSL). A share is the
// public key; the shared secret is the ECDH output (for P-256 the x-coordinate only, RFC 8446 §7.4.2).
import type { KeyObject } from 'node:crypto';
import { nodeBuiltin } from '../utils/node_builtin.ts';
import { x25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { randomBytes } from '../utils/rand.ts';
import type { CryptoBackend } from '../crypto/crypto_backend.ts';
import { Alert, tlsError } from './alert.ts';
import { CurveID } from './common.ts';

const nodeCrypto = () => nodeBuiltin('node:crypto'); // looked up on first use: never in a page that keeps to noble

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
      // RFC 7748 §6.1: any 32 random bytes; X25519 clamps them. OpenSSL draws its own.
      return x25519Share(backend === 'node' ? nodeX25519() : nobleX25519(randomBytes(32)));
    case CurveID.secp256r1:
      return p256KeyShare(p256.utils.randomSecretKey(randomBytes(p256.lengths.seed!)), backend);
    default:
      throw tlsError(Alert.internalError, `unsupported group ${group}`);
  }
}

/** An X25519 key share with a given private key: for the RFC 7748 and RFC 8448 test vectors. */
export function x25519KeyShare(secretKey: Uint8Array, backend: CryptoBackend): KeySharePrivate {
  return x25519Share(backend === 'node' ? nodeX25519(secretKey) : nobleX25519(secretKey));
}

/** X25519's two operations on one private key: its public key, and the shared secret with a peer's. */
interface X25519Key {
  publicKey: Uint8Array;
  shared(peer: Uint8Array): Uint8Array;
}

/** X25519 (RFC 7748 §6.1) as a key share. */
function x25519Share(ops: X25519Key): KeySharePrivate {
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
  const node = backend === 'node' ? nodeCrypto().createECDH('prime256v1') : undefined;
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

function nobleX25519(secretKey: Uint8Array): X25519Key {
  return { publicKey: x25519.getPublicKey(secretKey), shared: (peer) => x25519.getSharedSecret(secretKey, peer) };
}

/**
 * X25519 on node:crypto, keys as KeyObjects: a key pair OpenSSL generates, or one from a given
 * private key (PKCS#8 DER around the raw 32 bytes, RFC 8410 §7). Raw public keys cross as JWK
 * (RFC 8037 §2), which node:crypto imports some ten times faster than DER.
 */
function nodeX25519(secretKey?: Uint8Array): X25519Key {
  const pair = secretKey ? keyPairOf(secretKey) : nodeCrypto().generateKeyPairSync('x25519');
  return {
    publicKey: new Uint8Array(Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url')),
    shared: (peer) => {
      const publicKey = nodeCrypto().createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(peer).toString('base64url') }, format: 'jwk' });
      return new Uint8Array(nodeCrypto().diffieHellman({ privateKey: pair.privateKey, publicKey }));
    },
  };
}

const x25519PKCS8Prefix = hexToBytes('302e020100300506032b656e04220420'); // id-X25519 (1.3.101.110)

function keyPairOf(secretKey: Uint8Array): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = nodeCrypto().createPrivateKey({ key: Buffer.concat([x25519PKCS8Prefix, secretKey]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: nodeCrypto().createPublicKey(privateKey) };
}

function ecdh(compute: () => Uint8Array, name: string): Uint8Array {
  try {
    return compute();
  } catch {
    throw tlsError(Alert.illegalParameter, `invalid ${name} key share`);
  }
}
