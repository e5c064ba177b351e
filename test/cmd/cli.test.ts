// The command-line contract of ARCHITECTURE.md §6: hld-server and hld-client as separate processes.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPeer, spawnPeer, stopAllPeers, waitForOutput, type PeerProcess } from '../peers/process.ts';
import { bindLoopback } from '../e2e/net.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repo, 'node_modules', '.bin', 'tsx'); // what `npx tsx` runs
const work = mkdtempSync(join(tmpdir(), 'hld-cli-'));
const out = join(work, 'out');
const certFile = join(work, 'server.pem');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let server: PeerProcess;
let addr: string;

function client(args: string[], timeoutMs = 20_000) {
  return runPeer(tsx, ['src/cmd/hld-client.ts', '--addr', addr, ...args], timeoutMs, { cwd: repo });
}

beforeAll(async () => {
  mkdirSync(out);
  server = spawnPeer(
    tsx,
    ['src/cmd/hld-server.ts', '--listen', '127.0.0.1:0', '--out', out, '--max-upload', '5000000', '--write-cert', certFile, '--idle', '5s'],
    { cwd: repo, lifetimeMs: 120_000 },
  );
  const [, a] = await waitForOutput(server, /^listening (\S+)$/m, 20_000);
  addr = a!;
});

afterAll(async () => {
  await stopAllPeers();
  rmSync(work, { recursive: true, force: true });
});

