// Bench section: an HLD upload, our hld-client → our hld-server, as two processes on loopback.
// Reports the upload rate and each side's peak resident memory (VmHWM from /proc, so Linux only),
// which should stay flat however large the file: the client streams it from disk, the server to disk.
//
//   npx tsx scripts/bench/hld.bench.ts [--mib 200]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchRow, BenchSection } from './measure.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const MiB = 1024 * 1024;

/** Peak resident set size of a live process, in MiB (Linux /proc/<pid>/status VmHWM); 0 once it has exited. */
function peakRssMiB(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a program of src/cmd in its own node process (tsx as a loader, so the pid is the program's). */
export function start(program: string, args: string[]) {
  return startScript(join('src/cmd', program), args);
}

/** Runs a script (a path from the repository's root, or absolute) under tsx, collecting its output and peak RSS. */
export function startScript(script: string, args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  proc.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMiB(proc.pid!))), 50);
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code))).finally(() => clearInterval(sampler));
  return { proc, exited, stdout: () => stdout, stderr: () => stderr, peak: () => peak };
}

/** A file of `mib` MiB: a 1 MiB random block repeated (written without holding the whole file in memory). */
export function writeBenchFile(file: string, mib: number): void {
  const block = randomBytes(MiB);
  const fd = openSync(file, 'w');
  for (let i = 0; i < mib; i++) writeSync(fd, block);
  closeSync(fd);
}

/** Waits for a server's "listening HOST:PORT" line and returns the address. */
export async function listening(server: ReturnType<typeof start>): Promise<string> {
  for (let i = 0; !/^listening (\S+)$/m.test(server.stdout()); i++) {
    if (i > 200 || server.proc.exitCode !== null) throw new Error(`hld-server did not start: ${server.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return /^listening (\S+)$/m.exec(server.stdout())![1]!;
}

/** Runs the client to completion; returns its wall time in seconds and its peak RSS. */
async function runClient(args: string[]): Promise<{ seconds: number; peak: number; stdout: string }> {
  const t0 = performance.now();
  const c = start('hld-client.ts', args);
  const code = await c.exited;
  if (code !== 0) throw new Error(`hld-client ${args.join(' ')} failed: ${c.stderr().trim()}`);
  return { seconds: (performance.now() - t0) / 1000, peak: c.peak(), stdout: c.stdout() };
}

export async function benchUpload(mib: number): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'hld-bench-'));
  const server = start('hld-server.ts', ['--listen', '127.0.0.1:0', '--out', work, '--max-upload', String(2 * mib * MiB)]);
  try {
    const file = join(work, 'upload.bin');
    writeBenchFile(file, mib);

    const addr = await listening(server);

    // Node's start-up and the handshake, measured alone, are taken off the upload's time.
    const baseline = await runClient(['--addr', addr, '--mode', 'handshake']);
    const up = await runClient(['--addr', addr, '--mode', 'upload', '--file', file, '--name', 'bench.bin']);
    if (!up.stdout.startsWith(`OK ${mib * MiB} `)) throw new Error(`unexpected reply: ${up.stdout}`);
    const seconds = up.seconds - baseline.seconds;
    return [
      { name: `upload ${mib} MiB, client → server`, value: mib / seconds, unit: 'MiB/s' },
      { name: 'client peak RSS', value: up.peak, unit: 'MiB' },
      { name: 'server peak RSS', value: peakRssMiB(server.proc.pid!), unit: 'MiB' },
    ];
  } finally {
    server.proc.kill('SIGTERM');
    await server.exited;
    rmSync(work, { recursive: true, force: true });
  }
}

export const section: BenchSection = {
  name: 'HLD upload (hld-client → hld-server, two processes, loopback; server windows: the article\'s 1/6 MB stream, 2/12 MB connection)',
  run: () => benchUpload(200),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { mib: { type: 'string', default: '200' } } });
  for (const r of await benchUpload(Number(values.mib))) console.log(`${r.name.padEnd(36)} ${r.value.toFixed(1).padStart(8)} ${r.unit}`);
}
