import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CertificateError,
  generateSelfSignedCertificate,
  parseCertificate,
  parseCertificatesPem,
  parsePrivateKeyPem,
  parsePemBlocks,
  SignatureScheme,
  sign,
  verify,
  verifyCertificateChain,
} from '../../../src/internal/x509/index.ts';
import { hasOpenssl, ScratchDir } from './scratch.ts';

describe('generateSelfSignedCertificate', () => {
  it('has the documented defaults, and survives PEM → parse', () => {
    const before = Date.now();
    const { certificate, certPem, keyPem, privateKey } = generateSelfSignedCertificate();
    const [parsed] = parseCertificatesPem(certPem);
    expect(parsed).toEqual(certificate);
    expect(parsed.subjectCommonName).toBe('localhost');
    expect(parsed.dnsNames).toEqual(['localhost']);
    expect(parsed.ipAddresses).toEqual(['127.0.0.1', '::1']);
    expect(parsed.isCA).toBe(false);
    expect(parsed.publicKey).toEqual(privateKey.publicKey);
    expect(parsed.signatureAlgorithm).toBe('1.2.840.10045.4.3.2'); // ecdsa-with-SHA256
    expect(parsed.subject).toEqual(parsed.issuer);
    expect(parsed.serialNumber > 0n).toBe(true);
    // From an hour ago (to whole seconds), for a year.
    expect(Math.abs(parsed.notBefore.getTime() - (before - 3600_000))).toBeLessThan(2000);
    expect(parsed.notAfter.getTime() - parsed.notBefore.getTime()).toBe(365 * 24 * 3600_000);
    // The key file reads back as the same key, and it signs for the certificate's public key.
    const key = parsePrivateKeyPem(keyPem);
    expect(key).toEqual(privateKey);
    const tbsSignature = sign(key, SignatureScheme.ECDSA_SECP256R1_SHA256, parsed.tbs);
    expect(verify(parsed.publicKey, SignatureScheme.ECDSA_SECP256R1_SHA256, parsed.tbs, tbsSignature)).toBe(true);
    // Self-signed: its own key verifies its signature.
    expect(verify(parsed.publicKey, SignatureScheme.ECDSA_SECP256R1_SHA256, parsed.tbs, parsed.signature)).toBe(true);
    verifyCertificateChain([parsed], [parsed], { serverName: 'localhost' });
  });

  it('makes Ed25519 certificates with the names asked for', () => {
    const { certificate } = generateSelfSignedCertificate({ kind: 'ed25519', commonName: 'ünïcode', dnsNames: ['a.test', '*.b.test'], ipAddresses: ['2001:db8::1'] });
    expect(certificate.publicKey.kind).toBe('ed25519');
    expect(certificate.signatureAlgorithm).toBe('1.3.101.112');
    expect(certificate.subjectCommonName).toBe('ünïcode');
    expect(certificate.dnsNames).toEqual(['a.test', '*.b.test']);
    expect(certificate.ipAddresses).toEqual(['2001:db8::1']);
    expect(verify(certificate.publicKey, SignatureScheme.ED25519, certificate.tbs, certificate.signature)).toBe(true);
    expect(() => generateSelfSignedCertificate({ ipAddresses: ['not-an-ip'] })).toThrow(CertificateError);
  });

  it('parses as node:crypto (OpenSSL) sees it', () => {
    const { certificate } = generateSelfSignedCertificate({ dnsNames: ['example.test'] });
    const x = new crypto.X509Certificate(certificate.raw);
    expect(x.subject).toBe('CN=localhost');
    expect(x.subjectAltName).toBe('DNS:example.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(BigInt('0x' + x.serialNumber)).toBe(certificate.serialNumber);
    expect(new Date(x.validFrom)).toEqual(certificate.notBefore);
    expect(new Date(x.validTo)).toEqual(certificate.notAfter);
    expect(x.ca).toBe(false);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkHost('example.test')).toBe('example.test');
  });
});

