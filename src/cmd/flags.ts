// Command-line values shared by the HLD programs: Go-style durations, byte counts, and the flags
// both the server and the client take (ARCHITECTURE.md §6).
import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { splitHostPort } from '../sys_conn.ts'; // internal: the stack's own host:port parsing

const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration as Go's time.ParseDuration reads it — "500ms", "20s", "2m", "1h30m", "1.5s" — in ms.
 * "0" needs no unit. Negative durations mean nothing for a timeout and are refused.
 */
export function parseDuration(s: string): number {
  if (s === '0') return 0;
  const part = /([0-9]*\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)/y;
  let ms = 0;
  let pos = 0;
  while (pos < s.length) {
    part.lastIndex = pos;
    const m = part.exec(s);
    if (!m || m[1] === '' || m[1] === '.') throw new Error(`invalid duration ${JSON.stringify(s)} (write it as Go does: 500ms, 20s, 2m)`);
    ms += Number(m[1]) * unitMs[m[2]!]!;
    pos = part.lastIndex;
  }
  if (pos === 0) throw new Error(`invalid duration ${JSON.stringify(s)} (write it as Go does: 500ms, 20s, 2m)`);
  return ms;
}

/** A non-negative whole number of bytes, in plain decimal. */
export function parseByteCount(s: string, flag: string): number {
  const n = Number(s);
  if (!/^[0-9]+$/.test(s) || !Number.isSafeInteger(n)) throw new Error(`--${flag}: not a byte count: ${JSON.stringify(s)}`);
  return n;
}

/** A positive number (e.g. --mib 2.5). */
export function parsePositive(s: string, flag: string): number {
  const n = Number(s);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${flag}: not a positive number: ${JSON.stringify(s)}`);
  return n;
}

/**
 * "HOST:PORT" with an IP address or localhost for HOST ("[::1]:9000" for IPv6): the stack resolves
 * no names. A bad value is the flag's error, before any socket is opened.
 */
export function parseAddr(s: string, flag: string): string {
  let host: string;
  try {
    ({ host } = splitHostPort(s));
  } catch {
    throw new Error(`--${flag}: ${JSON.stringify(s)} is not HOST:PORT (e.g. 127.0.0.1:9000)`);
  }
  if (host !== 'localhost' && isIP(host) === 0) {
    throw new Error(`--${flag}: ${JSON.stringify(host)} is not an IP address or localhost`);
  }
  return s;
}

/** A regular file that exists, checked before anything is sent. */
export function existingFile(path: string): string {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) throw new Error(`no such file: ${path}`);
  if (!st.isFile()) throw new Error(`not a file: ${path}`);
  return path;
}

/** A directory that exists: a mistyped path is refused rather than created. */
export function existingDir(path: string, what: string): string {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) throw new Error(`${what}: no such directory: ${path} (create it first)`);
  if (!st.isDirectory()) throw new Error(`${what}: not a directory: ${path}`);
  return path;
}

/** The flags the server and the client share. */
export const commonOptions = {
  alpn: { type: 'string', default: 'HLD' },
  keylog: { type: 'string' },
  qlog: { type: 'string' },
  trace: { type: 'boolean', default: false },
  'trace-json': { type: 'string' },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** "HLD,h3" → ["HLD", "h3"] */
export function parseALPN(s: string): string[] {
  const protos = s.split(',').filter((p) => p !== '');
  if (protos.length === 0) throw new Error('--alpn: at least one protocol is needed');
  return protos;
}

/** parseArgs (strict); --help prints the usage, a bad flag is a one-line error. */
export function parseFlags<const T extends ParseArgsConfig>(config: T, usage: string) {
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    throw new Error(`${(e as Error).message} (--help prints the usage)`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}
