// The article's client side of HLD (DESIGN.md §5): a text echo, an upload streamed from disk, a
// goodput download, and what the handshake negotiated. Each request is one bidirectional stream.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StreamError, type Connection, type Stream } from '../interface.ts';
import { versionName } from '../internal/protocol/version.ts';
import {
  encodeGoodputRequest,
  encodeText,
  encodeUploadPreamble,
  findPatternMismatch,
  refusedCode,
} from './hld_protocol.ts';
import { StreamReader } from './stream_reader.ts';
import { cipherSuiteName } from './tls_setup.ts';

/** The server answered an upload with something other than "OK …" (its "ERR …" line). */
export class UploadRefused extends Error {
  constructor(readonly line: string) {
    super(line);
    this.name = 'UploadRefused';
  }
}

/** 0x01 + message, FIN; resolves to everything echoed back before the server's FIN. */
export async function echo(conn: Connection, message: string): Promise<string> {
  const str = await conn.openStreamSync();
  await str.write(encodeText(message));
  str.close();
  const parts: Uint8Array[] = [];
  for await (const chunk of str) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

export interface UploadOptions {
  /** the name the server stores it under (received_<name>) */
  name: string;
  /** called with the number of file bytes handed to the stream so far */
  onProgress?: (sent: number) => void;
}

/**
 * Streams the file at `path` as an 0x05 upload and resolves to the server's "OK <size> <sha256>"
 * line, checked against what was sent. The file is read in pieces and each write waits for the
 * stream to take it, so memory stays flat whatever the file's size. The reply is read while
 * sending: a refusal ("ERR …", thrown as UploadRefused) can arrive before the last byte is sent.
 */
export async function upload(conn: Connection, path: string, o: UploadOptions): Promise<string> {
  const size = (await stat(path)).size;
  const str = await conn.openStreamSync();
  const reply = new StreamReader(str).readLine();
  reply.catch(() => undefined); // awaited below; a failure may settle the race first
  const sent = sendFile(str, path, `${o.name}|${size}`, size, o.onProgress);
  sent.catch(() => undefined); // likewise
  let line: string;
  try {
    // A failure on our side (the file) wins; otherwise the reply decides.
    line = await Promise.race([reply, sent.then(() => reply)]);
  } catch (e) {
    str.cancelWrite(refusedCode);
    str.cancelRead(refusedCode);
    throw e;
  }
  if (!line.startsWith('OK ')) {
    str.cancelWrite(refusedCode);
    throw new UploadRefused(line || 'upload: the server finished the stream without a reply');
  }
  const expected = `OK ${size} ${await sent}`;
  if (line !== expected) throw new Error(`upload: the server replied "${line}", expected "${expected}"`);
  return line;
}

/**
 * Writes 0x05, the header and the file, then FIN; resolves to the file's sha256, or to undefined
 * if the server stopped the stream (STOP_SENDING) — its reply says why.
 */
async function sendFile(
  str: Stream,
  path: string,
  header: string,
  size: number,
  onProgress?: (sent: number) => void,
): Promise<string | undefined> {
  const hash = createHash('sha256');
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  let sent = 0;
  try {
    await str.write(encodeUploadPreamble(header));
    for await (const chunk of file as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await str.write(chunk);
      sent += chunk.length;
      onProgress?.(sent);
    }
  } catch (e) {
    if (e instanceof StreamError && e.remote) return undefined;
    throw e;
  } finally {
    file.destroy();
  }
  if (sent !== size) throw new Error(`${path} changed while it was sent (${sent} of ${size} bytes)`);
  str.close();
  return hash.digest('hex');
}

export interface GoodputResult {
  bytes: number;
  seconds: number;
  mbit_per_s: number;
}

/** 0x06 + count: receives count bytes, checks every one against byte(i % 256), and times it. */
export async function goodput(conn: Connection, count: number): Promise<GoodputResult> {
  const start = performance.now();
  const str = await conn.openStreamSync();
  await str.write(encodeGoodputRequest(count));
  str.close();
  let got = 0;
  for await (const chunk of str) {
    const bad = findPatternMismatch(chunk, got);
    if (bad >= 0) throw new Error(`goodput: byte ${got + bad} is 0x${chunk[bad]!.toString(16)}, expected 0x${((got + bad) % 256).toString(16)}`);
    got += chunk.length;
  }
  const seconds = (performance.now() - start) / 1000;
  if (got !== count) throw new Error(`goodput: received ${got} bytes, asked for ${count}`);
  return { bytes: got, seconds, mbit_per_s: (got * 8) / 1e6 / seconds };
}

/** "alpn=HLD cipher=TLS_AES_128_GCM_SHA256 version=v1": what the handshake negotiated. */
export function handshakeSummary(conn: Connection): string {
  const { tls, version } = conn.connectionState();
  return `alpn=${tls.negotiatedProtocol} cipher=${cipherSuiteName(tls.cipherSuite)} version=${versionName(version)}`;
}
