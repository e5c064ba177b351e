// The --h3 CLI's pieces: the ALPN list, the URL a client is given, and the SPKI hash Chromium pins
// (base64 SHA-256 of the DER SubjectPublicKeyInfo), checked against openssl's when it is installed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseH3URL } from '../../src/cmd/h3_client.ts';
import { h3ALPN, spkiHash } from '../../src/cmd/h3_server.ts';
import { serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { toPem } from '../../src/internal/x509/index.ts';
import { skipWithout } from '../peers/availability.ts';

describe('h3 CLI', () => {
  it('offers h3 first, then the other protocols asked for', () => {
    expect(h3ALPN(['HLD'])).toEqual(['h3', 'HLD']);
    expect(h3ALPN(['HLD', 'h3'])).toEqual(['h3', 'HLD']);
  });

  it('reads the address, :authority and :path from an https URL', () => {
    expect(parseH3URL('https://127.0.0.1:4433/a/b.css?x=1')).toEqual({ addr: '127.0.0.1:4433', authority: '127.0.0.1:4433', path: '/a/b.css?x=1' });
    expect(parseH3URL('https://[::1]:4433/')).toEqual({ addr: '[::1]:4433', authority: '[::1]:4433', path: '/' });
    expect(() => parseH3URL('http://127.0.0.1:4433/')).toThrow(/https/);
    expect(() => parseH3URL('not a url')).toThrow(/not a URL/);
  });

  it.skipIf(skipWithout('openssl'))("the SPKI hash is openssl's", () => {
    const der = serverTLSConfig({ alpn: ['h3'] }).certificates![0]!.chain[0]!.raw;
    const pubkey = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: toPem('CERTIFICATE', der) });
    const spki = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pubkey });
    expect(spkiHash(der)).toBe(createHash('sha256').update(spki).digest('base64'));
  });
});
