// The certificate module of the TLS 1.3 stack: X.509 parsing, keys, signatures and chain checks.
export { CertificateAlert, CertificateError } from './errors.ts';
export { parsePemBlocks, toPem } from './pem.ts';
export { parseCertificate, parseCertificatesPem, type Certificate, type PublicKey } from './certificate.ts';
export { generatePrivateKey, marshalPrivateKeyPkcs8, parsePrivateKeyPem, type PrivateKey } from './keys.ts';
export { SignatureScheme, sign, signatureSchemesFor, verify } from './signature.ts';
export { generateSelfSignedCertificate, type CertificateOptions, type SelfSigned } from './generate.ts';
export { matchesServerName, verifyCertificateChain } from './verify.ts';
