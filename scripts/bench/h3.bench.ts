// Bench section: a file over HTTP/3 (RFC 9114), our server → our client, beside the HLD goodput
// download in the same run, from the same server process: `hld-server --h3 --root DIR` serves h3
// and HLD side by side, chosen by the client's ALPN. Both figures are timed the same way, in the
// client process, from opening the request stream to the last byte (the handshake and node's
// start-up are not in them); both check what arrived (HLD: every byte's pattern, h3: the SHA-256).
//
//   npx tsx scripts/bench/h3.bench.ts [--mib 50]
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { listening, start, startScript, writeBenchFile } from './hld.bench.ts';
import type { BenchRow, BenchSection } from './measure.ts';

const self = fileURLToPath(import.meta.url);
const MiB = 1024 * 1024;

/** Runs `program` to completion and returns the JSON object on its last stdout line. */
async function lastJSONLine(what: string, p: ReturnType<typeof start>): Promise<{ mbit_per_s: number }> {
  const code = await p.exited;
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${p.stderr().trim()}`);
  return JSON.parse(p.stdout().trim().split('\n').pop()!) as { mbit_per_s: number };
}

/** This file as `--role h3-get`: one GET in its own process, like hld-client's goodput mode. */
function h3Get(url: string, sha256: string): ReturnType<typeof start> {
  return startScript(self, ['--role', 'h3-get', '--url', url, '--sha256', sha256]);
}

export async function benchH3(mib: number): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'h3-bench-'));
  const file = join(root, 'bench.bin');
  writeBenchFile(file, mib);
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const server = start('hld-server.ts', ['--h3', '--root', root, '--listen', '127.0.0.1:0', '--out', root]);
  try {
    const addr = await listening(server);
    const hld = await lastJSONLine('hld-client --mode goodput', start('hld-client.ts', ['--addr', addr, '--mode', 'goodput', '--mib', String(mib)]));
    const h3 = await lastJSONLine('h3 GET', h3Get(`https://${addr}/bench.bin`, sha256));
    return [
      { name: `HTTP/3 GET ${mib} MiB file, server → client`, value: h3.mbit_per_s, unit: 'Mbit/s' },
      { name: `HLD goodput ${mib} MiB, server → client`, value: hld.mbit_per_s, unit: 'Mbit/s' },
      { name: 'ratio HTTP/3 / HLD goodput', value: h3.mbit_per_s / hld.mbit_per_s, unit: '×' },
    ];
  } finally {
    server.proc.kill('SIGTERM');
    await server.exited;
    rmSync(root, { recursive: true, force: true });
  }
}

export const section: BenchSection = {
  name: 'HTTP/3 download beside HLD goodput (hld-server --h3 → our client, two processes, loopback)',
  run: () => benchH3(50),
};

/** The child: GET url over HTTP/3, check the body's SHA-256, print the rate as one JSON line. */
async function h3GetRole(url: string, sha256: string): Promise<void> {
  const { ClientConn } = await import('../../src/http3/client.ts');
  const { clientTLSConfig } = await import('../../src/cmd/tls_setup.ts');
  const { parseH3URL } = await import('../../src/cmd/h3_client.ts');
  const { addr, authority, path } = parseH3URL(url);
  const client = await ClientConn.dial(addr, clientTLSConfig({ alpn: ['h3'] }));
  const t0 = performance.now();
  const res = await client.roundTrip({ method: 'GET', authority, path });
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res.body) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  client.close();
  if (res.status !== 200 || hash.digest('hex') !== sha256) throw new Error(`h3 GET ${url}: status ${res.status}, ${bytes} bytes, wrong SHA-256`);
  console.log(JSON.stringify({ bytes, seconds, mbit_per_s: (bytes * 8) / 1e6 / seconds }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { mib: { type: 'string', default: '50' }, role: { type: 'string' }, url: { type: 'string' }, sha256: { type: 'string' } } });
  if (values.role === 'h3-get') {
    await h3GetRole(values.url!, values.sha256!);
    process.exit(0);
  }
  for (const r of await benchH3(Number(values.mib))) console.log(`${r.name.padEnd(40)} ${r.value.toFixed(1).padStart(8)} ${r.unit}`);
}
