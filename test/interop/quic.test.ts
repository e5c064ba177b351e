// Our QUIC stack against independent implementations (ARCHITECTURE.md §8), on 127.0.0.1 only:
// quic-go 0.29 (the Go peer) as server and as client, and ngtcp2's gtlsserver / gtlsclient.
// A missing peer fails these tests with an install hint; QUIC_SKIP_INTEROP=1 skips them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import type { Config } from '../../src/config.ts';
import type { Connection } from '../../src/interface.ts';
import type { QUICTLSConfig } from '../../src/internal/handshake/crypto_setup.ts';
import { generateSelfSignedCertificate, parseCertificatesPem, type SelfSigned } from '../../src/internal/x509/index.ts';
import { Version1, Version2 } from '../../src/internal/protocol/version.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { type Listener } from '../../src/server.ts';
import { listenAddr } from '../../src/quic.ts';
import { listenUDP } from '../../src/sys_conn.ts';
import { Transport } from '../../src/transport.ts';
import { echo, goodput, hldALPN, patternSha256, serveListener, sha256Hex, upload } from '../e2e/hld.ts';
import { TraceRecorder, serverTLS, withTimeout } from '../e2e/net.ts';
import {
  buildGoPeer,
  requirePeers,
  runGoClient,
  runNgtcp2Client,
  skipInterop,
  startGoServer,
  startNgtcp2Server,
  stopAllPeers,
  type GoServer,
} from '../peers/peers.ts';

const MiB = 1 << 20;
const transferBytes = 10 * MiB;
const testTimeout = 30_000;

let work: string;
let cert: SelfSigned;
let certFile: string;
const cleanups: (() => void)[] = [];
const trace = new TraceRecorder();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'quic-interop-ts-'));
  cert = generateSelfSignedCertificate();
  certFile = join(work, 'our-cert.pem');
  writeFileSync(certFile, cert.certPem);
});

afterEach(() => {
  trace.stop();
  trace.events.length = 0;
  for (const c of cleanups.splice(0).reverse()) c();
});

afterAll(async () => {
  await stopAllPeers();
  rmSync(work, { recursive: true, force: true });
});

const ourAddr = (ln: Listener): string => `127.0.0.1:${ln.addr().port}`;

/** Our server on 127.0.0.1 running the HLD responder; `conns` fills as it accepts. */
async function ourServer(tls: QUICTLSConfig = serverTLS(cert), config: Config = {}): Promise<{ addr: string; conns: Connection[] }> {
  const ln = await listenAddr('127.0.0.1:0', tls, config);
  cleanups.push(() => ln.close());
  return { addr: ourAddr(ln), conns: serveListener(ln).conns };
}

async function ourClient(addr: string, tls: QUICTLSConfig, config: Config = {}): Promise<Connection> {
  const conn = await withTimeout(dialAddr(addr, tls, config), 15_000, `dial ${addr}`);
  cleanups.push(() => conn.closeWithError(0, ''));
  return conn;
}



describe.skipIf(skipInterop())('our client → quic-go server', () => {
  let server: GoServer;
  let goCert: string;

  beforeAll(async () => {
    await buildGoPeer();
    goCert = join(work, 'go-cert.pem');
    server = await startGoServer(['-write-cert', goCert]);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
  });

  const verifyingTLS = (): QUICTLSConfig => ({ nextProtos: [hldALPN], rootCAs: parseCertificatesPem(readFileSync(goCert, 'utf8')), serverName: 'localhost' });

  it('completes a handshake, verifying the certificate the Go server wrote, and echoes text', async () => {
    const conn = await ourClient(server.addr, verifyingTLS());
    const state = conn.connectionState();
    expect(state.tls.negotiatedProtocol).toBe(hldALPN);
    expect(state.version).toBe(Version1);
    expect(new TextDecoder().decode(await echo(conn, 'hello quic-go'))).toBe('hello quic-go');
    expect(new TextDecoder().decode(await echo(conn, 'second message'))).toBe('second message');
  }, testTimeout);

  it('rejects the Go server when the certificate is not one we trust', async () => {
    const dialing = dialAddr(server.addr, { nextProtos: [hldALPN], rootCAs: [cert.certificate], serverName: 'localhost' });
    await expect(withTimeout(dialing, 15_000, 'dial')).rejects.toThrow();
  }, testTimeout);

  it(`downloads ${transferBytes / MiB} MiB of goodput, checked byte by byte and by sha256`, async () => {
    const conn = await ourClient(server.addr, verifyingTLS());
    const r = await goodput(conn, transferBytes);
    expect(r.bytes).toBe(transferBytes);
    expect(r.patternOK).toBe(true);
    expect(r.sha256).toBe(patternSha256(transferBytes));
  }, testTimeout);

  it(`downloads ${transferBytes / MiB} MiB under ChaCha20-Poly1305 (the only suite we offer), checked by sha256`, async () => {
    const conn = await ourClient(server.addr, { ...verifyingTLS(), cipherSuites: [0x1303] });
    expect(conn.connectionState().tls.cipherSuite).toBe(0x1303); // TLS_CHACHA20_POLY1305_SHA256
    const r = await goodput(conn, transferBytes);
    expect(r.patternOK).toBe(true);
    expect(r.sha256).toBe(patternSha256(transferBytes));
  }, testTimeout);

  it(`uploads ${transferBytes / MiB} MiB and gets the Go server's OK with the same sha256`, async () => {
    const conn = await ourClient(server.addr, verifyingTLS());
    const data = randomBytes(transferBytes);
    const r = await upload(conn, 'from-ts.bin', data.length, (off, n) => data.subarray(off, off + n));
    expect(r.reply).toBe(`OK ${data.length} ${sha256Hex(data)}`);
  }, testTimeout);
});

