// What the HLD programs print besides their results: the accept-chain trace (`--trace` on the
// terminal, `--trace-json F` as JSON lines), the one-line reason of a failure, and the upload's
// progress bar (on a terminal only).
import { appendFileSync, writeFileSync } from 'node:fs';
import { isCryptoError, tlsAlertNames } from '../internal/qerr/error_codes.ts';
import { TransportError } from '../internal/qerr/errors.ts';
import { formatTraceEvent, setTraceSink, type TraceEvent } from '../trace.ts';

export interface TraceOptions {
  /** print each event, formatted, with this function (e.g. to stderr) */
  print?: (line: string) => void;
  /** write each event as one JSON line to this file (truncated first) */
  jsonFile?: string;
}

/** Routes the stack's trace events to the terminal and/or a JSON-lines file; no-op when neither is asked for. */
export function installTrace(o: TraceOptions): void {
  const { print, jsonFile } = o;
  if (!print && jsonFile === undefined) return;
  if (jsonFile !== undefined) writeFileSync(jsonFile, '');
  setTraceSink((e: TraceEvent) => {
    print?.(formatTraceEvent(e));
    if (jsonFile !== undefined) appendFileSync(jsonFile, `${JSON.stringify(e)}\n`);
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
