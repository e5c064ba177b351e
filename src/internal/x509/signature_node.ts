// Signatures on node:crypto (OpenSSL), the node backend: ECDSA over P-256 and P-384, RSA-PSS and
// RSASSA-PKCS1-v1_5, Ed25519. OpenSSL wants keys as KeyObjects; each key's is made once, from
// its JWK form (RFC 7518 §6, RFC 8037 §2), and kept as long as the key is.
import type { KeyObject } from 'node:crypto';
import { nodeBuiltin } from '../utils/node_builtin.ts';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { getOrCreate } from '../utils/weak_cache.ts';
import { bigIntToBytes } from './big_endian.ts';
import type { PublicKey } from './certificate.ts';
import type { PrivateKey } from './keys.ts';
import type { SignatureAlgorithm } from './signature_algorithm.ts';

const nodeCrypto = () => nodeBuiltin('node:crypto'); // looked up on first use: never in a page that keeps to noble

const hashNames = new Map<CHash, string>([
  [sha256, 'sha256'],
  [sha384, 'sha384'],
  [sha512, 'sha512'],
]);

const b64url = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
const curveNames = { 'ecdsa-p256': 'P-256', 'ecdsa-p384': 'P-384' } as const;

/** x and y of an uncompressed SEC 1 point 0x04 ‖ X ‖ Y, as JWK members. */
function jwkPoint(point: Uint8Array): { x: string; y: string } {
  const size = (point.length - 1) / 2;
  return { x: b64url(point.subarray(1, 1 + size)), y: b64url(point.subarray(1 + size)) };
}

/** Public keys by their parsed form (a certificate's PublicKey object lives as long as the certificate). */
const publicKeys = new WeakMap<PublicKey, KeyObject>();
const privateKeys = new WeakMap<PrivateKey, KeyObject>();

function publicKeyObject(pub: PublicKey): KeyObject {
  return getOrCreate(publicKeys, pub, () => {
    switch (pub.kind) {
      case 'ecdsa-p256':
      case 'ecdsa-p384':
        return nodeCrypto().createPublicKey({ key: { kty: 'EC', crv: curveNames[pub.kind], ...jwkPoint(pub.point) }, format: 'jwk' });
      case 'ed25519':
        return nodeCrypto().createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pub.key) }, format: 'jwk' });
      case 'rsa':
        return nodeCrypto().createPublicKey({ key: { kty: 'RSA', n: b64url(unsigned(pub.n)), e: b64url(unsigned(pub.e)) }, format: 'jwk' });
    }
  });
}

function privateKeyObject(key: PrivateKey): KeyObject {
  return getOrCreate(privateKeys, key, () => {
    if (key.kind === 'ed25519') {
      if (key.publicKey.kind !== 'ed25519') throw new Error('x509: an Ed25519 private key needs an Ed25519 public key');
      return nodeCrypto().createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64url(key.seed), x: b64url(key.publicKey.key) }, format: 'jwk' });
    }
    if (key.publicKey.kind !== 'ecdsa-p256') throw new Error('x509: a P-256 private key needs a P-256 public key');
    return nodeCrypto().createPrivateKey({ key: { kty: 'EC', crv: 'P-256', d: b64url(key.d), ...jwkPoint(key.publicKey.point) }, format: 'jwk' });
  });
}

/** A positive integer's minimal big-endian bytes. */
function unsigned(v: bigint): Uint8Array {
  return bigIntToBytes(v, Math.ceil(v.toString(16).length / 2));
}

/** The modulus length k in bytes (RFC 8017 §5.2.2): a signature of any other length is invalid (§8.1.2 step 1). */
function rsaModulusBytes(pub: PublicKey & { kind: 'rsa' }): number {
  return Math.ceil(pub.n.toString(2).length / 8);
}

/** Signs `message` with an ECDSA P-256 (DER signature) or Ed25519 key. */
export function nodeSign(key: PrivateKey, algorithm: SignatureAlgorithm, message: Uint8Array): Uint8Array {
  const k = privateKeyObject(key);
  if (algorithm.type === 'ed25519') return new Uint8Array(nodeCrypto().sign(null, message, k));
  if (algorithm.type !== 'ecdsa') throw new Error(`x509: cannot sign ${algorithm.type} on node:crypto`);
  return new Uint8Array(nodeCrypto().sign(hashNames.get(algorithm.hash)!, message, { key: k, dsaEncoding: 'der' }));
}

/** Verifies a signature made with `algorithm`; the caller has matched the key's type to it. Throws on malformed input. */
export function nodeVerify(pub: PublicKey, algorithm: SignatureAlgorithm, message: Uint8Array, signature: Uint8Array): boolean {
  const key = publicKeyObject(pub);
  switch (algorithm.type) {
    case 'ed25519':
      return nodeCrypto().verify(null, message, key, signature);
    case 'ecdsa':
      return nodeCrypto().verify(hashNames.get(algorithm.hash)!, message, { key, dsaEncoding: 'der' }, signature);
    case 'rsa-pss':
    case 'rsa-pkcs1': {
      // OpenSSL would take a signature shorter than the modulus (as if left-padded with zeros); RFC 8017 does not.
      if (pub.kind !== 'rsa' || signature.length !== rsaModulusBytes(pub)) return false;
      const padding = algorithm.type === 'rsa-pss' ? { padding: nodeCrypto().constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength } : { padding: nodeCrypto().constants.RSA_PKCS1_PADDING };
      return nodeCrypto().verify(hashNames.get(algorithm.hash)!, message, { key, ...padding }, signature);
    }
  }
}
