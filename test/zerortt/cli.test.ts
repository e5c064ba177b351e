// `npm run server -- --0rtt` and `npm run client -- --0rtt` as separate processes: the client
// connects once for a ticket, resumes, and sends its messages or its upload as early data.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPeer, spawnPeer, stopAllPeers, waitForOutput, type PeerProcess } from '../peers/process.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const work = mkdtempSync(join(tmpdir(), 'hld-0rtt-'));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let early: PeerProcess;
let plain: PeerProcess;
const addrs: Record<'early' | 'plain', string> = { early: '', plain: '' };

const client = (server: keyof typeof addrs, args: string[]) => runPeer(tsx, ['src/cmd/hld-client.ts', '--addr', addrs[server], ...args], 30_000, { cwd: repo });

beforeAll(async () => {
  early = spawnPeer(tsx, ['src/cmd/hld-server.ts', '--0rtt', '--listen', '127.0.0.1:0', '--out', work], { cwd: repo, lifetimeMs: 120_000 });
  plain = spawnPeer(tsx, ['src/cmd/hld-server.ts', '--listen', '127.0.0.1:0', '--out', work], { cwd: repo, lifetimeMs: 120_000 });
  addrs.early = (await waitForOutput(early, /^listening (\S+)$/m, 20_000))[1]!;
  addrs.plain = (await waitForOutput(plain, /^listening (\S+)$/m, 20_000))[1]!;
});

afterAll(async () => {
  await stopAllPeers();
  rmSync(work, { recursive: true, force: true });
});

describe('--0rtt', () => {
  it('text: the messages go as early data; "0-RTT used"; the server logs the accepted 0-RTT', async () => {
    const r = await client('early', ['--0rtt', 'hello', 'early data']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('echo: hello\necho: early data\n0-RTT used\n');
    expect(early.stdout()).toMatch(/connected \(ALPN HLD, 0-RTT accepted\)/);
  });

  it('upload: the header and the first bytes go as early data; the stored file is the sent one', async () => {
    const data = randomBytes(500_000);
    const file = join(work, 'early.bin');
    writeFileSync(file, data);
    const r = await client('early', ['--0rtt', '--mode', 'upload', '--file', file, '--name', 'stored.bin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`OK 500000 ${sha256(data)}\n0-RTT used\n`);
    expect(sha256(readFileSync(join(work, 'received_stored.bin')))).toBe(sha256(data));
  });

  it('a server without --0rtt issues tickets without early data: the request goes in 1-RTT', async () => {
    const r = await client('plain', ['--0rtt', 'hello']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('echo: hello\n0-RTT not offered: the ticket does not allow early data\n');
  });

  it('refuses the modes it cannot send early, in one line', async () => {
    const r = await client('early', ['--0rtt', '--mode', 'goodput']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('hld-client: --0rtt works with --mode text or upload, not goodput\n');
  });
});
