// The article's client: `npm run client -- [flags] [messages…]` or `npx tsx src/cmd/hld-client.ts`.
// Results go to stdout (ARCHITECTURE.md §6); a failure is one line on stderr and exit status 1.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { dialAddr } from '../index.ts';
import { debugTimeouts, newLRUTokenStore, type Config } from '../index.ts';
import type { Connection } from '../index.ts';
import { commonOptions, existingFile, parseAddr, parseALPN, parseDuration, parseFlags, parsePositive } from './flags.ts';
import { dialFailure, errorReason, installTrace, withProgress } from './output.ts';
import { echo, goodput, handshakeSummary, peers, upload, type Peer } from './requests.ts';
import { clientTLSConfig } from './tls_setup.ts';
import { fetchTicket, dialResumed, requestWithEarlyData, ticketCache } from './zerortt.ts';
import { h3Fetch } from './h3_client.ts';

const usage = `usage: hld-client [flags] [message …]
  --addr ADDR          server address (default 127.0.0.1:9000)
  --mode MODE          text (default): echo each message and print "echo: <msg>"
                       upload: send --file (stored as received_<--name>), print the server's OK line
                       goodput: download --mib MiB, print one JSON line
                       handshake: print the negotiated ALPN and cipher suite
                       h3: GET --url over HTTP/3, print status, length and sha256 (--out F keeps the body)
  --file F --name N    upload: the file, and the name to store it under (default: the file's name)
  --mib N              goodput: MiB to download (default 10)
  --peer KIND          hld (default): ours or quicpeer; an upload needs the server's OK line
                       article: the article's server, which stores an upload and replies nothing;
                       success is its FIN after the last byte, printed as "sent <size> <sha256>:
                       not confirmed by a reply …" (no goodput or h3 there)
  --alpn LIST          ALPN protocols offered, comma-separated (default HLD)
  --sni NAME           TLS server name (default: the address)
  --ca F               verify the server's certificate against this PEM file
                       (default: no verification, the article's InsecureSkipVerify)
  --keylog F           append TLS secrets in NSS key log format (for Wireshark)
  --qlog DIR           qlog directory (Config.qlogDir)
  --0rtt               text and upload: connect once for a session ticket, then resume and send the
                       messages or the upload as early data; prints "0-RTT used", or "0-RTT rejected"
                       and sends everything again in 1-RTT (RFC 9001 §4.6)
  --timeout DURATION   give up after this long, e.g. 20s (default: no limit but QUIC's idle timeouts)
  --trace              print the stack's trace on stderr
  --trace-json F       write it as JSON lines to F
  --debug              timeouts long enough to sit at a breakpoint`;

const modes = ['text', 'upload', 'goodput', 'handshake', 'h3'] as const;
type Mode = (typeof modes)[number];

let conn: Connection | undefined;
let finished = false;

/** Ends the run, once: closes the connection (so the server hears of it) and exits with `code`. */
function finish(code: number, errLine?: string): void {
  if (finished) return;
  finished = true;
  if (errLine !== undefined) process.stderr.write(`hld-client: ${errLine}\n`);
  if (conn === undefined) process.exit(code); // no connection (yet): nothing to close
  process.exitCode = code;
  conn.closeWithError(0, '');
  // The process ends once the socket is closed; this is only the backstop.
  setTimeout(() => process.exit(code), 1000).unref();
}

