// The object identifiers this module reads and writes, named as in the RFCs that define them.

/** Public key algorithms (RFC 5480 §2.1.1, RFC 8410 §3, RFC 8017 App. C) and named curves. */
export const oidEcPublicKey = '1.2.840.10045.2.1';
export const oidPrime256v1 = '1.2.840.10045.3.1.7'; // secp256r1, P-256
export const oidSecp384r1 = '1.3.132.0.34'; // P-384
export const oidEd25519 = '1.3.101.112'; // both the key and the signature algorithm
export const oidRsaEncryption = '1.2.840.113549.1.1.1';

/** Signature algorithms (RFC 5758 §3.2, RFC 4055 §5, RFC 8017 App. C). */
export const oidEcdsaWithSha256 = '1.2.840.10045.4.3.2';
export const oidEcdsaWithSha384 = '1.2.840.10045.4.3.3';
export const oidSha256WithRsaEncryption = '1.2.840.113549.1.1.11';
export const oidSha384WithRsaEncryption = '1.2.840.113549.1.1.12';
export const oidSha512WithRsaEncryption = '1.2.840.113549.1.1.13';
export const oidRsassaPss = '1.2.840.113549.1.1.10';
export const oidMgf1 = '1.2.840.113549.1.1.8';

/** Hash algorithms (RFC 5754 §2). */
export const oidSha256 = '2.16.840.1.101.3.4.2.1';
export const oidSha384 = '2.16.840.1.101.3.4.2.2';
export const oidSha512 = '2.16.840.1.101.3.4.2.3';

/** Name attributes and certificate extensions (RFC 5280 §4.1.2.4, §4.2). */
export const oidCommonName = '2.5.4.3';
export const oidSubjectKeyIdentifier = '2.5.29.14';
export const oidKeyUsage = '2.5.29.15';
export const oidSubjectAltName = '2.5.29.17';
export const oidBasicConstraints = '2.5.29.19';
export const oidAuthorityKeyIdentifier = '2.5.29.35';
export const oidExtKeyUsage = '2.5.29.37';
export const oidAnyExtendedKeyUsage = '2.5.29.37.0';
export const oidServerAuth = '1.3.6.1.5.5.7.3.1';
