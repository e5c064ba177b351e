// What the HLD programs print besides their results: the accept-chain trace (`--trace` on the
// terminal, `--trace-json F` as JSON lines), the one-line reason of a failure, and the upload's
// progress bar (on a terminal only).
import { appendFileSync, writeFileSync } from 'node:fs';
import { isCryptoError, tlsAlertNames } from '../internal/qerr/error_codes.ts'; // internal: TLS alert names for a readable error
import { ApplicationError, IdleTimeoutError, TransportError } from '../index.ts';
import { formatTraceEvent, setTraceSink, type Side, type TraceEvent } from '../trace.ts'; // internal: the accept-path trace the chapters read

export interface TraceOptions {
  /** print each event, formatted, with this function (e.g. to stderr) */
  print?: (line: string) => void;
  /** write each event as one JSON line to this file (truncated first) */
  jsonFile?: string;
  /** the side this process runs: each line and JSON event is labelled with it */
  side: Side;
}

/** Routes the stack's trace events to the terminal and/or a JSON-lines file; no-op when neither is asked for. */
export function installTrace(o: TraceOptions): void {
  const { print, jsonFile, side } = o;
  if (!print && jsonFile === undefined) return;
  if (jsonFile !== undefined) writeFileSync(jsonFile, '');
  setTraceSink((e: TraceEvent) => {
    const labelled = { ...e, side: e.side ?? side };
    print?.(formatTraceEvent(labelled));
    if (jsonFile !== undefined) appendFileSync(jsonFile, `${JSON.stringify(labelled)}\n`);
  });
}

/**
 * A failure in one line. A CRYPTO_ERROR is named by its TLS alert first (RFC 9001 §4.8:
 * 0x100 + alert), e.g. "no_application_protocol: CRYPTO_ERROR 0x178 (remote): tls: …"; timeouts
 * keep quic-go's wording ("timeout: no recent network activity").
 */
export function errorReason(err: unknown): string {
  let msg = err instanceof Error ? err.message : String(err);
  if (err instanceof TransportError && isCryptoError(err.errorCode)) {
    const alert = tlsAlertNames[err.errorCode - 0x100] ?? `alert ${err.errorCode - 0x100}`;
    if (!msg.startsWith(alert)) msg = `${alert}: ${msg}`;
  }
  return msg.replace(/\s*\n\s*/g, ' ');
}

/**
 * Why a dial failed, in one line. An idle timeout during the handshake means the address sent
 * nothing back for the whole handshake idle timeout (RFC 9000 §10.1): most often nothing listens
 * there (UDP has no "connection refused" to tell us sooner).
 */
export function dialFailure(err: unknown, addr: string): string {
  if (err instanceof IdleTimeoutError) return `no answer from ${addr} (${err.message}): is a server listening there?`;
  return `handshake failed: ${errorReason(err)}`;
}

/**
 * How a connection ended, as the server logs it: a CONNECTION_CLOSE with code 0 (application
 * error 0, which the HLD client sends when it is done, or NO_ERROR; RFC 9000 §19.19) is an
 * ordinary goodbye, not a failure.
 */
export function closeReason(err: unknown): string {
  if ((err instanceof ApplicationError || err instanceof TransportError) && err.errorCode === 0) {
    return err.remote ? 'closed by the client' : 'closed';
  }
  return `closed: ${errorReason(err)}`;
}

/** Prints the reason on stderr and exits with status 1. */
export function fail(err: unknown, prefix = ''): never {
  process.stderr.write(`${prefix}${errorReason(err)}\n`);
  process.exit(1);
}

export interface Progress {
  update(done: number): void;
  /** draws `done` one last time and ends the line */
  finish(done: number): void;
}

const MiB = 1024 * 1024;

/** A one-line progress bar on `out` if it is a terminal; otherwise it prints nothing. */
export function progressBar(total: number, out: NodeJS.WriteStream = process.stderr): Progress {
  if (!out.isTTY) return { update: () => undefined, finish: () => undefined };
  const start = performance.now();
  let last = 0;
  const draw = (done: number) => {
    const frac = total === 0 ? 1 : done / total;
    const width = 30;
    const filled = Math.round(frac * width);
    const secs = (performance.now() - start) / 1000;
    const rate = secs > 0 ? done / MiB / secs : 0;
    out.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(1).padStart(5)}%  ` +
        `${(done / MiB).toFixed(1)}/${(total / MiB).toFixed(1)} MiB  ${rate.toFixed(1)} MiB/s`,
    );
  };
  return {
    update(done) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      draw(done);
    },
    finish(done) {
      draw(done);
      out.write('\n');
    },
  };
}

/**
 * Runs `work` (which reports the bytes done so far) under a progress bar of `total` bytes, and
 * ends the bar's line before the result is returned: the caller prints the result on a line of
 * its own, after a bar at 100 % (or at the count reached, when `work` failed).
 */
export async function withProgress<T>(
  total: number,
  work: (update: (done: number) => void) => Promise<T>,
  out: NodeJS.WriteStream = process.stderr,
): Promise<T> {
  const bar = progressBar(total, out);
  let done = 0;
  try {
    return await work((n) => bar.update((done = n)));
  } finally {
    bar.finish(done);
  }
}
