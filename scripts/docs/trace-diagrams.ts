// Sequence diagrams of what the code does today. A build step runs a real handshake and one echo
// stream in-process (the article's server loop and client, over UDP on 127.0.0.1), collects the
// accept-chain trace — the events `--trace-json` writes — and turns them into mermaid sequence
// diagrams whose participants are the goroutines. Each chapter's diagram highlights the steps the
// chapter talks about.
//
// `npx tsx scripts/docs/trace-diagrams.ts` prints the events as JSON lines (like --trace-json);
// `--mermaid` prints the diagram instead.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dialAddr } from '../../src/quic.ts';
import { echo } from '../../src/cmd/requests.ts';
import { startServer } from '../../src/cmd/serve.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { addrString } from '../../src/sys_conn.ts';
import { setTraceSink, trace, type TraceEvent } from '../../src/trace.ts';

/** The goroutine name the build step's own client steps are traced under. */
export const clientGoroutine = 'client';
const alpn = ['HLD'];

/**
 * One real run: listen on a free port, dial with InsecureSkipVerify (the article's client), echo
 * one message on a stream, close. Resolves to every trace event, in order.
 */
export async function runTrace(message = 'hello'): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  setTraceSink((e) => events.push(e));
  const server = await startServer({ listen: '127.0.0.1:0', tls: serverTLSConfig({ alpn }), config: {}, outDir: tmpdir(), maxUpload: 0 });
  try {
    trace(clientGoroutine, `dialAddr ${addrString(server.addr)}`);
    const conn = await dialAddr(addrString(server.addr), clientTLSConfig({ alpn }), {});
    trace(clientGoroutine, `openStreamSync, write 0x01 "${message}", FIN`);
    const reply = await echo(conn, message);
    trace(clientGoroutine, `echo: ${reply}`);
    conn.closeWithError(0, '');
    // let the server's connection.run see the CONNECTION_CLOSE before the listener goes
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    await server.listener.close();
    setTraceSink(undefined);
  }
  return events;
}

/** Events from a JSON-lines file such as `--trace-json` writes. */
export function parseTraceJson(text: string): TraceEvent[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TraceEvent);
}

/**
 * The server's connections are the ones `go connection.run` starts; a `connection.run` event of
 * any other connection runs in the (in-process) client, and is named so.
 */
export function participantOf(e: TraceEvent, serverConns: ReadonlySet<string>): string {
  if (e.goroutine === 'connection.run' && e.conn !== undefined && !serverConns.has(e.conn)) return 'client connection.run';
  return e.goroutine;
}

