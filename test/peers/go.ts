// The Go peer (test/peers/go/quicpeer) on Debian's quic-go 0.29: build it, start it as an HLD
// server, run it as an HLD client. Its flags are documented in quicpeer/main.go.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debianGopath, requirePeers } from './availability.ts';
import { runPeer, spawnPeer, waitForOutput, type PeerProcess, type RunResult } from './process.ts';

const goRoot = fileURLToPath(new URL('./go/', import.meta.url));

/** The Go programs under go/, each built into go/bin/<name>. */
export type GoProgram = 'quicpeer' | 'articleserver' | 'articleclient' | 'h3peer' | 'zerortt';

export const goBinary = (program: GoProgram): string => join(goRoot, 'bin', program);
export const goPeerBinary = goBinary('quicpeer');

function goEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GO111MODULE: 'off', GOPATH: debianGopath, GOFLAGS: '' };
  if (!env.GOCACHE && !env.XDG_CACHE_HOME && !env.HOME) env.GOCACHE = join(tmpdir(), 'quicpeer-gocache');
  return env;
}

function newestSourceMtime(sourceDir: string): number {
  const files = readdirSync(sourceDir).filter((f) => f.endsWith('.go'));
  return Math.max(...files.map((f) => statSync(join(sourceDir, f)).mtimeMs));
}

function binaryIsFresh(program: GoProgram): boolean {
  try {
    return statSync(goBinary(program)).mtimeMs >= newestSourceMtime(join(goRoot, program));
  } catch {
    return false;
  }
}

const building = new Map<GoProgram, Promise<string>>();

/** Build go/<program> unless its binary is newer than its sources; resolves to the binary's path. */
export function buildGoProgram(program: GoProgram): Promise<string> {
  let b = building.get(program);
  if (!b) {
    b = build(program).catch((e: unknown) => {
      building.delete(program);
      throw e;
    });
    building.set(program, b);
  }
  return b;
}

/** Build the Go peer (go/quicpeer); resolves to its path. */
export function buildGoPeer(): Promise<string> {
  return buildGoProgram('quicpeer');
}

async function build(program: GoProgram): Promise<string> {
  requirePeers('go', 'quicGo');
  const binary = goBinary(program);
  if (binaryIsFresh(program)) return binary;
  mkdirSync(join(goRoot, 'bin'), { recursive: true });
  // Build beside the target and rename, so parallel test files never run a half-written binary.
  const tmp = `${binary}.${process.pid}.tmp`;
  const r = await runPeer('go', ['build', '-o', tmp, '.'], 180_000, { cwd: join(goRoot, program), env: goEnv() });
  if (r.code !== 0) throw new Error(`go build of ${program} failed (exit ${r.code}):\n${r.stderr}`);
  renameSync(tmp, binary);
  return binary;
}

export interface GoServer {
  /** as printed by the server: 127.0.0.1 or [::1] */
  host: string;
  port: number;
  /** host:port, ready for a client's -addr */
  addr: string;
  proc: ChildProcess;
  /** its output so far (stdout(), stderr()) and exit */
  peer: PeerProcess;
  stop(): Promise<void>;
}

export interface GoServerOptions {
  /** how long to wait for the "listening" line */
  readyTimeoutMs?: number;
  /** the server exits by itself after this long (its -lifetime); it is SIGKILLed 5 s later */
  lifetimeMs?: number;
}

/**
 * Start `quicpeer -mode server` on 127.0.0.1 with a free port; `args` come last and override
 * (e.g. ['-retry'], ['-out', dir], ['-addr', '[::1]:0'], ['-alpn', 'h3']).
 */
export function startGoServer(args: readonly string[] = [], opts: GoServerOptions = {}): Promise<GoServer> {
  return startGoListener('quicpeer', ['-mode', 'server', ...args], opts);
}

/**
 * Start a Go server program with `-addr 127.0.0.1:0 -lifetime …` before `args`, and wait for its
 * first stdout line "listening HOST:PORT".
 */
export async function startGoListener(program: GoProgram, args: readonly string[], opts: GoServerOptions = {}): Promise<GoServer> {
  const bin = await buildGoProgram(program);
  const lifetimeMs = opts.lifetimeMs ?? 60_000;
  const peer = spawnPeer(bin, ['-addr', '127.0.0.1:0', '-lifetime', `${lifetimeMs}ms`, ...args], {
    lifetimeMs: lifetimeMs + 5000,
  });
  try {
    const m = await waitForOutput(peer, /^listening (\S+):(\d+)$/m, opts.readyTimeoutMs ?? 10_000);
    const [, host, port] = m;
    return { host, port: Number(port), addr: `${host}:${port}`, proc: peer.proc, peer, stop: async () => void (await peer.stop()) };
  } catch (e) {
    await peer.stop('SIGKILL');
    throw e;
  }
}

/**
 * Run `quicpeer -mode client` with `args` (e.g. ['-addr', server.addr, '-op', 'echo', '-msg', 'hi']).
 * The client's own -timeout is set a second below `timeoutMs` so it fails with a reason first.
 */
export async function runGoClient(args: readonly string[], timeoutMs = 15_000): Promise<RunResult> {
  const bin = await buildGoPeer();
  const clientTimeout = `${Math.max(timeoutMs - 1000, 500)}ms`;
  return runPeer(bin, ['-mode', 'client', '-timeout', clientTimeout, ...args], timeoutMs);
}
