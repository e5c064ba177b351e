// Child processes for interop peers: output kept in memory, a hard lifetime, and a registry so
// that every peer a test started can be stopped in afterAll (and is killed if the runner exits).
import { spawn, type ChildProcess } from 'node:child_process';

/** How a peer process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The outcome of a peer run to completion. */
export interface RunResult extends Exit {
  stdout: string;
  stderr: string;
  ms: number;
  /** true when the harness killed it at its deadline. */
  timedOut: boolean;
}

export interface PeerProcess {
  readonly proc: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Signal the process (SIGTERM by default), SIGKILL it after `graceMs`, and wait for it. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<Exit>;
}

export interface SpawnOptions {
  /** SIGKILL after this long whatever happens. */
  lifetimeMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Only the tail of a chatty peer's output is kept. */
const maxKeptOutput = 1 << 20;
const live = new Set<PeerProcess>();

process.on('exit', () => {
  for (const p of live) p.proc.kill('SIGKILL');
});

export function spawnPeer(command: string, args: readonly string[], opts: SpawnOptions): PeerProcess {
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => (out = (out + s).slice(-maxKeptOutput)));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-maxKeptOutput)));
  const hardKill = setTimeout(() => proc.kill('SIGKILL'), opts.lifetimeMs);
  hardKill.unref();
  const exited = new Promise<Exit>((resolve) => {
    proc.on('error', (e) => {
      err += `${e.message}\n`;
      resolve({ code: null, signal: null });
    });
    proc.on('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => {
    clearTimeout(hardKill);
    live.delete(peer);
  });
  const peer: PeerProcess = {
    proc,
    exited,
    stdout: () => out,
    stderr: () => err,
    async stop(signal = 'SIGTERM', graceMs = 3000) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill(signal);
        const escalate = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(escalate);
      }
      return exited;
    },
  };
  live.add(peer);
  return peer;
}

/** Run a peer to completion, killing it after `timeoutMs`. */
export async function runPeer(
  command: string,
  args: readonly string[],
  timeoutMs: number,
  opts: Omit<SpawnOptions, 'lifetimeMs'> = {},
): Promise<RunResult> {
  const start = performance.now();
  const p = spawnPeer(command, args, { ...opts, lifetimeMs: timeoutMs });
  const exit = await p.exited;
  const ms = performance.now() - start;
  return { ...exit, stdout: p.stdout(), stderr: p.stderr(), ms, timedOut: exit.signal === 'SIGKILL' && ms >= timeoutMs };
}

/** Resolve with the first match of `pattern` in the peer's output; reject if it exits or `timeoutMs` passes. */
export function waitForOutput(
  p: PeerProcess,
  pattern: RegExp,
  timeoutMs: number,
  stream: 'stdout' | 'stderr' = 'stdout',
): Promise<RegExpMatchArray> {
  const text = stream === 'stdout' ? p.stdout : p.stderr;
  const source = stream === 'stdout' ? p.proc.stdout! : p.proc.stderr!;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const m = text().match(pattern);
      if (m) finish(() => resolve(m));
    };
    const onExit = (): void =>
      finish(() => reject(new Error(`peer exited before printing ${pattern}: ${p.stderr().trim().slice(-500)}`)));
    const timer = setTimeout(
      () => finish(() => reject(new Error(`peer did not print ${pattern} within ${timeoutMs} ms: ${p.stderr().trim().slice(-500)}`))),
      timeoutMs,
    );
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      source.off('data', check);
      p.proc.off('close', onExit);
      settle();
    };
    source.on('data', check);
    p.proc.on('close', onExit);
    check();
    if (p.proc.exitCode !== null || p.proc.signalCode !== null) onExit();
  });
}

/** Stop every peer still running (for afterAll). */
export async function stopAllPeers(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}
