// Loopback captures (dumpcap) and their decryption by tshark with a TLS key log (NSS format, as
// quicpeer -keylog, SSLKEYLOGFILE or our own --keylog write it).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable, requirePeers } from './availability.ts';
import { spawnPeer, type PeerProcess } from './process.ts';

const execFileAsync = promisify(execFile);

export interface Capture {
  file: string;
  /** Stop the capture once everything sent so far is in the file. */
  stop(): Promise<void>;
}

export interface CaptureOptions {
  /** default: a new file in a temp dir */
  file?: string;
  /** SIGKILL after this long */
  lifetimeMs?: number;
}

/**
 * Capture UDP traffic to or from `port` on the loopback interface with dumpcap (Wireshark's
 * capture engine, installed with tshark; needs root or the wireshark group).
 *
 * dumpcap writes packets in blocks, about half a second late, and drops the unwritten ones
 * when stopped. So start and stop are both confirmed by a sentinel: a datagram our own socket
 * sends to itself (the capture filter includes its port) until it shows up in the file.
 */
export async function startCapture(port: number, opts: CaptureOptions = {}): Promise<Capture> {
  requirePeers('dumpcap');
  const file = opts.file ?? join(mkdtempSync(join(tmpdir(), 'quic-peer-capture-')), 'capture.pcapng');
  const sentinel = createSocket('udp4');
  await new Promise<void>((resolve) => sentinel.bind(0, '127.0.0.1', resolve));
  const sentinelPort = sentinel.address().port;
  const filter = `udp port ${port} or udp port ${sentinelPort}`;
  const peer = spawnPeer(findExecutable('dumpcap')!, ['-i', 'lo', '-f', filter, '-w', file], {
    lifetimeMs: opts.lifetimeMs ?? 60_000,
  });
  const confirm = (what: string): Promise<void> => sentinelInFile(peer, sentinel, sentinelPort, file, what);
  try {
    await confirm('start');
  } catch (e) {
    sentinel.close();
    await peer.stop('SIGKILL');
    throw e;
  }
  return {
    file,
    async stop() {
      try {
        await confirm('stop');
      } finally {
        sentinel.close();
        await peer.stop('SIGINT', 5000);
      }
    },
  };
}

/** Send a sentinel datagram every 20 ms until the capture file holds it. */
async function sentinelInFile(peer: PeerProcess, sock: Socket, port: number, file: string, what: string): Promise<void> {
  // A first byte of 0 clears QUIC's fixed bit (RFC 9000 §17), so no dissector takes it for QUIC.
  const token = Buffer.concat([Buffer.from([0]), Buffer.from(`capture-${what}-`), randomBytes(8)]);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (peer.proc.exitCode !== null || peer.proc.signalCode !== null) {
      throw new Error(`dumpcap exited: ${peer.stderr().trim().slice(-500)}`);
    }
    if (Date.now() > deadline) throw new Error(`capture did not ${what} within 10 s: ${peer.stderr().trim().slice(-500)}`);
    sock.send(token, port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 20));
    if (fileTail(file).includes(token)) return;
  }
}

/** The last 64 KiB of a file (empty if it does not exist yet). */
function fileTail(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 << 10);
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    return tail;
  } finally {
    closeSync(fd);
  }
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
