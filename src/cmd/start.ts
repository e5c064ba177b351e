// `npm start`: the walkthrough. One process runs the HLD server on 127.0.0.1 (a free port) and a
// client that sends a text echo and a small upload, while the trace shows each step of the accept
// path as it happens: which goroutine runs it, which queue it touches and how full that queue is.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialAddr } from '../index.ts';
import type { Connection } from '../index.ts';
import { addrString } from '../index.ts';
import { formatTraceEvent, setTraceSink, traceSide, type TraceEvent } from '../trace.ts'; // internal: the accept-path trace the chapters read
import { hldALPN } from './hld_protocol.ts';
import { echo, handshakeSummary, upload } from './requests.ts';
import { startServer, type HLDServer } from './serve.ts';
import { clientTLSConfig, serverTLSConfig } from './tls_setup.ts';

const events: TraceEvent[] = [];
const say = (line: string) => process.stdout.write(`${line}\n`);

function traceInto(list: TraceEvent[]): void {
  setTraceSink((e) => {
    list.push(e);
    say(formatTraceEvent(e));
  });
}

/** How many steps each side's goroutines ran, and the fullest each queue got. */
function summary(list: TraceEvent[]): string[] {
  const steps = new Map<string, Map<string, number>>();
  const fullest = new Map<string, { len: number; cap: number }>();
  for (const e of list) {
    const side = e.side ?? 'unlabelled';
    const bySide = steps.get(side) ?? steps.set(side, new Map()).get(side)!;
    bySide.set(e.goroutine, (bySide.get(e.goroutine) ?? 0) + 1);
    if (e.queue && e.queue.len >= (fullest.get(e.queue.name)?.len ?? -1)) fullest.set(e.queue.name, e.queue);
  }
  return [
    ...[...steps].map(([side, n]) => `  ${`${side} steps:`.padEnd(21)}${[...n].map(([g, k]) => `${g} ${k}`).join(', ')}`),
    `  fullest queues:      ${[...fullest].map(([q, l]) => `${q} ${l.len}/${l.cap}`).join(', ') || '(none traced)'}`,
  ];
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'hld-walkthrough-'));
  mkdirSync(join(work, 'out'));
  let server: HLDServer | undefined;
  let conn: Connection | undefined;
  try {
    say('The HLD server and client in one process, over real UDP on 127.0.0.1.');
    say('Each trace line: time, side (server or client), goroutine, step [queue fill/capacity].\n');
    traceInto(events);

    say('── server: listenAddr("127.0.0.1:0") and the accept loop ──');
    let accepted!: () => void;
    const connected = new Promise<void>((resolve) => (accepted = resolve));
    server = await traceSide('server', () =>
      startServer({
        listen: '127.0.0.1:0',
        tls: serverTLSConfig({ alpn: [hldALPN] }),
        config: {},
        outDir: join(work, 'out'),
        maxUpload: 1 << 20,
        log: (line) => {
          say(`  [server] ${line}`);
          if (line.endsWith(': connected (ALPN HLD)')) accepted();
        },
      }),
    );
    const addr = addrString(server.addr);
    say(`  listening on ${addr}\n`);

    await traceSide('client', async () => {
      say('── client: dialAddr — the handshake, the connection queued, accepted ──');
      // The client's handshake completes first (it sends the last flight, RFC 9001 §4.1.2); the
      // server's completes when that flight arrives, and only then is the connection queued.
      const c = (conn = await dialAddr(addr, clientTLSConfig({ alpn: [hldALPN] })));
      say(`  [client] ${handshakeSummary(c)}`);
      await connected;
      say('');

      say('── client: a text stream (business type 0x01) ──');
      const reply = await echo(c, 'hello, accept path');
      say(`  [client] echo: ${reply}\n`);

      say('── client: an upload stream (business type 0x05), 64 KiB ──');
      const file = join(work, 'walkthrough.bin');
      writeFileSync(file, randomBytes(64 * 1024));
      say(`  [client] ${await upload(c, file, { name: 'walkthrough.bin' })}\n`);
    });
  } finally {
    setTraceSink(undefined);
    conn?.closeWithError(0, '');
    server?.listener.close();
    rmSync(work, { recursive: true, force: true });
  }
  say('── summary ──');
  for (const line of summary(events)) say(line);
  say('\nNext: chapters/00-setup-and-map/README.md — the map of this path and the Go ↔ TypeScript');
  say('table, then chapter 01. `npm run server` and `npm run client` run the same programs on their own.');
}

main().then(
  () => setTimeout(() => process.exit(0), 200).unref(),
  (e: unknown) => {
    process.stderr.write(`walkthrough failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