describe.skipIf(skipInterop())('quic-go client → our server', () => {
  beforeAll(buildGoPeer, 180_000);

  it('completes a handshake verifying our certificate (-ca) and echoes text', async () => {
    const { addr } = await ourServer();
    const hs = await runGoClient(['-addr', addr, '-op', 'handshake', '-ca', certFile]);
    expect(hs.code, hs.stderr).toBe(0);
    expect(hs.stdout).toMatch(/^alpn=HLD version=v1 retry=false vn=false cipher=TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256) /);
    const r = await runGoClient(['-addr', addr, '-op', 'echo', '-ca', certFile, '-msg', 'hello TypeScript', 'second message']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('echo: hello TypeScript\necho: second message\n');
  }, testTimeout);

  it('fails the handshake when our certificate does not verify against its -ca', async () => {
    const { addr } = await ourServer();
    const otherFile = join(work, 'other-cert.pem');
    writeFileSync(otherFile, generateSelfSignedCertificate().certPem);
    const r = await runGoClient(['-addr', addr, '-op', 'handshake', '-ca', otherFile]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/certificate/);
  }, testTimeout);

  it(`serves ${transferBytes / MiB} MiB under ChaCha20-Poly1305 (the only suite our server accepts) to the Go client`, async () => {
    const { addr } = await ourServer({ ...serverTLS(cert), cipherSuites: [0x1303] });
    const hs = await runGoClient(['-addr', addr, '-op', 'handshake', '-ca', certFile]);
    expect(hs.stdout).toMatch(/ cipher=TLS_CHACHA20_POLY1305_SHA256 /);
    const r = await runGoClient(['-addr', addr, '-op', 'goodput', '-ca', certFile, '-bytes', String(transferBytes)], 25_000);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { sha256: string }).sha256).toBe(patternSha256(transferBytes));
  }, testTimeout);

  it(`serves ${transferBytes / MiB} MiB of goodput that the Go client checks byte by byte`, async () => {
    const { addr } = await ourServer();
    const r = await runGoClient(['-addr', addr, '-op', 'goodput', '-ca', certFile, '-bytes', String(transferBytes)], 25_000);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { bytes: number; sha256: string };
    expect(result.bytes).toBe(transferBytes);
    expect(result.sha256).toBe(patternSha256(transferBytes));
  }, testTimeout);

  it(`receives a ${transferBytes / MiB} MiB upload and replies with its sha256`, async () => {
    const { addr } = await ourServer();
    const r = await runGoClient(['-addr', addr, '-op', 'bulk-send', '-ca', certFile, '-bytes', String(transferBytes)], 25_000);
    expect(r.code, r.stderr).toBe(0); // the Go client compares the OK line with what it sent
    expect(r.stdout).toBe(`OK ${transferBytes} ${patternSha256(transferBytes)}\n`);
  }, testTimeout);
});

