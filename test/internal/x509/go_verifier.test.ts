// Go's crypto/x509 (what a quic-go peer verifies with) must accept the certificates we generate.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSignedCertificate } from '../../../src/internal/x509/index.ts';
import { hasGo, ScratchDir } from './scratch.ts';

describe.skipIf(!hasGo)("Go's crypto/x509", () => {
  const dir = new ScratchDir();
  const binary = `${dir.path}/verify_chain`;
  beforeAll(() => {
    const source = fileURLToPath(new URL('./testdata/verify_chain.go', import.meta.url));
    execFileSync('go', ['build', '-o', binary, source], { env: { ...process.env, GO111MODULE: 'off' }, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => dir.remove());

  function goVerify(rootPem: string, leafPem: string, name: string): string {
    dir.write('root.pem', rootPem);
    dir.write('leaf.pem', leafPem);
    try {
      return execFileSync(binary, ['root.pem', 'leaf.pem', name], { cwd: dir.path, encoding: 'utf8' }).trim();
    } catch (err) {
      return String((err as { stdout: string }).stdout).trim();
    }
  }

  it('accepts our default self-signed certificate for localhost, 127.0.0.1 and ::1', () => {
    const self = generateSelfSignedCertificate();
    for (const name of ['localhost', '127.0.0.1', '::1']) expect(goVerify(self.certPem, self.certPem, name)).toBe('OK');
    expect(goVerify(self.certPem, self.certPem, 'example.com')).toMatch(/certificate is valid for localhost, not example.com/);
  });

  it('accepts leaves issued by our CAs, P-256 and Ed25519', () => {
    for (const kind of ['ecdsa-p256', 'ed25519'] as const) {
      const ca = generateSelfSignedCertificate({ kind, commonName: 'Test CA', isCA: true, dnsNames: [], ipAddresses: [] });
      const leaf = generateSelfSignedCertificate({ kind, dnsNames: ['quic.test'], issuer: ca });
      expect(goVerify(ca.certPem, leaf.certPem, 'quic.test')).toBe('OK');
    }
  });
});
