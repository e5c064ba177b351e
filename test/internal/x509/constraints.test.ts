// What a verifier enforces along a path besides signatures and dates (RFC 5280 §4.2), checked as
// Go's crypto/x509 checks it for a TLS client: no unhandled critical extension on any certificate,
// keyCertSign and pathLenConstraint on issuers, extendedKeyUsage serverAuth wherever the extension
// is present. The chains are made by the openssl command; where Go is installed, Go's verdict on
// each chain (testdata/verify_chain.go) must be ours.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateError, parseCertificatesPem, verifyCertificateChain } from '../../../src/internal/x509/index.ts';
import { hasGo, hasOpenssl, ScratchDir } from './scratch.ts';

describe.skipIf(!hasOpenssl)('path constraints, on chains made by openssl', () => {
  const dir = new ScratchDir();
  const goVerifier = `${dir.path}/verify_chain`;
  beforeAll(() => {
    if (!hasGo) return;
    const source = fileURLToPath(new URL('./testdata/verify_chain.go', import.meta.url));
    execFileSync('go', ['build', '-o', goVerifier, source], { env: { ...process.env, GO111MODULE: 'off' }, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => dir.remove());

  /** A P-256 certificate by `openssl req -x509`: self-signed, or issued by `issuer`; each entry of `ext` is an -addext. */
  function make(name: string, ext: string[], issuer?: string): string {
    const signer = issuer === undefined ? [] : ['-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`];
    dir.openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`,
      '-days', '2', '-subj', `/CN=${name}`, ...signer, ...ext.flatMap((e) => ['-addext', e]));
    return name;
  }
  const ca = (...more: string[]) => ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', ...more];
  const caPathLen = (n: number, ...more: string[]) => [`basicConstraints=critical,CA:TRUE,pathlen:${n}`, 'keyUsage=critical,keyCertSign', ...more];
  const leaf = (...more: string[]) => ['basicConstraints=critical,CA:FALSE', 'subjectAltName=DNS:leaf.test', ...more];
  const unknownCritical = '1.3.6.1.4.1.55555.1=critical,DER:05:00';

  /** Our verdict on `chain` (leaf first) against `root` for leaf.test: 'ok' or the error message. */
  function ours(root: string, chain: string[]): string {
    const load = (name: string) => parseCertificatesPem(dir.read(`${name}.pem`))[0];
    try {
      verifyCertificateChain(chain.map(load), [load(root)], { serverName: 'leaf.test' });
      return 'ok';
    } catch (err) {
      if (!(err instanceof CertificateError)) throw err;
      expect(err.alert).toBe(42);
      return err.message;
    }
  }

  /** Go's verdict: 'ok' or its error message. */
  function go(root: string, [end, ...intermediates]: string[]): string {
    try {
      execFileSync(goVerifier, [`${root}.pem`, `${end}.pem`, 'leaf.test', ...intermediates.map((i) => `${i}.pem`)], { cwd: dir.path, encoding: 'utf8' });
      return 'ok';
    } catch (err) {
      return String((err as { stdout: string }).stdout).trim();
    }
  }

  /** Checks our verdict, and that Go agrees on whether the chain is accepted. */
  function expectVerdict(root: string, chain: string[], expected: 'ok' | RegExp): void {
    const verdict = ours(root, chain);
    if (expected === 'ok') expect(verdict).toBe('ok');
    else expect(verdict).toMatch(expected);
    if (hasGo) expect(go(root, chain) === 'ok', `Go: ${go(root, chain)}`).toBe(expected === 'ok');
  }

  it('refuses an unrecognised critical extension on the leaf, an intermediate or the root (§4.2)', () => {
    const root = make('root', ca());
    const mid = make('mid', ca(), root);
    expectVerdict(root, [make('plain', leaf(), mid), mid], 'ok');
    expectVerdict(root, [make('noncritical', leaf('1.3.6.1.4.1.55555.1=DER:05:00'), mid), mid], 'ok');
    expectVerdict(root, [make('leaf-x', leaf(unknownCritical), mid), mid], /"leaf-x" has an unhandled critical extension 1\.3\.6\.1\.4\.1\.55555\.1/);
    const midX = make('mid-x', ca(unknownCritical), root);
    expectVerdict(root, [make('under-mid-x', leaf(), midX), midX], /"mid-x" has an unhandled critical extension/);
    const rootX = make('root-x', ca(unknownCritical));
    expectVerdict(rootX, [make('under-root-x', leaf(), rootX)], /"root-x" has an unhandled critical extension/);
  });

  it('refuses critical nameConstraints, which this module does not enforce (Go does, and accepts a permitted name)', () => {
    const constrained = make('constrained', ca('nameConstraints=critical,permitted;DNS:leaf.test'));
    const chain = [make('under-constrained', leaf(), constrained)];
    expect(ours(constrained, chain)).toMatch(/"constrained" has an unhandled critical extension 2\.5\.29\.30/);
    if (hasGo) expect(go(constrained, chain)).toBe('ok');
  });

  it('refuses an issuer whose keyUsage lacks keyCertSign (§4.2.1.3), and accepts one without keyUsage', () => {
    const signOnly = make('sign-only', ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,digitalSignature']);
    expectVerdict(signOnly, [make('under-sign-only', leaf(), signOnly)], /issuer "sign-only" is not authorized to sign other certificates: its keyUsage lacks keyCertSign/);
    const unrestricted = make('unrestricted', ['basicConstraints=critical,CA:TRUE']);
    expectVerdict(unrestricted, [make('under-unrestricted', leaf(), unrestricted)], 'ok');
  });

  it('counts the intermediates below each CA against its pathLenConstraint (§4.2.1.9)', () => {
    const root0 = make('root0', caPathLen(0));
    expectVerdict(root0, [make('direct', leaf(), root0)], 'ok'); // a leaf is not an intermediate
    const mid = make('mid-under-root0', ca(), root0);
    expectVerdict(root0, [make('via-mid', leaf(), mid), mid], /path length constraint of "root0": 1 below it, at most 0/);
    const root1 = make('root1', caPathLen(1));
    const mid0 = make('mid0', caPathLen(0), root1);
    expectVerdict(root1, [make('via-mid0', leaf(), mid0), mid0], 'ok');
    const under0 = make('under-mid0', ca(), mid0);
    expectVerdict(root1, [make('two-below', leaf(), under0), under0, mid0], /path length constraint of "mid0": 1 below it, at most 0/);
    const midA = make('mid-a', ca(), root1);
    const midB = make('mid-b', ca(), midA);
    expectVerdict(root1, [make('two-mids', leaf(), midB), midB, midA], /path length constraint of "root1": 2 below it, at most 1/);
  });

  it('requires serverAuth in every extendedKeyUsage on the path (§4.2.1.12), as Go checks the whole chain', () => {
    const root = make('eku-root', ca());
    expectVerdict(root, [make('server', leaf('extendedKeyUsage=serverAuth,clientAuth'), root)], 'ok');
    expectVerdict(root, [make('any', leaf('extendedKeyUsage=anyExtendedKeyUsage'), root)], 'ok');
    expectVerdict(root, [make('client', leaf('extendedKeyUsage=clientAuth'), root)], /"client" specifies an incompatible key usage: its extendedKeyUsage \(1\.3\.6\.1\.5\.5\.7\.3\.2\) lacks serverAuth/);
    const clientMid = make('client-mid', ca('extendedKeyUsage=clientAuth'), root);
    expectVerdict(root, [make('under-client-mid', leaf(), clientMid), clientMid], /"client-mid" specifies an incompatible key usage/);
    const clientRoot = make('client-root', ca('extendedKeyUsage=clientAuth,emailProtection'));
    expectVerdict(clientRoot, [make('under-client-root', leaf('extendedKeyUsage=serverAuth'), clientRoot)], /"client-root" specifies an incompatible key usage/);
  });
});