async function main(): Promise<void> {
  const { values: v, positionals } = parseFlags(
    {
      args: process.argv.slice(2),
      options: {
        ...commonOptions,
        addr: { type: 'string', default: '127.0.0.1:9000' },
        mode: { type: 'string', default: 'text' },
        peer: { type: 'string', default: 'hld' },
        file: { type: 'string' },
        name: { type: 'string' },
        mib: { type: 'string', default: '10' },
        sni: { type: 'string' },
        ca: { type: 'string' },
        timeout: { type: 'string' },
        url: { type: 'string' },
        out: { type: 'string' },
        '0rtt': { type: 'boolean', default: false },
      },
      allowPositionals: true,
    },
    usage,
  );
  const mode = v.mode as Mode;
  if (!modes.includes(mode)) throw new Error(`--mode must be one of ${modes.join(', ')}, not ${JSON.stringify(v.mode)}`);
  const peer = v.peer as Peer;
  if (!peers.includes(peer)) throw new Error(`--peer must be one of ${peers.join(', ')}, not ${JSON.stringify(v.peer)}`);
  if (peer === 'article' && (mode === 'goodput' || mode === 'h3')) throw new Error(`--peer article: the article's server has no ${mode} mode`);
  if (mode === 'text' && positionals.length === 0) throw new Error('text mode needs at least one message');
  if (mode === 'upload' && v.file === undefined) throw new Error('upload mode needs --file');
  if (v['0rtt'] && mode !== 'text' && mode !== 'upload') throw new Error(`--0rtt works with --mode text or upload, not ${mode}`);
  const addr = parseAddr(v.addr, 'addr');
  const file = mode === 'upload' ? existingFile(v.file!) : undefined;
  const mib = parsePositive(v.mib, 'mib');
  // The token store lets a second connection from this process (the resumed one of --0rtt) present
  // the first one's NEW_TOKEN token (RFC 9000 §8.1.3): one server, a few tokens.
  const config: Config = { ...(v.debug ? debugTimeouts : {}), qlogDir: v.qlog, tokenStore: newLRUTokenStore(1, 4) };
  const tls = clientTLSConfig({ alpn: parseALPN(v.alpn), sni: v.sni, ca: v.ca, keylog: v.keylog });
  installTrace({ print: v.trace ? (l) => process.stderr.write(`${l}\n`) : undefined, jsonFile: v['trace-json'], side: 'client' });
  if (v.timeout !== undefined) {
    const ms = parseDuration(v.timeout);
    // Go's context.WithTimeout wording, with the flag that set it.
    setTimeout(() => finish(1, `context deadline exceeded (--timeout ${v.timeout})`), ms).unref();
  }

  if (mode === 'h3') {
    if (v.url === undefined) throw new Error('h3 mode needs --url https://HOST:PORT/PATH');
    const h3tls = clientTLSConfig({ alpn: ['h3'], sni: v.sni, ca: v.ca, keylog: v.keylog });
    return console.log(await h3Fetch({ url: v.url, out: v.out, tls: h3tls, config, onConn: (c) => (conn = c) }));
  }
  // text and upload: what is sent, again in full on the connection nextConnection gives after a 0-RTT rejection.
  let echoed = 0;
  const request = async (c: Connection): Promise<void> => {
    if (mode === 'text') {
      for (; echoed < positionals.length; echoed++) {
        const msg = positionals[echoed]!;
        const reply = await echo(c, msg);
        if (reply !== msg) throw new Error(`echo mismatch: sent ${JSON.stringify(msg)}, got ${JSON.stringify(reply)}`);
        console.log(`echo: ${reply}`);
      }
      return;
    }
    const name = v.name ?? basename(file!);
    console.log(await withProgress(statSync(file!).size, (onProgress) => upload(c, file!, { name, onProgress, peer })));
  };

  if (v['0rtt']) {
    const cache = ticketCache();
    let early;
    try {
      await fetchTicket(addr, tls, config, cache);
      early = await dialResumed(addr, tls, config, cache);
    } catch (e) {
      throw new Error(dialFailure(e, addr));
    }
    const { outcome } = await requestWithEarlyData(early, request, (c) => (conn = c));
    console.log(outcome === 'used' ? '0-RTT used' : outcome === 'rejected' ? '0-RTT rejected' : '0-RTT not offered: the ticket does not allow early data');
    return;
  }

  const start = performance.now();
  try {
    conn = await dialAddr(addr, tls, config);
  } catch (e) {
    throw new Error(dialFailure(e, addr));
  }
  const handshakeMs = Math.round((performance.now() - start) * 10) / 10;

  switch (mode) {
    case 'handshake':
      console.log(`${handshakeSummary(conn)} handshake_ms=${handshakeMs}`);
      break;
    case 'text':
    case 'upload':
      await request(conn);
      break;
    case 'goodput': {
      const r = await goodput(conn, Math.round(mib * 1024 * 1024));
      console.log(JSON.stringify({ ...r, handshake_ms: handshakeMs }));
      break;
    }
  }
}

main().then(
  () => finish(0),
  (e: unknown) => finish(1, errorReason(e)),
);
