// The accept-chain trace (`--trace`, `--trace-json`): each step of quic-go's accept path as it
// happens, with the goroutine that runs it and the fill level of the queue it touches.
// Tracing costs one `if` when off.

export interface QueueLevel {
  name: string; // receivedPackets, connQueue, …
  len: number;
  cap: number;
}

export interface TraceEvent {
  /** ms since the trace started */
  t: number;
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
let start = 0;

export function setTraceSink(s: TraceSink | undefined): void {
  sink = s;
  start = performance.now();
}

export function tracing(): boolean {
  return sink !== undefined;
}

export function trace(goroutine: string, step: string, extra?: Omit<TraceEvent, 't' | 'goroutine' | 'step'>): void {
  if (!sink) return;
  sink({ t: Math.round((performance.now() - start) * 10) / 10, goroutine, step, ...extra });
}

/** Formats an event for the terminal: "  12.3ms  server.run        handlePacketImpl  receivedPackets 1/1024". */
export function formatTraceEvent(e: TraceEvent): string {
  const q = e.queue ? `  [${e.queue.name} ${e.queue.len}/${e.queue.cap}]` : '';
  const d = e.detail ? `  ${e.detail}` : '';
  return `${e.t.toFixed(1).padStart(8)}ms  ${e.goroutine.padEnd(16)} ${e.step}${q}${d}`;
}
