// Private keys: generating them, and reading and writing the files people keep them in —
// PKCS#8 "PRIVATE KEY" (RFC 5208 §5, RFC 5958 §2) and SEC1 "EC PRIVATE KEY" (RFC 5915 §3).
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { DerReader, Tag, bitString, contextTag, explicit, integer, octetString, oid, sequence } from './asn1.ts';
import { readAlgorithmIdentifier, type PublicKey } from './certificate.ts';
import { malformed } from './errors.ts';
import * as oids from './oids.ts';
import { parsePemBlocks } from './pem.ts';

export type PrivateKey =
  | { kind: 'ecdsa-p256'; d: Uint8Array; publicKey: PublicKey } // d: the 32-byte scalar
  | { kind: 'ed25519'; seed: Uint8Array; publicKey: PublicKey }; // seed: the 32-byte RFC 8032 private key

function p256Key(d: Uint8Array): PrivateKey {
  if (!p256.utils.isValidSecretKey(d)) throw malformed('P-256 private key');
  return { kind: 'ecdsa-p256', d, publicKey: { kind: 'ecdsa-p256', point: p256.getPublicKey(d, false) } };
}

function ed25519Key(seed: Uint8Array): PrivateKey {
  if (seed.length !== 32) throw malformed('Ed25519 private key');
  return { kind: 'ed25519', seed, publicKey: { kind: 'ed25519', key: ed25519.getPublicKey(seed) } };
}

export function generatePrivateKey(kind: 'ecdsa-p256' | 'ed25519'): PrivateKey {
  return kind === 'ecdsa-p256' ? p256Key(p256.utils.randomSecretKey()) : ed25519Key(ed25519.utils.randomSecretKey());
}

/**
 * ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
 *   parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }   (RFC 5915 §3)
 * `curveFromAlgorithm` is the curve a PKCS#8 wrapper already named, if any.
 */
function parseEcPrivateKey(der: Uint8Array, curveFromAlgorithm?: string): PrivateKey {
  const outer = new DerReader(der);
  const key = outer.readSequence('ECPrivateKey');
  outer.expectEnd('ECPrivateKey');
  if (key.readInteger('ECPrivateKey version') !== 1n) throw malformed('ECPrivateKey version');
  const scalar = key.readOctetString('ECPrivateKey privateKey');
  const parameters = key.readOptional(contextTag(0, true));
  const curve = parameters ? new DerReader(parameters.contents).readOid('ECPrivateKey curve') : curveFromAlgorithm;
  if (curve !== oids.oidPrime256v1) throw malformed(`EC private key: curve ${curve ?? 'missing'} is not P-256`);
  // Encoders should write the scalar in 32 bytes (SEC1 §C.4), but some drop leading zeros.
  if (scalar.length > 32) throw malformed('P-256 private key');
  const d = new Uint8Array(32);
  d.set(scalar, 32 - scalar.length);
  return p256Key(d);
}

/** PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... } */
function parsePkcs8(der: Uint8Array): PrivateKey {
  const outer = new DerReader(der);
  const info = outer.readSequence('PrivateKeyInfo');
  outer.expectEnd('PrivateKeyInfo');
  const version = info.readInteger('PrivateKeyInfo version'); // 0, or 1 when a publicKey follows (RFC 5958)
  if (version !== 0n && version !== 1n) throw malformed('PrivateKeyInfo version');
  const { oid: algorithm, parameters } = readAlgorithmIdentifier(info, 'privateKeyAlgorithm');
  const privateKey = info.readOctetString('PrivateKeyInfo privateKey');
  // attributes [0] and publicKey [1] may follow; the public key is recomputed from the private one.
  switch (algorithm) {
    case oids.oidEcPublicKey: {
      if (parameters?.tag !== Tag.OID) throw malformed('EC private key: missing named curve');
      return parseEcPrivateKey(privateKey, new DerReader(parameters.raw).readOid('named curve'));
    }
    case oids.oidEd25519: {
      // RFC 8410 §7: the privateKey OCTET STRING holds CurvePrivateKey ::= OCTET STRING.
      const inner = new DerReader(privateKey);
      const seed = inner.readOctetString('Ed25519 CurvePrivateKey');
      inner.expectEnd('Ed25519 CurvePrivateKey');
      return ed25519Key(seed);
    }
    default:
      throw malformed(`private key: unsupported algorithm ${algorithm}`);
  }
}

/** The first private key in `pem`: PKCS#8 (P-256, Ed25519) or SEC1 (P-256). Other blocks are skipped. */
export function parsePrivateKeyPem(pem: string): PrivateKey {
  for (const { label, der } of parsePemBlocks(pem)) {
    if (label === 'PRIVATE KEY') return parsePkcs8(der);
    if (label === 'EC PRIVATE KEY') return parseEcPrivateKey(der);
  }
  throw malformed('PEM: no PRIVATE KEY or EC PRIVATE KEY block');
}

/** The PKCS#8 PrivateKeyInfo DER of `key`, as `openssl pkcs8 -topk8 -nocrypt` writes it. */
export function marshalPrivateKeyPkcs8(key: PrivateKey): Uint8Array {
  if (key.kind === 'ed25519') {
    return sequence(integer(0n), sequence(oid(oids.oidEd25519)), octetString(octetString(key.seed)));
  }
  if (key.publicKey.kind !== 'ecdsa-p256') throw new Error('x509: a P-256 private key needs a P-256 public key');
  // The curve is named once, in the AlgorithmIdentifier; the ECPrivateKey carries d and the point.
  const ecPrivateKey = sequence(integer(1n), octetString(key.d), explicit(1, bitString(key.publicKey.point)));
  return sequence(integer(0n), sequence(oid(oids.oidEcPublicKey), oid(oids.oidPrime256v1)), octetString(ecPrivateKey));
}
