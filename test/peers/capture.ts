// Loopback captures with tshark and their decryption with a TLS key log (NSS format, as
// quicpeer -keylog, SSLKEYLOGFILE or our own --keylog write it).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requirePeers } from './availability.ts';
import { spawnPeer, waitForOutput } from './process.ts';

const execFileAsync = promisify(execFile);

export interface Capture {
  file: string;
  /** Stop tshark cleanly (SIGINT) so the file is complete. */
  stop(): Promise<void>;
}

export interface CaptureOptions {
  /** default: a new file in a temp dir */
  file?: string;
  /** SIGKILL after this long */
  lifetimeMs?: number;
}

/** Capture UDP traffic to or from `port` on the loopback interface (needs root or the wireshark group). */
export async function startCapture(port: number, opts: CaptureOptions = {}): Promise<Capture> {
  requirePeers('tshark');
  const file = opts.file ?? join(mkdtempSync(join(tmpdir(), 'quic-peer-capture-')), 'capture.pcapng');
  const peer = spawnPeer('tshark', ['-i', 'lo', '-f', `udp port ${port}`, '-w', file], {
    lifetimeMs: opts.lifetimeMs ?? 60_000,
  });
  try {
    await waitForOutput(peer, /Capturing on/, 10_000, 'stderr');
    // tshark 4.0 says "Capture started" once dumpcap really captures; older ones may not say it.
    await waitForOutput(peer, /Capture started/, 1000, 'stderr').catch(() => undefined);
  } catch (e) {
    await peer.stop('SIGKILL');
    throw e;
  }
  return {
    file,
    async stop() {
      await new Promise((r) => setTimeout(r, 100)); // let the last datagrams reach the file
      await peer.stop('SIGINT', 5000);
    },
  };
}

/** One dissected packet: field name → value (several occurrences joined by ','). */
export type TsharkRow = Record<string, string>;

export const defaultQuicFields = [
  'frame.number',
  'quic.long.packet_type',
  'quic.frame_type',
  'quic.stream.stream_id',
  'quic.stream_data',
  'quic.decryption_failed',
] as const;

/** Dissect `pcapFile` with the secrets in `keylogFile`: rows for packets matching `filter`. */
export async function tsharkDecrypt(
  pcapFile: string,
  keylogFile: string,
  opts: { filter?: string; fields?: readonly string[] } = {},
): Promise<TsharkRow[]> {
  requirePeers('tshark');
  const fields = opts.fields ?? defaultQuicFields;
  const { stdout } = await execFileAsync(
    'tshark',
    [
      '-r', pcapFile,
      '-o', `tls.keylog_file:${keylogFile}`,
      '-Y', opts.filter ?? 'quic',
      '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,',
      ...fields.flatMap((f) => ['-e', f]),
    ],
    { timeout: 20_000, maxBuffer: 64 << 20 },
  );
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const values = line.split('\t');
      return Object.fromEntries(fields.map((f, i) => [f, values[i] ?? '']));
    });
}

/** The decrypted STREAM frame payloads of the rows, one Buffer per frame. */
export function streamPayloads(rows: readonly TsharkRow[]): Buffer[] {
  return rows.flatMap((row) =>
    (row['quic.stream_data'] ?? '')
      .split(',')
      .filter((hex) => hex !== '')
      .map((hex) => Buffer.from(hex, 'hex')),
  );
}
