// HLD between our programs and the independent Go peer (quic-go 0.29): the Go client against our
// server, and our hld-client against the Go server — echo, a 3 MB upload, a refused "../x".
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addrString } from '../../src/sys_conn.ts';
import { hldALPN } from '../../src/cmd/hld_protocol.ts';
import { startServer, type HLDServer } from '../../src/cmd/serve.ts';
import { serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { buildGoPeer, runGoClient, skipInterop, startGoServer, stopAllPeers, type GoServer } from '../peers/peers.ts';
import { runPeer } from '../peers/process.ts';

const testTimeout = 30_000;
const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const work = mkdtempSync(join(tmpdir(), 'hld-interop-'));
const data = randomBytes(3_000_000);
const movie = join(work, 'movie.bin');
const small = join(work, 'small.bin');
writeFileSync(movie, data);
writeFileSync(small, randomBytes(10_000));

afterAll(async () => {
  await stopAllPeers();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(skipInterop())('Go client (quic-go 0.29) → our hld server', () => {
  let server: HLDServer;
  let addr: string;
  const out = join(work, 'ours-out');

  beforeAll(async () => {
    await buildGoPeer();
    mkdirSync(out);
    server = await startServer({ listen: '127.0.0.1:0', tls: serverTLSConfig({ alpn: [hldALPN] }), config: {}, outDir: out, maxUpload: 1 << 30 });
    addr = addrString(server.addr);
  }, 180_000);
  afterAll(() => server?.listener.close());

  it('echoes text', async () => {
    const r = await runGoClient(['-addr', addr, '-op', 'echo', '-msg', 'hello from Go', 'second message']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('echo: hello from Go\necho: second message\n');
  }, testTimeout);

  it('stores a 3 MB upload and replies with its sha256', async () => {
    const r = await runGoClient(['-addr', addr, '-op', 'upload', '-file', movie, '-name', 'movie.bin'], 25_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`OK 3000000 ${sha256(data)}\n`);
    expect(sha256(readFileSync(join(out, 'received_movie.bin')))).toBe(sha256(data));
    expect(readdirSync(out)).toEqual(['received_movie.bin']);
  }, testTimeout);

  it('refuses ../x and writes nothing', async () => {
    const r = await runGoClient(['-addr', addr, '-op', 'upload', '-file', small, '-name', '../x']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERR bad file name/);
    expect(readdirSync(out)).toEqual(['received_movie.bin']);
    expect(existsSync(join(out, '..', 'x'))).toBe(false);
  }, testTimeout);
});

describe.skipIf(skipInterop())('our hld-client → Go server (quic-go 0.29)', () => {
  let server: GoServer;
  const out = join(work, 'go-out');
  const client = (args: string[]) => runPeer(tsx, ['src/cmd/hld-client.ts', '--addr', server.addr, ...args], 25_000, { cwd: repo });

  beforeAll(async () => {
    mkdirSync(out);
    server = await startGoServer(['-out', out]);
  }, 180_000);
  afterAll(() => server?.stop());

  it('echoes text', async () => {
    const r = await client(['hello from TypeScript', 'second message']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('echo: hello from TypeScript\necho: second message\n');
  }, testTimeout);

  it('uploads 3 MB and checks the sha256 the server replies with', async () => {
    const r = await client(['--mode', 'upload', '--file', movie, '--name', 'movie.bin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`OK 3000000 ${sha256(data)}\n`);
    expect(sha256(readFileSync(join(out, 'received_movie.bin')))).toBe(sha256(data));
  }, testTimeout);

  it('shows the Go server\'s refusal of ../x and exits 1', async () => {
    const r = await client(['--mode', 'upload', '--file', small, '--name', '../x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hld-client: ERR bad file name/);
    expect(readdirSync(out)).toEqual(['received_movie.bin']);
    expect(existsSync(join(out, '..', 'x'))).toBe(false);
  }, testTimeout);
});
