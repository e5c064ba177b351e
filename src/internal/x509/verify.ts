// Verifying a peer's certificate chain (RFC 5280 §6, simplified as Go's crypto/x509 Verify is)
// and its name (RFC 6125 §6), with the TLS alert each failure is reported with.
import { equalBytes } from '@noble/curves/utils.js';
import type { CryptoBackend } from '../crypto/crypto_backend.ts';
import { keyUsageCertSign, type Certificate } from './certificate.ts';
import { checkSignatureFrom } from './certificate_signature.ts';
import { CertificateAlert, CertificateError } from './errors.ts';
import { parseIp } from './ip.ts';
import * as oids from './oids.ts';

/** Go's maxChainSignatureChecks: a chain of look-alike intermediates cannot make us search forever. */
const maxChainSignatureChecks = 100;

function describe(cert: Certificate): string {
  return cert.subjectCommonName !== undefined ? `"${cert.subjectCommonName}"` : `serial ${cert.serialNumber}`;
}

/**
 * certificate_expired (45) unless notBefore ≤ now ≤ notAfter (RFC 5280 §4.1.2.5), saying which
 * bound was crossed: a certificate made without validity dates (Go's zero time, 0001-01-01 for
 * both) has expired.
 */
function checkValidity(cert: Certificate, now: Date): CertificateError | undefined {
  const current = `current time ${now.toISOString()}`;
  if (now < cert.notBefore) {
    return new CertificateError(
      `x509: certificate ${describe(cert)} is not yet valid: ${current} is before its notBefore ${cert.notBefore.toISOString()}`,
      CertificateAlert.certificateExpired,
    );
  }
  if (now > cert.notAfter) {
    return new CertificateError(
      `x509: certificate ${describe(cert)} has expired: ${current} is after its notAfter ${cert.notAfter.toISOString()}`,
      CertificateAlert.certificateExpired,
    );
  }
  return undefined;
}

/**
 * What every certificate on a path must satisfy, the leaf and the trusted root included (Go's
 * isValid and checkChainForKeyUsage): no critical extension this module does not process (RFC 5280
 * §4.2: it MUST be rejected), the validity period, and, where extendedKeyUsage is present, serverAuth
 * or anyExtendedKeyUsage among its purposes (§4.2.1.12: the key may be used only for those).
 */
function checkCertificate(cert: Certificate, now: Date): CertificateError | undefined {
  if (cert.unhandledCriticalExtensions.length > 0) {
    return new CertificateError(
      `x509: certificate ${describe(cert)} has an unhandled critical extension ${cert.unhandledCriticalExtensions.join(', ')}`,
      CertificateAlert.badCertificate,
    );
  }
  const eku = cert.extKeyUsage;
  if (eku?.length && !eku.includes(oids.oidServerAuth) && !eku.includes(oids.oidAnyExtendedKeyUsage)) {
    return new CertificateError(
      `x509: certificate ${describe(cert)} specifies an incompatible key usage: its extendedKeyUsage (${eku.join(', ')}) lacks serverAuth`,
      CertificateAlert.badCertificate,
    );
  }
  return checkValidity(cert, now);
}

/**
 * Why `candidate` cannot be `cert`'s issuer on a path where `intermediatesBelow` intermediates
 * separate it from the leaf, or undefined if it can.
 */
function checkIssuer(cert: Certificate, candidate: Certificate, search: PathSearch, intermediatesBelow: number): CertificateError | undefined {
  if (!checkSignatureFrom(cert, candidate, search.backend)) {
    return new CertificateError(
      `x509: certificate signed by unknown authority (the signature does not verify with the key of candidate authority ${describe(candidate)})`,
      CertificateAlert.unknownCA,
    );
  }
  // RFC 5280 §4.2.1.9: only a CA's key may verify certificate signatures; §4.2.1.3: and, if the
  // key's usage is restricted, only with keyCertSign among its usages (Go's CheckSignatureFrom).
  if (!candidate.isCA) {
    return new CertificateError(`x509: issuer ${describe(candidate)} is not authorized to sign other certificates`, CertificateAlert.badCertificate);
  }
  if (candidate.keyUsage && !(candidate.keyUsage & keyUsageCertSign)) {
    return new CertificateError(
      `x509: issuer ${describe(candidate)} is not authorized to sign other certificates: its keyUsage lacks keyCertSign`,
      CertificateAlert.badCertificate,
    );
  }
  // §4.2.1.9: pathLenConstraint is the most intermediates that may follow this CA in a path.
  if (candidate.maxPathLen !== undefined && intermediatesBelow > candidate.maxPathLen) {
    return new CertificateError(
      `x509: too many intermediates for the path length constraint of ${describe(candidate)}: ${intermediatesBelow} below it, at most ${candidate.maxPathLen}`,
      CertificateAlert.badCertificate,
    );
  }
  return checkCertificate(candidate, search.now);
}