describe.skipIf(!hasOpenssl)('against the openssl command', () => {
  const dir = new ScratchDir();
  afterAll(() => dir.remove());

  it('openssl x509 -text and openssl verify accept our self-signed certificate and our CA-signed leaves', () => {
    const self = generateSelfSignedCertificate();
    dir.write('self.pem', self.certPem);
    const text = dir.openssl('x509', '-in', 'self.pem', '-noout', '-text');
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).toContain('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toContain('TLS Web Server Authentication');
    expect(dir.openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', 'self.pem', 'self.pem')).toContain('self.pem: OK');

    for (const caKind of ['ecdsa-p256', 'ed25519'] as const) {
      const ca = generateSelfSignedCertificate({ kind: caKind, commonName: 'Test CA', isCA: true, dnsNames: [], ipAddresses: [] });
      const leaf = generateSelfSignedCertificate({ kind: 'ecdsa-p256', dnsNames: ['quic.test'], issuer: ca });
      dir.write('ca.pem', ca.certPem);
      dir.write('leaf.pem', leaf.certPem);
      expect(dir.openssl('x509', '-in', 'ca.pem', '-noout', '-text')).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
      const out = dir.openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-verify_hostname', 'quic.test', '-CAfile', 'ca.pem', 'leaf.pem');
      expect(out).toContain('leaf.pem: OK');
    }
    // The private key file is one openssl reads, and it matches the certificate.
    dir.write('self.key', self.keyPem);
    expect(dir.openssl('pkey', '-in', 'self.key', '-pubout')).toBe(dir.openssl('x509', '-in', 'self.pem', '-noout', '-pubkey'));
  });

  it('parses an RSA certificate and key made by openssl req', () => {
    dir.openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-out', 'rsa.pem', '-days', '2', '-subj', '/O=Course/CN=rsa.test',
      '-addext', 'subjectAltName=DNS:rsa.test,IP:192.0.2.1');
    const [cert] = parseCertificatesPem(dir.read('rsa.pem'));
    expect(cert.subjectCommonName).toBe('rsa.test');
    expect(cert.signatureAlgorithm).toBe('1.2.840.113549.1.1.11'); // sha256WithRSAEncryption
    expect(cert.publicKey.kind).toBe('rsa');
    expect(cert.dnsNames).toEqual(['rsa.test']);
    expect(cert.ipAddresses).toEqual(['192.0.2.1']);
    expect(cert.isCA).toBe(true); // openssl req -x509 marks it a CA by default
    const modulus = dir.openssl('x509', '-in', 'rsa.pem', '-noout', '-modulus').trim().replace('Modulus=', '');
    expect(cert.publicKey).toEqual({ kind: 'rsa', n: BigInt('0x' + modulus), e: 65537n });
    const serial = dir.openssl('x509', '-in', 'rsa.pem', '-noout', '-serial').trim().replace('serial=', '');
    expect(cert.serialNumber).toBe(BigInt('0x' + serial));
    // Self-signed with PKCS#1 v1.5: the chain check verifies the signature with the RSA key.
    verifyCertificateChain([cert], [cert], { serverName: 'rsa.test' });
    // The key file is PKCS#8 RSA, which this module does not load (it signs with P-256 or Ed25519 only).
    expect(parsePemBlocks(dir.read('rsa.key'))[0].label).toBe('PRIVATE KEY');
    expect(() => parsePrivateKeyPem(dir.read('rsa.key'))).toThrow(CertificateError);
  });
});

describe("validity dates, in certificates made by Go's crypto/x509 (testdata/time_certs.go)", () => {
  const fixture = (name: string) => parseCertificatesPem(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));
  const dates = (c: { notBefore: Date; notAfter: Date }) => [c.notBefore.toISOString(), c.notAfter.toISOString()];

  it('reads UTCTime and GeneralizedTime on both sides of the 1950/2050 boundaries, years 1 to 9999, leap days', () => {
    expect(fixture('time_certs.pem').map(dates)).toEqual([
      ['1950-01-01T00:00:00.000Z', '2049-12-31T23:59:59.000Z'], // UTCTime 500101000000Z, 491231235959Z
      ['1949-12-31T23:59:59.000Z', '2050-01-01T00:00:00.000Z'], // GeneralizedTime 19491231235959Z, 20500101000000Z
      ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.000Z'], // GeneralizedTime 00010101000000Z, 99991231235959Z
      ['2000-02-29T12:00:00.000Z', '2400-02-29T12:00:00.000Z'], // UTCTime 000229120000Z, GeneralizedTime 24000229120000Z
    ]);
  });

  it("reads the article server's certificate: RSA-1024, only a serial number, Go's zero time", () => {
    const [cert] = fixture('zero_time_rsa1024.pem');
    expect(dates(cert)).toEqual(['0001-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z']);
    expect(cert.serialNumber).toBe(1n);
    expect(cert.publicKey.kind).toBe('rsa');
    expect(cert.publicKey.kind === 'rsa' && cert.publicKey.n.toString(2).length).toBe(1024);
    expect(cert.subjectCommonName).toBeUndefined();
  });
});

describe('parseCertificate on malformed input', () => {
  const samples = [generateSelfSignedCertificate().certificate.raw, generateSelfSignedCertificate({ kind: 'ed25519', isCA: true }).certificate.raw];

  it('throws bad_certificate on truncation and trailing data', () => {
    const raw = samples[0];
    for (let cut = 0; cut < raw.length; cut++) {
      expect(() => parseCertificate(raw.subarray(0, cut))).toThrow(CertificateError);
    }
    expect(() => parseCertificate(Uint8Array.of(...raw, 0))).toThrow(/trailing data/);
  });

  it('throws only CertificateError (alert 42 or 43) for 12,000 mutated certificates', () => {
    let parsed = 0;
    const mutation = fc.record({
      sample: fc.constantFrom(...samples),
      edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), op: fc.constantFrom('set', 'insert', 'delete') }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(mutation, ({ sample, edits }) => {
        const bytes = [...sample];
        for (const { at, value, op } of edits) {
          const i = at % bytes.length;
          if (op === 'set') bytes[i] = value;
          else if (op === 'insert') bytes.splice(i, 0, value);
          else bytes.splice(i, 1);
        }
        try {
          parseCertificate(Uint8Array.from(bytes));
          parsed++;
        } catch (err) {
          expect(err).toBeInstanceOf(CertificateError);
          expect([42, 43]).toContain((err as CertificateError).alert);
        }
      }),
      { numRuns: 12_000 },
    );
    // Some mutations land in bytes the parser does not judge (the signature, the serial): those parse.
    expect(parsed).toBeGreaterThan(0);
  });
});
