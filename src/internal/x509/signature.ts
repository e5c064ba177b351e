// Signatures: TLS 1.3's SignatureScheme codepoints (RFC 8446 §4.2.3) for CertificateVerify, and
// the algorithms behind them, which certificate signatures (RFC 5280 §4.1.1.2) use too. They run
// on the connection's crypto backend: @noble/curves for ECDSA and Ed25519 and our RSA verification
// (rsa.ts, the one primitive noble lacks) on 'noble', node:crypto for all of them on 'node'.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { DefaultCryptoBackend, type CryptoBackend } from '../crypto/crypto_backend.ts';
import type { PublicKey } from './certificate.ts';
import { signP256, verifyECDSA } from './ecdsa.ts';
import type { PrivateKey } from './keys.ts';
import { rsaVerifyPkcs1v15, rsaVerifyPss } from './rsa.ts';
import { nodeSign, nodeVerify } from './signature_node.ts';
import type { SignatureAlgorithm } from './signature_algorithm.ts';

export type { SignatureAlgorithm };

export type SignatureScheme = number;
/**
 * The codepoints this module signs or verifies. TLS 1.3 allows rsa_pkcs1_* only in certificates,
 * never in CertificateVerify (RFC 8446 §4.2.3): the handshake must not offer them there.
 */
export const SignatureScheme = {
  RSA_PKCS1_SHA256: 0x0401,
  RSA_PKCS1_SHA384: 0x0501,
  RSA_PKCS1_SHA512: 0x0601,
  ECDSA_SECP256R1_SHA256: 0x0403,
  ECDSA_SECP384R1_SHA384: 0x0503,
  RSA_PSS_RSAE_SHA256: 0x0804,
  RSA_PSS_RSAE_SHA384: 0x0805,
  RSA_PSS_RSAE_SHA512: 0x0806,
  ED25519: 0x0807,
} as const;

/** Each scheme with the one key type it is for: TLS 1.3 ties an ECDSA scheme to its curve. */
const schemes = new Map<SignatureScheme, { key: PublicKey['kind']; algorithm: SignatureAlgorithm }>([
  [SignatureScheme.ECDSA_SECP256R1_SHA256, { key: 'ecdsa-p256', algorithm: { type: 'ecdsa', hash: sha256 } }],
  [SignatureScheme.ECDSA_SECP384R1_SHA384, { key: 'ecdsa-p384', algorithm: { type: 'ecdsa', hash: sha384 } }],
  [SignatureScheme.ED25519, { key: 'ed25519', algorithm: { type: 'ed25519' } }],
  // rsa_pss_rsae_*: salt length = hash length (RFC 8446 §4.2.3).
  [SignatureScheme.RSA_PSS_RSAE_SHA256, { key: 'rsa', algorithm: { type: 'rsa-pss', hash: sha256, saltLength: 32 } }],
  [SignatureScheme.RSA_PSS_RSAE_SHA384, { key: 'rsa', algorithm: { type: 'rsa-pss', hash: sha384, saltLength: 48 } }],
  [SignatureScheme.RSA_PSS_RSAE_SHA512, { key: 'rsa', algorithm: { type: 'rsa-pss', hash: sha512, saltLength: 64 } }],
  [SignatureScheme.RSA_PKCS1_SHA256, { key: 'rsa', algorithm: { type: 'rsa-pkcs1', hash: sha256 } }],
  [SignatureScheme.RSA_PKCS1_SHA384, { key: 'rsa', algorithm: { type: 'rsa-pkcs1', hash: sha384 } }],
  [SignatureScheme.RSA_PKCS1_SHA512, { key: 'rsa', algorithm: { type: 'rsa-pkcs1', hash: sha512 } }],
]);

/** The schemes `key` can sign with, for the signature_algorithms negotiation. */
export function signatureSchemesFor(key: PrivateKey): SignatureScheme[] {
  return [...schemes].filter(([, s]) => s.key === key.kind).map(([scheme]) => scheme);
}

/** Signs `message` with `scheme`; an ECDSA signature comes DER-encoded, as TLS carries it (RFC 8446 §4.2.3). */
export function sign(key: PrivateKey, scheme: SignatureScheme, message: Uint8Array, backend: CryptoBackend = DefaultCryptoBackend): Uint8Array {
  const entry = schemes.get(scheme);
  const algorithm = entry?.key === key.kind ? entry.algorithm : undefined;
  if (key.kind === 'ed25519' && algorithm?.type === 'ed25519') {
    return backend === 'node' ? nodeSign(key, algorithm, message) : ed25519.sign(message, key.seed);
  }
  if (key.kind === 'ecdsa-p256' && algorithm?.type === 'ecdsa') {
    return backend === 'node' ? nodeSign(key, algorithm, message) : signP256(key.d, algorithm.hash, message);
  }
  throw new Error(`x509: cannot sign with scheme 0x${scheme.toString(16)} using a ${key.kind} key`);
}

/** Verifies a signature made with `algorithm`; false for any mismatch or malformed input, never a throw. */
export function verifySignature(pub: PublicKey, algorithm: SignatureAlgorithm, message: Uint8Array, signature: Uint8Array, backend: CryptoBackend = DefaultCryptoBackend): boolean {
  try {
    if (backend === 'node') return keyFits(pub, algorithm) && nodeVerify(pub, algorithm, message, signature);
    switch (algorithm.type) {
      case 'ecdsa':
        return (pub.kind === 'ecdsa-p256' || pub.kind === 'ecdsa-p384') && verifyECDSA(pub.kind, pub.point, algorithm.hash, message, signature);
      case 'ed25519':
        // zip215: false — RFC 8032 §5.1.7's strict checks rather than ZIP-215's relaxed ones.
        return pub.kind === 'ed25519' && ed25519.verify(signature, message, pub.key, { zip215: false });
      case 'rsa-pss':
        return pub.kind === 'rsa' && rsaVerifyPss(pub, algorithm.hash, message, signature, algorithm.saltLength);
      case 'rsa-pkcs1':
        return pub.kind === 'rsa' && rsaVerifyPkcs1v15(pub, algorithm.hash, message, signature);
    }
  } catch {
    return false; // noble and OpenSSL throw on a malformed signature or key encoding
  }
}

/** Whether the key is of the type the algorithm needs (ECDSA: either curve; verify() ties a TLS scheme to its curve). */
function keyFits(pub: PublicKey, algorithm: SignatureAlgorithm): boolean {
  if (algorithm.type === 'ecdsa') return pub.kind === 'ecdsa-p256' || pub.kind === 'ecdsa-p384';
  return pub.kind === (algorithm.type === 'ed25519' ? 'ed25519' : 'rsa');
}

/** Verifies a TLS signature: `scheme` must be one this module knows and fit the key's type. */
export function verify(pub: PublicKey, scheme: SignatureScheme, message: Uint8Array, signature: Uint8Array, backend: CryptoBackend = DefaultCryptoBackend): boolean {
  const entry = schemes.get(scheme);
  return entry?.key === pub.kind && verifySignature(pub, entry.algorithm, message, signature, backend);
}