/** What a path search shares: the time, the backend that checks signatures, the signature checks left. */
interface PathSearch {
  readonly now: Date;
  readonly backend: CryptoBackend | undefined;
  checks: number;
}

/**
 * Searches for a path from `cert` through `intermediates` (in any order, each used once) to one of
 * `roots`. Returns undefined when one is found, else the first reason a candidate issuer failed;
 * throws once the budget of signature checks is spent.
 */
function chainToRoot(
  cert: Certificate,
  intermediates: Certificate[],
  roots: Certificate[],
  search: PathSearch,
  intermediatesBelow = 0, // on the path between `cert`'s issuer and the leaf
): CertificateError | undefined {
  // A certificate that is itself trusted (say, a self-signed one passed as the root) ends the path.
  if (roots.some((root) => equalBytes(root.raw, cert.raw))) return undefined;
  let failure: CertificateError | undefined;
  const candidates = [...roots.map((c) => ({ c, isRoot: true })), ...intermediates.map((c) => ({ c, isRoot: false }))];
  for (const { c: candidate, isRoot } of candidates) {
    if (!equalBytes(candidate.subject, cert.issuer)) continue;
    if (--search.checks < 0) {
      throw new CertificateError('x509: signature check attempts limit reached while verifying certificate chain', CertificateAlert.badCertificate);
    }
    const problem =
      checkIssuer(cert, candidate, search, intermediatesBelow) ??
      (isRoot ? undefined : chainToRoot(candidate, intermediates.filter((i) => i !== candidate), roots, search, intermediatesBelow + 1));
    if (!problem) return undefined;
    failure ??= problem;
  }
  return failure ?? new CertificateError(`x509: certificate ${describe(cert)} signed by unknown authority`, CertificateAlert.unknownCA);
}

/**
 * Verifies a peer's chain (leaf first, then any intermediates) against trusted `roots` and the
 * name the client asked for. Throws CertificateError carrying the alert to send:
 * certificate_expired (45) for a certificate outside its validity period, unknown_ca (48) when no
 * path reaches a root, bad_certificate (42) for a name mismatch, an issuer not allowed to sign (not
 * a CA, no keyCertSign, past its path length), an unhandled critical extension or a key usage other
 * than server authentication. Signatures are checked on `opts.crypto` (noble by default).
 */
export function verifyCertificateChain(chain: Certificate[], roots: Certificate[], opts: { serverName: string; now?: Date; crypto?: CryptoBackend }): void {
  const [leaf, ...intermediates] = chain;
  if (!leaf) throw new CertificateError('x509: no certificate', CertificateAlert.badCertificate);
  const now = opts.now ?? new Date();
  const unfit = checkCertificate(leaf, now);
  if (unfit) throw unfit;
  const noPath = chainToRoot(leaf, intermediates, roots, { now, backend: opts.crypto, checks: maxChainSignatureChecks });
  if (noPath) throw noPath;
  if (!matchesServerName(leaf, opts.serverName)) {
    const names = [...leaf.dnsNames, ...leaf.ipAddresses];
    throw new CertificateError(
      names.length
        ? `x509: certificate is valid for ${names.join(', ')}, not ${opts.serverName}`
        : `x509: certificate is not valid for any names, but wanted to match ${opts.serverName}`,
      CertificateAlert.badCertificate,
    );
  }
}

/** RFC 6125 §6.4.3: a "*" only as the whole leftmost label, standing for exactly one label. */
function matchHostname(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === pattern.slice(1);
}

/**
 * Whether `cert` is for `serverName`: an IP literal (bare or in brackets) against the iPAddress
 * entries, a DNS name case-insensitively against the dNSName entries. As RFC 6125 §6.4.4 lets a
 * client, and as Go does, the subject's commonName is never consulted.
 */
export function matchesServerName(cert: Certificate, serverName: string): boolean {
  const host = serverName.startsWith('[') && serverName.endsWith(']') ? serverName.slice(1, -1) : serverName;
  const ip = parseIp(host);
  if (ip) {
    return cert.ipAddresses.some((text) => {
      const bytes = parseIp(text);
      return bytes !== undefined && equalBytes(bytes, ip);
    });
  }
  const name = host.toLowerCase().replace(/\.$/, ''); // a fully qualified "example.com." is "example.com"
  if (name === '') return false;
  return cert.dnsNames.some((pattern) => matchHostname(pattern.toLowerCase().replace(/\.$/, ''), name));
}
