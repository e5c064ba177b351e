import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CertificateError,
  generateSelfSignedCertificate,
  matchesServerName,
  parseCertificate,
  parseCertificatesPem,
  parsePrivateKeyPem,
  verifyCertificateChain,
  type Certificate,
} from '../../../src/internal/x509/index.ts';
import { hasOpenssl, ScratchDir } from './scratch.ts';

const day = 24 * 3600_000;

function newCA(commonName = 'Test CA', opts: Parameters<typeof generateSelfSignedCertificate>[0] = {}) {
  return generateSelfSignedCertificate({ commonName, isCA: true, dnsNames: [], ipAddresses: [], ...opts });
}

/** The alert verifyCertificateChain fails with, or 'ok'. */
function outcome(chain: Certificate[], roots: Certificate[], serverName: string, now?: Date): number | 'ok' {
  try {
    verifyCertificateChain(chain, roots, { serverName, now });
    return 'ok';
  } catch (err) {
    if (!(err instanceof CertificateError)) throw err;
    return err.alert;
  }
}

describe('verifyCertificateChain', () => {
  const ca = newCA();
  const leaf = generateSelfSignedCertificate({ dnsNames: ['quic.test'], ipAddresses: ['127.0.0.1'], issuer: ca });

  it('accepts a leaf signed by a trusted CA, by DNS name and by IP', () => {
    expect(outcome([leaf.certificate], [ca.certificate], 'quic.test')).toBe('ok');
    expect(outcome([leaf.certificate], [ca.certificate], '127.0.0.1')).toBe('ok');
    expect(leaf.certificate.issuer).toEqual(ca.certificate.subject);
    expect(leaf.certificate.authorityKeyId).toEqual(ca.certificate.subjectKeyId);
  });

  it('refuses a name the certificate is not for: bad_certificate (42)', () => {
    expect(outcome([leaf.certificate], [ca.certificate], 'other.test')).toBe(42);
    expect(outcome([leaf.certificate], [ca.certificate], '::1')).toBe(42);
    expect(() => verifyCertificateChain([leaf.certificate], [ca.certificate], { serverName: 'other.test' })).toThrow(
      'x509: certificate is valid for quic.test, 127.0.0.1, not other.test',
    );
  });

  it('refuses a certificate outside its validity period: certificate_expired (45)', () => {
    expect(outcome([leaf.certificate], [ca.certificate], 'quic.test', new Date(leaf.certificate.notAfter.getTime() + 1000))).toBe(45);
    expect(outcome([leaf.certificate], [ca.certificate], 'quic.test', new Date(leaf.certificate.notBefore.getTime() - 1000))).toBe(45);
    const expired = generateSelfSignedCertificate({ issuer: ca, notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day) });
    expect(outcome([expired.certificate], [ca.certificate], 'localhost')).toBe(45);
    // An expired CA fails the chain too.
    const oldCA = newCA('Old CA', { notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day) });
    const fresh = generateSelfSignedCertificate({ issuer: oldCA });
    expect(outcome([fresh.certificate], [oldCA.certificate], 'localhost')).toBe(45);
  });

  it('says which validity bound was crossed, with the dates', () => {
    // The article server's certificate (Go, a template with only a serial number): both dates are Go's zero time.
    const [zero] = parseCertificatesPem(readFileSync(new URL('./testdata/zero_time_rsa1024.pem', import.meta.url), 'utf8'));
    const now = new Date('2025-01-02T03:04:05Z');
    expect(() => verifyCertificateChain([zero], [zero], { serverName: '127.0.0.1', now })).toThrow(
      'x509: certificate serial 1 has expired: current time 2025-01-02T03:04:05.000Z is after its notAfter 0001-01-01T00:00:00.000Z',
    );
    expect(outcome([zero], [zero], '127.0.0.1', now)).toBe(45);
    const future = generateSelfSignedCertificate({ commonName: 'future', notBefore: new Date('2999-01-01T00:00:00Z'), notAfter: new Date('3000-01-01T00:00:00Z') });
    expect(() => verifyCertificateChain([future.certificate], [future.certificate], { serverName: 'localhost', now })).toThrow(
      'x509: certificate "future" is not yet valid: current time 2025-01-02T03:04:05.000Z is before its notBefore 2999-01-01T00:00:00.000Z',
    );
  });

  it('refuses a chain that reaches no trusted root: unknown_ca (48)', () => {
    expect(outcome([leaf.certificate], [], 'quic.test')).toBe(48);
    expect(outcome([leaf.certificate], [newCA('Other CA').certificate], 'quic.test')).toBe(48);
    // Same subject Name, different key: the signature does not verify.
    const impostor = newCA();
    expect(impostor.certificate.subject).toEqual(ca.certificate.subject);
    expect(outcome([leaf.certificate], [impostor.certificate], 'quic.test')).toBe(48);
    // A self-signed certificate that nobody trusts.
    const self = generateSelfSignedCertificate();
    expect(outcome([self.certificate], [ca.certificate], 'localhost')).toBe(48);
    expect(outcome([self.certificate], [self.certificate], 'localhost')).toBe('ok');
  });

  it('refuses an issuer that is not a CA: bad_certificate (42)', () => {
    const notCA = generateSelfSignedCertificate({ commonName: 'Not a CA' });
    const child = generateSelfSignedCertificate({ issuer: notCA });
    expect(outcome([child.certificate], [notCA.certificate], 'localhost')).toBe(42);
  });

  it('builds through intermediates sent in any order, ignoring extra ones', () => {
    const root = newCA('Root');
    const mid1 = newCA('Intermediate 1', { issuer: root });
    const mid2 = newCA('Intermediate 2', { issuer: mid1 });
    const end = generateSelfSignedCertificate({ kind: 'ed25519', dnsNames: ['deep.test'], issuer: mid2 });
    const stray = newCA('Stray');
    expect(outcome([end.certificate, mid2.certificate, mid1.certificate], [root.certificate], 'deep.test')).toBe('ok');
    expect(outcome([end.certificate, stray.certificate, mid1.certificate, mid2.certificate], [root.certificate], 'deep.test')).toBe('ok');
    expect(outcome([end.certificate, mid2.certificate], [root.certificate], 'deep.test')).toBe(48); // mid1 missing
    expect(outcome([end.certificate, mid2.certificate], [mid1.certificate], 'deep.test')).toBe('ok'); // an intermediate as trust anchor
    expect(outcome([], [root.certificate], 'deep.test')).toBe(42);
  });

  it('gives up after a bounded number of signature checks', () => {
    // Five CA keys named alike, each certified by every other: every order of them is a valid-looking
    // path, none reaches the root. Without a budget the search would try them all.
    const selfs = Array.from({ length: 5 }, () => newCA('Loop'));
    const mesh = selfs.flatMap((subject) =>
      selfs.filter((s) => s !== subject).map((issuer) => newCA('Loop', { privateKey: subject.privateKey, issuer }).certificate),
    );
    const end = generateSelfSignedCertificate({ issuer: selfs[0] });
    const err = (() => {
      try {
        verifyCertificateChain([end.certificate, ...mesh], [newCA('Loop').certificate], { serverName: 'localhost' });
      } catch (e) {
        return e as CertificateError;
      }
    })();
    expect(err?.message).toMatch(/signature check attempts limit reached/);
    expect(err?.alert).toBe(42);
  });
});