/** Text mermaid shows literally in a message: its own separators and HTML-like characters as entity codes. */
export function mermaidText(s: string): string {
  return s.replace(/[#;<>]/g, (c) => ({ '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;' })[c]!);
}

/** The widest line of a message, in characters: narrow arrows keep the lifelines close together. */
export const labelWidth = 18;

/** An event's message: its step, queue and detail, broken between words into lines of at most `labelWidth` characters (a longer word stands alone). */
export function label(e: TraceEvent): string {
  const q = e.queue ? ` [${e.queue.name} ${e.queue.len}/${e.queue.cap}]` : '';
  const d = e.detail ? ` (${e.detail})` : '';
  // A connection ID's hex is cut to its first 8 digits: enough to tell two apart, not a line of its own.
  const words = `${e.step}${q}${d}`.replace(/\b([0-9a-f]{8})[0-9a-f]{9,}\b/g, '$1…').split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  for (const w of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + w.length <= labelWidth) lines[last] += ` ${w}`;
    else lines.push(w);
  }
  return lines.map(mermaidText).join('<br/>');
}

/** How many steps around each highlighted run a cut trace keeps, so the reader sees what led to it. */
export const traceContext = 1;

/**
 * The indices of the events a diagram draws: all of them, or, with `cut`, the highlighted ones and
 * `traceContext` steps either side (all of them when nothing is highlighted).
 */
function shownEvents(events: TraceEvent[], highlight: (e: TraceEvent) => boolean, cut: boolean): number[] {
  const all = events.map((_, i) => i);
  const lit = all.filter((i) => highlight(events[i]!));
  if (!cut || lit.length === 0) return all;
  return all.filter((i) => lit.some((j) => Math.abs(i - j) <= traceContext));
}

/** The note that stands for the steps `from`..`to` (numbered from 1) a cut trace leaves out. */
export type GapNote = (from: number, to: number) => string;

/**
 * A mermaid sequence diagram: one participant per goroutine (in order of appearance), one
 * message per event, drawn from the goroutine of the event before to the goroutine that runs it.
 * Runs of events for which `highlight` is true are drawn inside a shaded box.
 * With `gapNote`, only the highlighted steps and their neighbours are drawn, under the run's step
 * numbers, and a note stands for each gap.
 */
export function sequenceDiagram(events: TraceEvent[], highlight: (e: TraceEvent) => boolean = () => false, gapNote?: GapNote): string {
  const cut = gapNote !== undefined;
  const serverConns = new Set(events.filter((e) => e.step === 'go connection.run' && e.conn).map((e) => e.conn!));
  const names = events.map((e) => participantOf(e, serverConns));
  const ids = new Map<string, string>();
  const idOf = (name: string) => {
    if (!ids.has(name)) ids.set(name, `g${ids.size}`);
    return ids.get(name)!;
  };
  const body: string[] = [];
  let boxed = false;
  let last = -1;
  for (const i of shownEvents(events, highlight, cut)) {
    const e = events[i]!;
    const from = idOf(names[i - 1] ?? names[i]!);
    const who = idOf(names[i]!);
    const on = highlight(e);
    if (boxed && (!on || i !== last + 1)) body.push('  end');
    if (i !== last + 1) {
      body.push(`  Note over ${from}: ${gapNote!(last + 2, i)}`);
      body.push(`  autonumber ${i + 1}`);
    }
    if (on && (!boxed || i !== last + 1)) body.push('  rect rgba(255, 196, 0, 0.22)');
    boxed = on;
    body.push(`${on ? '  ' : ''}  ${from}->>${who}: ${label(e)}`);
    last = i;
  }
  if (boxed) body.push('  end');
  if (cut && last >= 0 && last !== events.length - 1) body.push(`  Note over ${idOf(names[last]!)}: ${gapNote(last + 2, events.length)}`);
  const participants = [...ids].map(([name, id]) => `  participant ${id} as ${mermaidText(name)}`);
  return ['sequenceDiagram', '  autonumber', ...participants, ...body].join('\n');
}

/** Names too general to say which steps a chapter is about. */
const generalWords = new Set(['server', 'client', 'connection', 'stream', 'packet', 'packets', 'conn', 'error', 'close', 'closed', 'select', 'return']);

/**
 * The identifiers a chapter talks about: every word of its inline code spans and anchor names
 * (`handleInitialImpl`, `connQueue`, `receivedPackets`, …), without the general ones.
 */
export function chapterKeywords(markdown: string): Set<string> {
  const spans = [...markdown.matchAll(/`([^`\n]+)`|"anchor:([^"\s]+)"|\{\{anchor:([^}\s]+)\}\}/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const words = spans.flatMap((s) => s.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return new Set(words.filter((w) => w.length >= 5 && !generalWords.has(w.toLowerCase())));
}

/** True for an event whose step or queue names one of the keywords. */
export function mentions(keywords: ReadonlySet<string>): (e: TraceEvent) => boolean {
  return (e) => {
    const words = `${e.step} ${e.queue?.name ?? ''}`.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
    return words.some((w) => keywords.has(w));
  };
}

/**
 * What a chapter's diagram shows, from its folder:
 *   - `trace.jsonl` (events as `--trace-json` writes them) replaces the build's run;
 *   - `trace.json` `{ "steps": ["handleInitialImpl", …] }` picks the highlighted steps (an event is
 *     highlighted when its step contains one of them); otherwise the chapter's keywords pick them.
 * The diagram is cut to the highlighted steps and their neighbours; `gapNote` stands for the rest.
 */
export function chapterDiagram(chapterDir: string, readme: string, run: TraceEvent[], gapNote: GapNote): string {
  const jsonl = join(chapterDir, 'trace.jsonl');
  const events = existsSync(jsonl) ? parseTraceJson(readFileSync(jsonl, 'utf8')) : run;
  const pick = join(chapterDir, 'trace.json');
  if (existsSync(pick)) {
    const { steps } = JSON.parse(readFileSync(pick, 'utf8')) as { steps: string[] };
    return sequenceDiagram(events, (e) => steps.some((s) => e.step.includes(s)), gapNote);
  }
  return sequenceDiagram(events, mentions(chapterKeywords(readme)), gapNote);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const events = await runTrace();
  if (process.argv.includes('--mermaid')) console.log(sequenceDiagram(events));
  else for (const e of events) console.log(JSON.stringify(e));
}
