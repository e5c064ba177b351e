// Authentication by signature (RFC 8446 §4.4.3; Go's auth.go): what CertificateVerify signs, and
// which schemes a client accepts. Only the server authenticates here: QUIC servers of this course
// do not ask for client certificates.
import { concatBytes } from '@noble/hashes/utils.js';
import { SignatureScheme } from '../x509/index.ts';

export const serverSignatureContext = 'TLS 1.3, server CertificateVerify';

const encoder = new TextEncoder();

/**
 * The content covered by the signature: 64 spaces, the context string, a zero byte, then
 * Transcript-Hash(ClientHello ... Certificate).
 */
export function signedMessage(context: string, transcriptHash: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array(64).fill(0x20), encoder.encode(context), Uint8Array.of(0), transcriptHash);
}

/**
 * The signature_algorithms a client offers for CertificateVerify. rsa_pkcs1_* is not allowed there
 * in TLS 1.3 (§4.2.3), so it is absent.
 */
export const supportedSignatureAlgorithms: readonly number[] = [
  SignatureScheme.ECDSA_SECP256R1_SHA256,
  SignatureScheme.ED25519,
  SignatureScheme.RSA_PSS_RSAE_SHA256,
  SignatureScheme.ECDSA_SECP384R1_SHA384,
  SignatureScheme.RSA_PSS_RSAE_SHA384,
  SignatureScheme.RSA_PSS_RSAE_SHA512,
];