describe.skipIf(skipInterop())('Retry with quic-go', () => {
  beforeAll(buildGoPeer, 180_000);

  it('our client follows a Retry from the Go server (-retry)', async () => {
    const server = await startGoServer(['-retry']);
    try {
      trace.start();
      const conn = await ourClient(server.addr, { nextProtos: [hldALPN], insecureSkipVerify: true });
      expect(trace.steps('received Retry')).toHaveLength(1);
      expect(new TextDecoder().decode(await echo(conn, 'after Retry'))).toBe('after Retry');
    } finally {
      await server.stop();
    }
  }, testTimeout);

  it('the Go client follows a Retry from our server (verifySourceAddress)', async () => {
    const raw = await listenUDP('127.0.0.1:0', systemClock);
    const ln = new Transport(raw, { verifySourceAddress: () => true }, true, true).Listen(serverTLS(cert));
    cleanups.push(() => ln.close());
    serveListener(ln);
    trace.start();
    const hs = await runGoClient(['-addr', ourAddr(ln), '-op', 'handshake', '-ca', certFile]);
    expect(hs.code, hs.stderr).toBe(0);
    expect(hs.stdout).toMatch(/^alpn=HLD version=v1 retry=true /);
    expect(trace.steps('sent Retry')).toHaveLength(1);
    const r = await runGoClient(['-addr', ourAddr(ln), '-op', 'echo', '-msg', 'after Retry']);
    expect(r.stdout, r.stderr).toBe('echo: after Retry\n');
  }, testTimeout);
});

describe.skipIf(skipInterop())('Version Negotiation with quic-go', () => {
  beforeAll(buildGoPeer, 180_000);

  it('our server answers the Go vn-probe with our versions', async () => {
    const { addr } = await ourServer();
    const r = await runGoClient(['-addr', addr, '-op', 'vn-probe']);
    expect(r.code, r.stderr).toBe(0);
    const m = /^vn versions=(\S+)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(m![1]!.split(',')).toEqual(expect.arrayContaining(['0x00000001', '0x6b3343cf']));
  }, testTimeout);

  it('the Go client offering its draft v2 first is sent Version Negotiation and falls back to v1', async () => {
    // quic-go 0.29's "v2" is draft-ietf-quic-v2-01 (0x709a50c4), not RFC 9369's 0x6b3343cf.
    const { addr } = await ourServer();
    trace.start();
    const r = await runGoClient(['-addr', addr, '-op', 'handshake', '-versions', 'v2,v1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^alpn=HLD version=v1 retry=false vn=true /);
    expect(trace.steps('sent Version Negotiation')).toHaveLength(1);
  }, testTimeout);

  it('our client offering v2 first falls back to v1 against a v1-only Go server', async () => {
    const server = await startGoServer(['-versions', 'v1']);
    try {
      trace.start();
      const conn = await ourClient(server.addr, { nextProtos: [hldALPN], insecureSkipVerify: true }, { versions: [Version2, Version1] });
      expect(conn.connectionState().version).toBe(Version1);
      expect(trace.steps('received Version Negotiation')).toHaveLength(1);
      expect(new TextDecoder().decode(await echo(conn, 'after VN'))).toBe('after VN');
    } finally {
      await server.stop();
    }
  }, testTimeout);
});

describe.skipIf(skipInterop())('ngtcp2 (ALPN h3)', () => {
  beforeAll(() => requirePeers('gtlsclient', 'gtlsserver', 'openssl'));

  it('our client completes a handshake with gtlsserver', async () => {
    const server = await startNgtcp2Server();
    try {
      const conn = await ourClient(server.addr, { nextProtos: ['h3'], insecureSkipVerify: true });
      expect(conn.connectionState().tls.negotiatedProtocol).toBe('h3');
      expect(conn.connectionState().version).toBe(Version1);
    } finally {
      await server.stop();
    }
  }, testTimeout);

  it('our client verifies the certificate gtlsserver presents', async () => {
    const server = await startNgtcp2Server();
    try {
      const roots = parseCertificatesPem(readFileSync(server.certFile, 'utf8'));
      const conn = await ourClient(server.addr, { nextProtos: ['h3'], rootCAs: roots, serverName: 'localhost' });
      expect(conn.connectionState().tls.negotiatedProtocol).toBe('h3');
    } finally {
      await server.stop();
    }
  }, testTimeout);

  it('gtlsclient completes a handshake with our server', async () => {
    const { addr, conns } = await ourServer(serverTLS(cert, ['h3']));
    const r = await runNgtcp2Client({ port: Number(addr.split(':')[1]) });
    expect(r.handshakeCompleted, r.stderr.slice(-2000)).toBe(true);
    expect(r.alpn).toBe('h3');
    expect(r.cipher).toMatch(/^(AES-128-GCM|AES-256-GCM|CHACHA20-POLY1305)$/);
    expect(conns).toHaveLength(1);
    expect(conns[0]!.connectionState().tls.negotiatedProtocol).toBe('h3');
  }, testTimeout);
});