describe('matchesServerName', () => {
  const { certificate } = generateSelfSignedCertificate({
    commonName: 'cn-only.test',
    dnsNames: ['Exact.Test', '*.wild.test'],
    ipAddresses: ['192.0.2.7', '2001:db8::1'],
  });

  it('matches DNS names case-insensitively, with a trailing dot', () => {
    expect(matchesServerName(certificate, 'exact.test')).toBe(true);
    expect(matchesServerName(certificate, 'EXACT.TEST.')).toBe(true);
    expect(matchesServerName(certificate, 'sub.exact.test')).toBe(false);
  });

  it('lets a wildcard stand for exactly one leftmost label', () => {
    expect(matchesServerName(certificate, 'a.wild.test')).toBe(true);
    expect(matchesServerName(certificate, 'wild.test')).toBe(false);
    expect(matchesServerName(certificate, 'a.b.wild.test')).toBe(false);
    expect(matchesServerName(certificate, '.wild.test')).toBe(false);
  });

  it('matches IP literals against iPAddress entries only', () => {
    expect(matchesServerName(certificate, '192.0.2.7')).toBe(true);
    expect(matchesServerName(certificate, '2001:DB8:0:0:0:0:0:1')).toBe(true);
    expect(matchesServerName(certificate, '[2001:db8::1]')).toBe(true);
    expect(matchesServerName(certificate, '192.0.2.8')).toBe(false);
    const dnsOnly = generateSelfSignedCertificate({ dnsNames: ['127.0.0.1'], ipAddresses: [] }).certificate;
    expect(matchesServerName(dnsOnly, '127.0.0.1')).toBe(false);
  });

  it('never falls back to the commonName', () => {
    expect(matchesServerName(certificate, 'cn-only.test')).toBe(false);
    expect(matchesServerName(certificate, '')).toBe(false);
  });
});

