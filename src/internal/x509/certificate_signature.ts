// Checking that a certificate was signed by a candidate issuer (Go's CheckSignatureFrom): the
// certificate's signatureAlgorithm (RFC 5280 §4.1.1.2) names how, the issuer's key checks it.
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { DerReader, Tag, contextTag } from './asn1.ts';
import { readAlgorithmIdentifier, type Certificate } from './certificate.ts';
import { CertificateError } from './errors.ts';
import * as oids from './oids.ts';
import { DefaultCryptoBackend, type CryptoBackend } from '../crypto/crypto_backend.ts';
import { verifySignature, type SignatureAlgorithm } from './signature.ts';

const hashes = new Map<string, CHash>([
  [oids.oidSha256, sha256],
  [oids.oidSha384, sha384],
  [oids.oidSha512, sha512],
]);

/** A hash AlgorithmIdentifier: parameters absent or NULL (RFC 5754 §2). */
function readHash(r: DerReader): CHash | undefined {
  const { oid, parameters } = readAlgorithmIdentifier(r, 'hash algorithm');
  return parameters && parameters.tag !== Tag.NULL ? undefined : hashes.get(oid);
}

/**
 * RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1,
 *   saltLength [2] INTEGER DEFAULT 20, trailerField [3] INTEGER DEFAULT 1 }   (RFC 4055 §3.1)
 * Accepted, as Go's crypto/x509 does: a SHA-2 hash, MGF1 with that same hash, the standard trailer.
 */
function pssAlgorithm(parameters: Uint8Array): SignatureAlgorithm | undefined {
  const outer = new DerReader(parameters);
  const params = outer.readSequence('RSASSA-PSS-params');
  outer.expectEnd('RSASSA-PSS-params');
  const hashField = params.readOptional(contextTag(0, true));
  const hash = hashField && readHash(new DerReader(hashField.contents));
  const mgfField = params.readOptional(contextTag(1, true));
  if (!hash || !mgfField) return undefined; // the SHA-1 defaults are not accepted
  const mgf = readAlgorithmIdentifier(new DerReader(mgfField.contents), 'maskGenAlgorithm');
  if (mgf.oid !== oids.oidMgf1 || !mgf.parameters || readHash(new DerReader(mgf.parameters.raw)) !== hash) return undefined;
  const saltField = params.readOptional(contextTag(2, true));
  const saltLength = saltField ? new DerReader(saltField.contents).readInteger('saltLength') : 20n;
  const trailerField = params.readOptional(contextTag(3, true));
  if (trailerField && new DerReader(trailerField.contents).readInteger('trailerField') !== 1n) return undefined;
  params.expectEnd('RSASSA-PSS-params');
  if (saltLength < 0n || saltLength > 1024n) return undefined;
  return { type: 'rsa-pss', hash, saltLength: Number(saltLength) };
}

/** The algorithm a certificate's signature was made with, or undefined if this module does not support it. */
function certificateSignatureAlgorithm(cert: Certificate): SignatureAlgorithm | undefined {
  switch (cert.signatureAlgorithm) {
    case oids.oidEcdsaWithSha256:
      return { type: 'ecdsa', hash: sha256 };
    case oids.oidEcdsaWithSha384:
      return { type: 'ecdsa', hash: sha384 };
    case oids.oidEd25519:
      return { type: 'ed25519' };
    case oids.oidSha256WithRsaEncryption:
      return { type: 'rsa-pkcs1', hash: sha256 };
    case oids.oidSha384WithRsaEncryption:
      return { type: 'rsa-pkcs1', hash: sha384 };
    case oids.oidSha512WithRsaEncryption:
      return { type: 'rsa-pkcs1', hash: sha512 };
    case oids.oidRsassaPss:
      if (!cert.signatureParameters) return undefined;
      try {
        return pssAlgorithm(cert.signatureParameters);
      } catch (err) {
        if (err instanceof CertificateError) return undefined; // malformed parameters: not a usable algorithm
        throw err;
      }
    default:
      return undefined;
  }
}

/** Whether `parent`'s public key verifies `cert`'s signature over its tbsCertificate, on `backend`. */
export function checkSignatureFrom(cert: Certificate, parent: Certificate, backend: CryptoBackend = DefaultCryptoBackend): boolean {
  const algorithm = certificateSignatureAlgorithm(cert);
  return algorithm !== undefined && verifySignature(parent.publicKey, algorithm, cert.tbs, cert.signature, backend);
}
