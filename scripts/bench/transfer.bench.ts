// Transfer figures on loopback, with the quic-go peer's for comparison, in one run.
// Server and client are separate processes (this file, run with --role), as in real use.
//   TRANSFER_MIB (default 200): one-stream download size, our server → our client;
//   UPLOAD_MIB (default 1024): the upload whose RSS is watched on both sides.
// Targets from the performance issue: noble AES-128-GCM ≥ 150 Mbit/s, noble ChaCha20 ≥ 200 Mbit/s,
// node:crypto ≥ 0.6 × quic-go↔quic-go with 1,452-byte datagrams and ≥ 1.2 × with path MTU up to
// loopback's, < 200 MiB RSS during a 1 GiB upload. Every download runs path MTU discovery: up to
// the default 1452-byte ceiling, and up to loopback's MTU, where node:dgram's fixed cost per
// datagram is spread over ~45× more bytes. Handshakes and idle connections: handshake.bench.ts.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchRow, BenchSection } from './measure.ts';

const self = fileURLToPath(import.meta.url);
const MiB = 1 << 20;
const suites = { aes: 0x1301, chacha: 0x1303 } as const;

/** Runs this file as `--role …` in a child process; resolves with its last stdout line as JSON. */
function child(args: string[], onLine?: (line: string) => void): { result: Promise<Record<string, number>>; kill: () => void } {
  const p = spawn(process.execPath, ['--import', 'tsx', self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = '';
  p.stdout.setEncoding('utf8');
  p.stdout.on('data', (d: string) => {
    for (const line of d.split('\n').filter(Boolean)) {
      last = line;
      onLine?.(line);
    }
  });
  const result = new Promise<Record<string, number>>((resolve, reject) => {
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(last) as Record<string, number>) : reject(new Error(`${args.join(' ')}: exit ${code}`))));
  });
  return { result, kill: () => p.kill() };
}

/** Starts `--role server` and waits for its "listening" line. */
async function startServer(crypto: string, suite: number, extra: string[] = []): Promise<{ addr: string; stop: () => Promise<Record<string, number>> }> {
  let resolveAddr: (a: string) => void;
  const addr = new Promise<string>((r) => (resolveAddr = r));
  const c = child(['--role', 'server', '--crypto', crypto, '--suite', String(suite), ...extra], (line) => {
    const m = /^listening (\S+)$/.exec(line);
    if (m) resolveAddr(m[1]!);
  });
  return {
    addr: await addr,
    stop: async () => {
      c.kill();
      return c.result.catch(() => ({}));
    },
  };
}

/** Path MTU discovery's ceiling raised to what loopback carries (its MTU is 65536): both ends take --max-udp-payload. */
const loopbackCeiling = ['--max-udp-payload', '65527'];

async function ourDownload(crypto: string, suite: number, bytes: number, extra: string[] = []): Promise<number> {
  const s = await startServer(crypto, suite, extra);
  try {
    const r = await child(['--role', 'download', '--addr', s.addr, '--crypto', crypto, '--bytes', String(bytes), ...extra]).result;
    return r.mbit_per_s!;
  } finally {
    await s.stop();
  }
}

async function goFigures(bytes: number): Promise<BenchRow[]> {
  const { havePeers, startGoServer, runGoClient, buildGoPeer, stopAllPeers } = await import('../../test/peers/peers.ts');
  if (!havePeers().go) return [];
  await buildGoPeer();
  const rows: BenchRow[] = [];
  const go = await startGoServer([], { lifetimeMs: 600_000 });
  const goClient = async (addr: string) => {
    const r = await runGoClient(['-addr', addr, '-op', 'goodput', '-bytes', String(bytes)], 600_000);
    return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { mbit_per_s: number }).mbit_per_s;
  };
  try {
    rows.push({ name: 'Go server → Go client', value: await goClient(go.addr), unit: 'Mbit/s' });
    const r = await child(['--role', 'download', '--addr', go.addr, '--crypto', 'node', '--bytes', String(bytes)]).result;
    rows.push({ name: 'Go server → our client (node)', value: r.mbit_per_s!, unit: 'Mbit/s' });
    const ours = await startServer('node', suites.aes);
    rows.push({ name: 'our server (node) → Go client', value: await goClient(ours.addr), unit: 'Mbit/s' });
    await ours.stop();
  } finally {
    await stopAllPeers();
  }
  return rows;
}