describe.skipIf(!hasOpenssl)('chains made by the openssl command', () => {
  const dir = new ScratchDir();
  afterAll(() => dir.remove());

  /** A CA made by `openssl req -x509` with the given key and signing options. */
  function opensslCA(name: string, newkey: string[], sigopts: string[]): Certificate {
    dir.openssl('req', '-x509', ...newkey, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign', ...sigopts);
    return parseCertificatesPem(dir.read(`${name}.pem`))[0];
  }

  /** A leaf for a fresh P-256 key, issued by the openssl CA `ca` with `sigopts`. */
  function opensslLeaf(ca: string, sigopts: string[]): Certificate {
    dir.openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr',
      '-subj', '/CN=leaf', '-addext', 'subjectAltName=DNS:leaf.test');
    dir.openssl('x509', '-req', '-in', 'leaf.csr', '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '1', '-copy_extensions', 'copy',
      '-out', 'leaf.pem', ...sigopts);
    expect(parsePrivateKeyPem(dir.read('leaf.key')).kind).toBe('ecdsa-p256');
    return parseCertificatesPem(dir.read('leaf.pem'))[0];
  }

  const cases: [string, string[], string[], string][] = [
    ['rsa-pkcs1', ['-newkey', 'rsa:2048'], ['-sha256'], '1.2.840.113549.1.1.11'],
    ['rsa-pss', ['-newkey', 'rsa:2048'], ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'], '1.2.840.113549.1.1.10'],
    ['rsa-pss-max-salt', ['-newkey', 'rsa:2048'], ['-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:max'], '1.2.840.113549.1.1.10'],
    ['p384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp384r1'], ['-sha384'], '1.2.840.10045.4.3.3'],
    ['ed25519', ['-newkey', 'ed25519'], [], '1.3.101.112'],
  ];

  it.each(cases)('verifies a leaf signed by a %s CA', (name, newkey, sigopts, oid) => {
    const ca = opensslCA(name, newkey, sigopts);
    expect(ca.signatureAlgorithm).toBe(oid);
    expect(ca.isCA).toBe(true);
    expect(outcome([ca], [ca], 'whatever')).toBe(42); // the chain verifies (self-signed root), the name does not
    const leaf = opensslLeaf(name, sigopts);
    expect(leaf.signatureAlgorithm).toBe(oid);
    expect(outcome([leaf], [ca], 'leaf.test')).toBe('ok');
    expect(outcome([leaf], [ca], 'leaf.test', new Date(Date.now() + 3 * day))).toBe(45);
    // A flipped bit in the signature's last byte: still well-formed, but the CA no longer vouches for it.
    const tampered = Uint8Array.from(leaf.raw);
    tampered[tampered.length - 1] ^= 0x01;
    expect(outcome([parseCertificate(tampered)], [ca], 'leaf.test')).toBe(48);
  });
});
