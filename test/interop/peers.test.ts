// The interop harness on its own: independent peers talking to each other over loopback,
// before our TypeScript stack joins in. A missing peer fails these tests (with an install
// hint); QUIC_SKIP_INTEROP=1 skips them.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildGoPeer,
  requirePeers,
  runGoClient,
  runNgtcp2Client,
  skipInterop,
  startCapture,
  startGoServer,
  startNgtcp2Server,
  stopAllPeers,
  streamPayloads,
  tsharkDecrypt,
  type GoServer,
} from '../peers/peers.ts';

const testTimeout = 20_000;

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The goodput pattern of ARCHITECTURE.md §5: byte(i % 256). */
function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i % 256;
  return b;
}

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'quic-interop-'));
});

afterAll(async () => {
  await stopAllPeers();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(skipInterop())('Go peer (quic-go 0.29) ↔ Go peer', () => {
  let server: GoServer;
  let outDir: string;

  beforeAll(async () => {
    await buildGoPeer();
    outDir = mkdtempSync(join(work, 'out-'));
    server = await startGoServer(['-out', outDir]);
  }, 180_000);

  it('echoes text on a 0x01 stream', async () => {
    const r = await runGoClient(['-addr', server.addr, '-op', 'echo', '-msg', 'hello HLD', 'second message']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('echo: hello HLD\necho: second message\n');
  }, testTimeout);

  it('stores a 3 MB upload atomically and replies with its sha256', async () => {
    const data = randomBytes(3_000_000);
    const file = join(work, 'movie.bin');
    writeFileSync(file, data);
    const r = await runGoClient(['-addr', server.addr, '-op', 'upload', '-file', file, '-name', 'movie.bin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`OK 3000000 ${sha256(data)}\n`);
    expect(sha256(readFileSync(join(outDir, 'received_movie.bin')))).toBe(sha256(data));
    expect(readdirSync(outDir).filter((f) => f.endsWith('.part'))).toEqual([]);
  }, testTimeout);

  it('refuses an upload named ../x and leaves no file', async () => {
    const file = join(work, 'small.bin');
    writeFileSync(file, randomBytes(10_000));
    const before = readdirSync(outDir).sort();
    const r = await runGoClient(['-addr', server.addr, '-op', 'upload', '-file', file, '-name', '../x']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERR .*bad file name/);
    expect(r.stderr).toMatch(/bad file name/);
    expect(readdirSync(outDir).sort()).toEqual(before);
    expect(existsSync(join(outDir, '..', 'x'))).toBe(false);
  }, testTimeout);

  it('refuses an upload header without a "|"', async () => {
    const file = join(work, 'small.bin');
    writeFileSync(file, randomBytes(100));
    const r = await runGoClient(['-addr', server.addr, '-op', 'upload', '-file', file, '-header', 'no-separator']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERR /);
  }, testTimeout);

  it('serves goodput: the byte(i % 256) pattern, counted and hashed by the client', async () => {
    const bytes = 4 << 20;
    const r = await runGoClient(['-addr', server.addr, '-op', 'goodput', '-bytes', String(bytes)]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { bytes: number; seconds: number; mbit_per_s: number; sha256: string };
    expect(result.bytes).toBe(bytes);
    expect(result.sha256).toBe(sha256(pattern(bytes)));
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.mbit_per_s).toBeGreaterThan(0);
  }, testTimeout);

  it('bulk-send uploads the pattern and checks the OK line', async () => {
    const r = await runGoClient(['-addr', server.addr, '-op', 'bulk-send', '-bytes', '1000000', '-name', 'bulk.bin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`OK 1000000 ${sha256(pattern(1_000_000))}\n`);
  }, testTimeout);

  it('reports ALPN and version of the handshake, and v2 when offered first', async () => {
    const v1 = await runGoClient(['-addr', server.addr, '-op', 'handshake']);
    expect(v1.code, v1.stderr).toBe(0);
    expect(v1.stdout).toMatch(/^alpn=HLD version=v1 retry=false vn=false /);
    const v2 = await runGoClient(['-addr', server.addr, '-op', 'handshake', '-versions', 'v2,v1']);
    expect(v2.stdout).toMatch(/^alpn=HLD version=v2 /);
  }, testTimeout);

  it('fails a handshake with an ALPN the server does not offer, naming the TLS alert', async () => {
    const r = await runGoClient(['-addr', server.addr, '-op', 'handshake', '-alpn', 'h3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no application protocol/);
  }, testTimeout);

  it('vn-probe gets a Version Negotiation packet listing QUIC v1', async () => {
    const r = await runGoClient(['-addr', server.addr, '-op', 'vn-probe']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^vn versions=.*0x00000001/);
  }, testTimeout);
});

describe.skipIf(skipInterop())('Go peer with -retry', () => {
  beforeAll(buildGoPeer, 180_000);

  it('the client receives a Retry and still talks HLD', async () => {
    const server = await startGoServer(['-retry']);
    try {
      const hs = await runGoClient(['-addr', server.addr, '-op', 'handshake']);
      expect(hs.code, hs.stderr).toBe(0);
      expect(hs.stdout).toMatch(/^alpn=HLD version=v1 retry=true /);
      const echo = await runGoClient(['-addr', server.addr, '-op', 'echo', '-msg', 'after retry']);
      expect(echo.stdout).toBe('echo: after retry\n');
    } finally {
      await server.stop();
    }
  }, testTimeout);
});

describe.skipIf(skipInterop())('ngtcp2 gtlsclient ↔ gtlsserver', () => {
  beforeAll(() => requirePeers('gtlsclient', 'gtlsserver', 'openssl'));

  it('completes a handshake on loopback with ALPN h3', async () => {
    const server = await startNgtcp2Server();
    try {
      const r = await runNgtcp2Client({ port: server.port, uri: `https://127.0.0.1:${server.port}/` });
      expect(r.handshakeCompleted, r.stderr.slice(-2000)).toBe(true);
      expect(r.alpn).toBe('h3');
      expect(r.cipher).toMatch(/^(AES-128-GCM|AES-256-GCM|CHACHA20-POLY1305)$/);
      expect(r.timedOut).toBe(false);
    } finally {
      await server.stop();
    }
  }, testTimeout);
});

describe.skipIf(skipInterop())('tshark', () => {
  beforeAll(async () => {
    requirePeers('tshark', 'dumpcap');
    await buildGoPeer();
  }, 180_000);

  it('decrypts a loopback capture of Go ↔ Go with the client key log', async () => {
    const dir = mkdtempSync(join(work, 'capture-'));
    const keylog = join(dir, 'keys.log');
    const server = await startGoServer();
    try {
      const capture = await startCapture(server.port, { file: join(dir, 'go.pcapng') });
      const message = 'visible only with the key log';
      const r = await runGoClient(['-addr', server.addr, '-op', 'echo', '-msg', message, '-keylog', keylog]);
      await capture.stop();
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(keylog, 'utf8')).toMatch(/^CLIENT_TRAFFIC_SECRET_0 /m);

      const rows = await tsharkDecrypt(capture.file, keylog);
      expect(rows.some((row) => row['quic.long.packet_type'].split(',').includes('0'))).toBe(true); // Initial
      const payloads = streamPayloads(rows).map((b) => b.toString('latin1'));
      expect(payloads).toContain(`\x01${message}`); // the client's 0x01 text stream
      expect(payloads).toContain(message); // the server's echo

      const withoutKeys = await tsharkDecrypt(capture.file, join(dir, 'no-such-keylog'));
      expect(streamPayloads(withoutKeys)).toEqual([]);
    } finally {
      await server.stop();
    }
  }, testTimeout);
});