export const section: BenchSection = {
  name: 'Transfer (loopback, separate processes)',
  async run() {
    const bytes = Number(process.env.TRANSFER_MIB ?? 200) * MiB;
    const uploadBytes = Number(process.env.UPLOAD_MIB ?? 1024) * MiB;
    const rows: BenchRow[] = [];
    const mib = bytes / MiB;
    // Datagrams up to 1452 bytes (the default ceiling, quic-go's), as on any Ethernet-sized path.
    const noble = await ourDownload('noble', suites.aes, bytes);
    rows.push({ name: `${mib} MiB, AES-128-GCM, noble`, value: noble, unit: 'Mbit/s', target: 150 });
    rows.push({ name: `${mib} MiB, ChaCha20-Poly1305, noble`, value: await ourDownload('noble', suites.chacha, bytes), unit: 'Mbit/s', target: 200 });
    const node = await ourDownload('node', suites.aes, bytes);
    rows.push({ name: `${mib} MiB, AES-128-GCM, node:crypto, 1452-byte ceiling`, value: node, unit: 'Mbit/s' });
    // Path MTU discovery up to loopback's MTU: each datagram costs node:dgram the same, and carries 45× more.
    const nodeLoopback = await ourDownload('node', suites.aes, bytes, loopbackCeiling);
    rows.push({ name: `${mib} MiB, AES-128-GCM, node:crypto, loopback MTU`, value: nodeLoopback, unit: 'Mbit/s' });
    const nobleLoopback = await ourDownload('noble', suites.aes, bytes, loopbackCeiling);
    rows.push({ name: `${mib} MiB, AES-128-GCM, noble, loopback MTU`, value: nobleLoopback, unit: 'Mbit/s' });

    const s = await startServer('node', suites.aes);
    const up = await child(['--role', 'upload', '--addr', s.addr, '--bytes', String(uploadBytes)]).result;
    const srv = await s.stop();
    rows.push({ name: `${uploadBytes / MiB} MiB upload, client peak RSS (target < 200)`, value: up.peak_rss_mib!, unit: 'MiB' });
    rows.push({ name: `${uploadBytes / MiB} MiB upload, server peak RSS (target < 200)`, value: srv.peak_rss_mib ?? NaN, unit: 'MiB' });
    rows.push({ name: `${uploadBytes / MiB} MiB upload, node:crypto`, value: up.mbit_per_s!, unit: 'Mbit/s' });

    const goRows = await goFigures(bytes);
    rows.push(...goRows);
    const goGo = goRows.find((r) => r.name === 'Go server → Go client');
    if (goGo) {
      rows.push({ name: 'ratio ours (noble AES) / Go↔Go', value: noble / goGo.value, unit: '×' });
      rows.push({ name: 'ratio ours (node) / Go↔Go', value: node / goGo.value, unit: '×', target: 0.6 });
      rows.push({ name: 'ratio ours (node, loopback MTU) / Go↔Go', value: nodeLoopback / goGo.value, unit: '×', target: 1.2 });
    }
    return rows;
  },
};

// --- the child processes ---

async function role(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      addr: { type: 'string' },
      crypto: { type: 'string', default: 'noble' },
      suite: { type: 'string', default: String(suites.aes) },
      bytes: { type: 'string', default: String(MiB) },
      'max-udp-payload': { type: 'string' },
    },
  });
  const { dialAddr } = await import('../../src/quic.ts');
  const { clientTLS, serverTLS, startTestServer, download } = await import('../../test/reliability/helpers.ts');
  const crypto = values.crypto as 'noble' | 'node';
  const maxUDPPayloadSize = values['max-udp-payload'] === undefined ? undefined : Number(values['max-udp-payload']);
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss() / MiB)), 100); // rss() alone: memoryUsage() walks the heap spaces too
  rssTimer.unref();
  const out = (o: Record<string, number>) => console.log(JSON.stringify(o));

  if (values.role === 'server') {
    const s = await startTestServer({ crypto, maxUDPPayloadSize }, { ...serverTLS(), cipherSuites: [Number(values.suite)] });
    console.log(`listening ${s.addr}`);
    process.on('SIGTERM', () => {
      out({ peak_rss_mib: peakRss });
      // close() also removes the server's upload directory.
      void s.close().finally(() => process.exit(0));
    });
    return;
  }
  if (values.role === 'download') {
    const c = await dialAddr(values.addr!, clientTLS(), { crypto, maxUDPPayloadSize });
    const start = performance.now();
    const r = await download(c, Number(values.bytes));
    const s = (performance.now() - start) / 1000;
    c.closeWithError(0, '');
    out({ mbit_per_s: (r.bytes * 8) / 1e6 / s, peak_rss_mib: peakRss });
  } else if (values.role === 'upload') {
    const c = await dialAddr(values.addr!, clientTLS(), { crypto: 'node' });
    const n = Number(values.bytes);
    const chunk = new Uint8Array(MiB).fill(0x5a);
    const str = await c.openStreamSync();
    const { encodeUploadPreamble } = await import('../../src/cmd/hld_protocol.ts');
    const start = performance.now();
    await str.write(encodeUploadPreamble(`bench.bin|${n}`));
    for (let off = 0; off < n; off += chunk.length) await str.write(chunk.subarray(0, Math.min(chunk.length, n - off)));
    str.close();
    for await (const _ of str);
    const s = (performance.now() - start) / 1000;
    c.closeWithError(0, '');
    out({ mbit_per_s: (n * 8) / 1e6 / s, peak_rss_mib: peakRss });
  }
  process.exit(0);
}

if (process.argv[1] === self && process.argv.includes('--role')) await role();