describe('hld-client ↔ hld-server', () => {
  it('text: prints "echo: <msg>" per message', async () => {
    const r = await client(['hello HLD', 'second message']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('echo: hello HLD\necho: second message\n');
  });

  it('upload: prints the server\'s OK line; the file is stored as received_<name>', async () => {
    const data = randomBytes(3_000_000);
    const file = join(work, 'movie.bin');
    writeFileSync(file, data);
    const r = await client(['--mode', 'upload', '--file', file, '--name', 'clip.bin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`OK 3000000 ${sha256(data)}\n`);
    expect(sha256(readFileSync(join(out, 'received_clip.bin')))).toBe(sha256(data));
    expect(readdirSync(out)).toEqual(['received_clip.bin']);
  });

  it('upload refused: the server\'s ERR line on stderr, exit 1, nothing written', async () => {
    const file = join(work, 'small.bin');
    writeFileSync(file, randomBytes(10_000));
    const before = readdirSync(out).sort();
    const r = await client(['--mode', 'upload', '--file', file, '--name', '../x']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hld-client: ERR bad file name "\.\.\/x"\n$/);
    expect(readdirSync(out).sort()).toEqual(before);
    expect(existsSync(join(out, '..', 'x'))).toBe(false);
  });

  it('upload --peer article: a reply that comes is still checked (our OK line, our ERR line)', async () => {
    const data = randomBytes(100_000);
    const file = join(work, 'peer.bin');
    writeFileSync(file, data);
    const ok = await client(['--mode', 'upload', '--peer', 'article', '--file', file]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(`OK 100000 ${sha256(data)}\n`);
    const refused = await client(['--mode', 'upload', '--peer', 'article', '--file', file, '--name', '..']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('hld-client: ERR bad file name ".."\n');
  });

  it('upload over --max-upload is refused', async () => {
    const file = join(work, 'big.bin');
    writeFileSync(file, new Uint8Array(5_000_001));
    const r = await client(['--mode', 'upload', '--file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ERR size 5000001 over limit 5000000/);
    expect(readdirSync(out).filter((f) => f.includes('big.bin'))).toEqual([]);
  });

  it('goodput: one JSON line with bytes, seconds, mbit_per_s, handshake_ms', async () => {
    const r = await client(['--mode', 'goodput', '--mib', '1']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(j).sort()).toEqual(['bytes', 'handshake_ms', 'mbit_per_s', 'seconds']);
    expect(j.bytes).toBe(1 << 20);
    expect(j.seconds).toBeGreaterThan(0);
    expect(j.mbit_per_s).toBeGreaterThan(0);
    expect(j.handshake_ms).toBeGreaterThan(0);
  });

  it('handshake: the negotiated ALPN and cipher suite, with the certificate verified by --ca', async () => {
    const r = await client(['--mode', 'handshake', '--ca', certFile, '--trace-json', join(work, 'trace.jsonl')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^alpn=HLD cipher=TLS_AES_128_GCM_SHA256 version=v1 handshake_ms=[0-9.]+\n$/);
    const events = readFileSync(join(work, 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { side: string; goroutine: string });
    expect(events.some((e) => e.goroutine === 'connection.run')).toBe(true);
    expect(new Set(events.map((e) => e.side))).toEqual(new Set(['client']));
  });

  it('--keylog appends NSS key log lines', async () => {
    const keylog = join(work, 'keys.log');
    const r = await client(['--mode', 'handshake', '--keylog', keylog]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(keylog, 'utf8')).toMatch(/^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]{64} [0-9a-f]+$/m);
  });
});

describe('failures: one line on stderr, exit 1', () => {
  it('names the TLS alert when the ALPN does not match', async () => {
    const r = await client(['--mode', 'handshake', '--alpn', 'h3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hld-client: handshake failed: no_application_protocol: CRYPTO_ERROR 0x178 .*\n$/);
  });

  it('says the certificate does not verify (--ca with another certificate, or a wrong --sni)', async () => {
    const otherCert = join(work, 'other.pem');
    const other = spawnPeer(tsx, ['src/cmd/hld-server.ts', '--listen', '127.0.0.1:0', '--out', work, '--write-cert', otherCert], { cwd: repo, lifetimeMs: 60_000 });
    await waitForOutput(other, /^listening/m, 20_000);
    await other.stop();
    const wrongCA = await client(['--mode', 'handshake', '--ca', otherCert]);
    expect(wrongCA.code).toBe(1);
    expect(wrongCA.stderr).toMatch(/^hld-client: handshake failed: unknown_ca: .*certificate signed by unknown authority.*\n$/);
    const wrongName = await client(['--mode', 'handshake', '--ca', certFile, '--sni', 'example.com']);
    expect(wrongName.code).toBe(1);
    expect(wrongName.stderr).toMatch(/^hld-client: handshake failed: bad_certificate: .*not example\.com\n$/);
  });

  it('says that nothing answered at the address, rather than only quic-go\'s timeout', async () => {
    const r = await runPeer(tsx, ['src/cmd/hld-client.ts', '--addr', '127.0.0.1:9', '--mode', 'handshake'], 20_000, { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('hld-client: no answer from 127.0.0.1:9 (timeout: no recent network activity): is a server listening there?\n');
  });

  it('--timeout bounds the run', async () => {
    // A silent server: a bare socket that notes when the client's first Initial arrives. The
    // deadline is armed just before that Initial is sent, so the time from it to the exit is the
    // run's own length, without tsx's start-up, which takes seconds on a busy machine.
    const silent = await bindLoopback();
    const firstInitial = new Promise<number>((resolve) => silent.once('message', () => resolve(performance.now())));
    try {
      const run = spawnPeer(tsx, ['src/cmd/hld-client.ts', '--addr', `127.0.0.1:${silent.address().port}`, '--timeout', '500ms', 'hi'], {
        cwd: repo,
        lifetimeMs: 20_000,
      });
      const exit = await run.exited;
      const ranMs = performance.now() - (await firstInitial);
      expect(exit.code).toBe(1);
      expect(run.stderr()).toBe('hld-client: context deadline exceeded (--timeout 500ms)\n');
      // Without the deadline the handshake idle timeout (5 s, RFC 9000 §10.1) would end it.
      expect(ranMs).toBeLessThan(2500);
    } finally {
      silent.close();
    }
  });

  // Six processes one after another: tsx's start-up alone can take 4 s each on a busy machine.
  it('refuses bad flags and durations', { timeout: 120_000 }, async () => {
    const bad = await client(['--mode', 'upload']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('hld-client: upload mode needs --file\n');
    const dur = await client(['--timeout', '5', 'x']);
    expect(dur.stderr).toMatch(/^hld-client: invalid duration "5"/);
    const peer = await client(['--peer', 'quic-go', 'x']);
    expect(peer.stderr).toBe('hld-client: --peer must be one of hld, article, not "quic-go"\n');
    const goodput = await client(['--peer', 'article', '--mode', 'goodput']);
    expect(goodput.stderr).toBe("hld-client: --peer article: the article's server has no goodput mode\n");
    const bar = await client(['--peer', 'article', '--mode', 'upload', '--file', certFile, '--name', 'a|b']);
    expect(bar.stderr).toBe('hld-client: upload: the article\'s server cannot store a name with "|" ("a|b")\n');
    const unknown = await client(['--no-such-flag']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no-such-flag/);
  });

  it('an address that is not HOST:PORT is a flag error, before any handshake', async () => {
    const r = await runPeer(tsx, ['src/cmd/hld-client.ts', '--addr', 'nonsense', 'hi'], 20_000, { cwd: repo });
    expect(r.code).toBe(1);
    // The flag error itself, not a dial's: an address that does not parse cannot be dialed.
    expect(r.stderr).toBe('hld-client: --addr: "nonsense" is not HOST:PORT (e.g. 127.0.0.1:9000)\n');
  });

  it('a missing upload file is named, before any handshake', async () => {
    const missing = join(work, 'no-such.bin');
    // Before any handshake: the socket at --addr receives no datagram (timing tsx's start-up said nothing).
    const silent = await bindLoopback();
    let datagrams = 0;
    silent.on('message', () => datagrams++);
    try {
      const r = await runPeer(tsx, ['src/cmd/hld-client.ts', '--addr', `127.0.0.1:${silent.address().port}`, '--mode', 'upload', '--file', missing], 20_000, { cwd: repo });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`hld-client: no such file: ${missing}\n`);
      expect(datagrams).toBe(0);
    } finally {
      silent.close();
    }
  });

  it('the server refuses an --out directory that does not exist, and creates nothing', async () => {
    const missing = join(work, 'typo', 'out');
    const r = await runPeer(tsx, ['src/cmd/hld-server.ts', '--listen', '127.0.0.1:0', '--out', missing], 20_000, { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`hld-server: --out: no such directory: ${missing} (create it first)\n`);
    expect(existsSync(join(work, 'typo'))).toBe(false);
  });

  it('the server refuses a --listen address that is not HOST:PORT', async () => {
    const r = await runPeer(tsx, ['src/cmd/hld-server.ts', '--listen', 'nonsense', '--out', work], 20_000, { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('hld-server: --listen: "nonsense" is not HOST:PORT (e.g. 127.0.0.1:9000)\n');
  });
});

describe('the server\'s log and the trace', () => {
  it('logs a client\'s ordinary close as such, not as an error', async () => {
    const r = await client(['bye']);
    expect(r.code, r.stderr).toBe(0);
    await waitForOutput(server, /^127\.0\.0\.1:\d+: closed by the client$/m, 10_000);
    expect(server.stdout()).not.toMatch(/closed: Application error 0x0/);
  });

  it('labels each trace line with its side', async () => {
    const r = await client(['--trace', 'traced']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^ +[0-9.]+ms {2}client {2}\S/);
    expect(lines.filter((l) => l.includes('handshake complete'))).toHaveLength(1);
  });
});
