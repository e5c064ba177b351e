// The article's own programs, rewritten on quic-go 0.29 (go/articleserver, go/articleclient):
// a server whose certificate has Go's zero time for its validity and that replies to text after
// two seconds and stores 0x05 uploads without a reply; a client that sends 0x01 and "HLD_1" two
// seconds apart. See the comments at the top of each main.go for what they do and how they differ.
import { buildGoProgram, startGoListener, type GoServer, type GoServerOptions } from './go.ts';
import { runPeer, waitForOutput, type RunResult } from './process.ts';

/** Start the article's server on 127.0.0.1 with a free port; uploads go to `dir`/received_<name>. */
export function startArticleServer(dir: string, opts: GoServerOptions = {}): Promise<GoServer> {
  return startGoListener('articleserver', ['-dir', dir], opts);
}

/** Resolves once the article's server says it stored `name` (the file is closed by then). */
export async function articleUploadStored(server: GoServer, name: string, timeoutMs = 20_000): Promise<void> {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await waitForOutput(server.peer, new RegExp(`^File received successfully ${escaped}$`, 'm'), timeoutMs);
}

/**
 * Run the article's client against `addr`: stdout is "Send: HLD_1" then one "Recv: …" line per
 * Read of the echo; exit 0 once "HLD_1" came back. Its own -timeout is a second below `timeoutMs`.
 */
export async function runArticleClient(addr: string, timeoutMs = 15_000): Promise<RunResult> {
  const bin = await buildGoProgram('articleclient');
  return runPeer(bin, ['-addr', addr, '-timeout', `${Math.max(timeoutMs - 1000, 500)}ms`], timeoutMs);
}
