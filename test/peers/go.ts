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
const sourceDir = join(goRoot, 'quicpeer');
export const goPeerBinary = join(goRoot, 'bin', 'quicpeer');

function goEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GO111MODULE: 'off', GOPATH: debianGopath, GOFLAGS: '' };
  if (!env.GOCACHE && !env.XDG_CACHE_HOME && !env.HOME) env.GOCACHE = join(tmpdir(), 'quicpeer-gocache');
  return env;
}

function newestSourceMtime(): number {
  const files = readdirSync(sourceDir).filter((f) => f.endsWith('.go'));
  return Math.max(...files.map((f) => statSync(join(sourceDir, f)).mtimeMs));
}

function binaryIsFresh(): boolean {
  try {
    return statSync(goPeerBinary).mtimeMs >= newestSourceMtime();
  } catch {
    return false;
  }
}

let building: Promise<string> | undefined;

/** Build the Go peer unless the binary is newer than its sources; resolves to its path. */
export function buildGoPeer(): Promise<string> {
  building ??= build().catch((e: unknown) => {
    building = undefined;
    throw e;
  });
  return building;
}

async function build(): Promise<string> {
  requirePeers('go', 'quicGo');
  if (binaryIsFresh()) return goPeerBinary;
  mkdirSync(join(goRoot, 'bin'), { recursive: true });
  // Build beside the target and rename, so parallel test files never run a half-written binary.
  const tmp = `${goPeerBinary}.${process.pid}.tmp`;
  const r = await runPeer('go', ['build', '-o', tmp, '.'], 180_000, { cwd: sourceDir, env: goEnv() });
  if (r.code !== 0) throw new Error(`go build of the Go peer failed (exit ${r.code}):\n${r.stderr}`);
  renameSync(tmp, goPeerBinary);
  return goPeerBinary;
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
export async function startGoServer(args: readonly string[] = [], opts: GoServerOptions = {}): Promise<GoServer> {
  const bin = await buildGoPeer();
  const lifetimeMs = opts.lifetimeMs ?? 60_000;
  const peer = spawnPeer(bin, ['-mode', 'server', '-addr', '127.0.0.1:0', '-lifetime', `${lifetimeMs}ms`, ...args], {
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
