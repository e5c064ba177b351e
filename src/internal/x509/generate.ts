// Making a certificate (RFC 5280 §4.1): the server's default self-signed one, or a leaf signed by
// a CA, with the extensions TLS peers (OpenSSL, Go, GnuTLS) expect of a server certificate.
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '../utils/rand.ts';
import * as der from './asn1.ts';
import { parseCertificate, type Certificate } from './certificate.ts';
import { malformed } from './errors.ts';
import { parseIp } from './ip.ts';
import { generatePrivateKey, marshalPrivateKeyPkcs8, type PrivateKey } from './keys.ts';
import * as oids from './oids.ts';
import { toPem } from './pem.ts';
import { SignatureScheme, sign } from './signature.ts';

export interface SelfSigned {
  certificate: Certificate;
  privateKey: PrivateKey;
  certPem: string;
  keyPem: string;
}

export interface CertificateOptions {
  kind?: 'ecdsa-p256' | 'ed25519'; // of the new key; default ecdsa-p256
  privateKey?: PrivateKey; // certify this existing key instead of a new one
  commonName?: string; // default "localhost"
  dnsNames?: string[]; // default ["localhost"]
  ipAddresses?: string[]; // default ["127.0.0.1", "::1"]
  notBefore?: Date; // default an hour ago (some clock skew tolerated)
  notAfter?: Date; // default a year after notBefore
  isCA?: boolean;
  issuer?: { certificate: Certificate; privateKey: PrivateKey }; // sign with this CA instead of the new key
}

const hourMs = 60 * 60 * 1000;
const yearMs = 365 * 24 * hourMs;

/** SubjectPublicKeyInfo of one of our keys (RFC 5480 §2, RFC 8410 §4), and the key bits it holds. */
function subjectPublicKeyInfo(key: PrivateKey): { spki: Uint8Array; bits: Uint8Array } {
  const pub = key.publicKey;
  if (pub.kind === 'ecdsa-p256') {
    return { spki: der.sequence(der.sequence(der.oid(oids.oidEcPublicKey), der.oid(oids.oidPrime256v1)), der.bitString(pub.point)), bits: pub.point };
  }
  if (pub.kind === 'ed25519') return { spki: der.sequence(der.sequence(der.oid(oids.oidEd25519)), der.bitString(pub.key)), bits: pub.key };
  throw new Error(`x509: cannot certify a ${pub.kind} key`);
}

/** The signature AlgorithmIdentifier and TLS scheme a key signs certificates with (RFC 5758 §3.2, RFC 8410 §3). */
function signingAlgorithm(key: PrivateKey): { algorithmIdentifier: Uint8Array; scheme: SignatureScheme } {
  return key.kind === 'ecdsa-p256'
    ? { algorithmIdentifier: der.sequence(der.oid(oids.oidEcdsaWithSha256)), scheme: SignatureScheme.ECDSA_SECP256R1_SHA256 }
    : { algorithmIdentifier: der.sequence(der.oid(oids.oidEd25519)), scheme: SignatureScheme.ED25519 };
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value)) : der.sequence(der.oid(id), der.octetString(value));
}

/** Issues a certificate for a new key (or `opts.privateKey`): self-signed by default, or signed by `opts.issuer`. */
export function generateSelfSignedCertificate(opts: CertificateOptions = {}): SelfSigned {
  const privateKey = opts.privateKey ?? generatePrivateKey(opts.kind ?? 'ecdsa-p256');
  const notBefore = opts.notBefore ?? new Date(Date.now() - hourMs);
  const notAfter = opts.notAfter ?? new Date(notBefore.getTime() + yearMs);
  const dnsNames = opts.dnsNames ?? ['localhost'];
  const ipAddresses = (opts.ipAddresses ?? ['127.0.0.1', '::1']).map((text) => parseIp(text) ?? badIp(text));
  const isCA = opts.isCA ?? false;
  const subject = der.sequence(der.set(der.sequence(der.oid(oids.oidCommonName), der.utf8String(opts.commonName ?? 'localhost'))));
  const signer = opts.issuer?.privateKey ?? privateKey;
  const { algorithmIdentifier, scheme } = signingAlgorithm(signer);
  const { spki, bits } = subjectPublicKeyInfo(privateKey);
  // RFC 7093 §2 method 1: the key identifier is the leftmost 160 bits of SHA-256 over the key bits.
  const subjectKeyId = sha256(bits).subarray(0, 20);

  // KeyUsage (§4.2.1.3) is a named BIT STRING: digitalSignature is bit 0, keyCertSign bit 5.
  const keyUsage = isCA ? der.bitString(Uint8Array.of(0x80 | 0x04), 6) : der.bitString(Uint8Array.of(0x80), 1);
  const extensions = [
    extension(oids.oidKeyUsage, true, keyUsage),
    extension(oids.oidBasicConstraints, true, isCA ? der.sequence(der.boolean(true)) : der.sequence()),
    extension(oids.oidSubjectKeyIdentifier, false, der.octetString(subjectKeyId)),
  ];
  // §4.2.1.1: the issuer's key identifier, which lets a verifier pick the issuer among look-alikes.
  const authorityKeyId = opts.issuer?.certificate.subjectKeyId;
  if (authorityKeyId) extensions.push(extension(oids.oidAuthorityKeyIdentifier, false, der.sequence(der.implicit(0, authorityKeyId))));
  if (!isCA) extensions.push(extension(oids.oidExtKeyUsage, false, der.sequence(der.oid(oids.oidServerAuth))));
  if (dnsNames.length || ipAddresses.length) {
    const names = [...dnsNames.map((n) => der.implicit(2, new TextEncoder().encode(n))), ...ipAddresses.map((ip) => der.implicit(7, ip))];
    extensions.push(extension(oids.oidSubjectAltName, false, der.sequence(...names)));
  }

  // §4.1.2.2: a positive serial of at most 20 octets; 127 random bits, the lowest set so it is never 0.
  const serialNumber = (bytesToNumberBE(randomBytes(16)) >> 1n) | 1n;
  const tbs = der.sequence(
    der.explicit(0, der.integer(2n)), // v3
    der.integer(serialNumber),
    algorithmIdentifier,
    opts.issuer?.certificate.subject ?? subject,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    subject,
    spki,
    der.explicit(3, der.sequence(...extensions)),
  );
  const raw = der.sequence(tbs, algorithmIdentifier, der.bitString(sign(signer, scheme, tbs)));
  return {
    certificate: parseCertificate(raw),
    privateKey,
    certPem: toPem('CERTIFICATE', raw),
    keyPem: toPem('PRIVATE KEY', marshalPrivateKeyPkcs8(privateKey)),
  };
}

function badIp(text: string): never {
  throw malformed(`IP address "${text}"`);
}
