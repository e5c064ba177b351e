// The accept-chain trace (`--trace`, `--trace-json`): each step of quic-go's accept path as it
// happens, with the goroutine that runs it and the fill level of the queue it touches.
// Tracing costs one `if` when off.
//
// Each event names its side, as quic-go's loggers are prefixed "server" or "client": a process
// that runs both (the `npm start` walkthrough) starts each side inside traceSide(), and every step
// that side's sockets, timers and goroutines run later carries it (AsyncLocalStorage follows the
// callbacks and promises created inside; looked up on first use, so a browser page, which has no
// async context, loads this file too). A process that runs one side passes it to the formatter.
import type { AsyncLocalStorage } from 'node:async_hooks';
import { hasNodeBuiltins, nodeBuiltin } from './internal/utils/node_builtin.ts';

export type Side = 'client' | 'server';

export interface QueueLevel {
  name: string; // receivedPackets, connQueue, …
  len: number;
  cap: number;
}

export interface TraceEvent {
  /** ms since the trace started */
  t: number;
  /** which end runs the step, when the process runs both (see traceSide) */
  side?: Side;
  /** the goroutine that runs the step: transport.listen, server.run, connection.run, handleNewConn, app */
  goroutine: string;
  /** the step, named as in quic-go: handlePacket, handlePacketImpl, handleInitialImpl, connQueue <- conn, … */
  step: string;
  detail?: string;
  queue?: QueueLevel;
  /** the connection the step belongs to, if any (hex of the server's connection ID) */
  conn?: string;
}

export type TraceSink = (e: TraceEvent) => void;

let sink: TraceSink | undefined;
let now: () => number = () => performance.now();
let start = 0;

/** Starts (or, with undefined, stops) tracing. `clock` times the events: a run on a virtual clock passes its own. */
export function setTraceSink(s: TraceSink | undefined, clock: () => number = () => performance.now()): void {
  sink = s;
  now = clock;
  start = now();
}

export function tracing(): boolean {
  return sink !== undefined;
}

let sides: AsyncLocalStorage<Side> | undefined;

/** Runs `fn` as one side: the events of everything it starts are labelled `side` (in Node). */
export function traceSide<T>(side: Side, fn: () => T): T {
  if (!hasNodeBuiltins()) return fn();
  sides ??= new (nodeBuiltin('node:async_hooks').AsyncLocalStorage)<Side>();
  return sides.run(side, fn);
}

export function trace(goroutine: string, step: string, extra?: Omit<TraceEvent, 't' | 'side' | 'goroutine' | 'step'>): void {
  if (!sink) return;
  const side = sides?.getStore();
  sink({ t: Math.round((now() - start) * 10) / 10, ...(side ? { side } : {}), goroutine, step, ...extra });
}

/**
 * Formats an event for the terminal:
 * "  12.3ms  server  server.run        handlePacketImpl  [receivedPackets 1/1024]".
 * `side` labels an event that carries none (a process that runs one side only).
 */
export function formatTraceEvent(e: TraceEvent, side?: Side): string {
  const q = e.queue ? `  [${e.queue.name} ${e.queue.len}/${e.queue.cap}]` : '';
  const d = e.detail ? `  ${e.detail}` : '';
  const who = e.side ?? side;
  return `${e.t.toFixed(1).padStart(8)}ms  ${who ? `${who.padEnd(6)}  ` : ''}${e.goroutine.padEnd(16)} ${e.step}${q}${d}`;
}
