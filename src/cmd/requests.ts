// The article's client side of HLD (ARCHITECTURE.md §5): a text echo, an upload streamed from disk, a
// goodput download, and what the handshake negotiated. Each request is one bidirectional stream.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StreamError, type Connection, type Stream } from '../index.ts';
import { versionName } from '../internal/protocol/version.ts'; // internal: a version's name for the output
import {
  encodeGoodputRequest,
  encodeText,
  encodeUploadPreamble,
  findPatternMismatch,
  refusedCode,
} from './hld_protocol.ts';
import { StreamReader } from '../internal/utils/stream_reader.ts'; // internal: Go's bufio and io.ReadFull, which the stack has no public twin of
import { cipherSuiteName } from './tls_setup.ts';

/** The server answered an upload with something other than "OK …" (its "ERR …" line). */
export class UploadRefused extends Error {
  constructor(readonly line: string) {
    super(line);
    this.name = 'UploadRefused';
  }
}

/**
 * 0x01 + message; resolves to everything echoed back before the server's FIN. Our FIN waits until
 * as many bytes came back as the message has: the article's server makes one Read for the text and
 * returns on any error, and quic-go hands out a stream's last bytes together with io.EOF, so text
 * that arrives with the FIN is dropped unanswered. Reading starts before writing: a message larger
 * than the flow-control windows is echoed while it is still being sent.
 */
export async function echo(conn: Connection, message: string): Promise<string> {
  const str = await conn.openStreamSync();
  const text = encodeText(message);
  const written = str.write(text);
  written.catch(() => undefined); // awaited before the FIN; a read error may come first
  const want = text.length - 1;
  const parts: Uint8Array[] = [];
  let got = 0;
  let finSent = false;
  const sendFIN = async () => {
    await written;
    str.close();
    finSent = true;
  };
  for (;;) {
    if (!finSent && got >= want) await sendFIN();
    const chunk = await str.read();
    if (chunk === undefined) break;
    parts.push(chunk);
    got += chunk.length;
  }
  if (!finSent) await sendFIN(); // the server finished first: the caller sees the short echo
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Which server an upload talks to. 'hld' (ours, quicpeer): its "OK <size> <sha256>" reply is
 * required. 'article': the article's server, whose handleVideo stores the file and replies nothing;
 * its FIN after the last byte is all the client learns (a reply, should one come, is checked).
 */
export type Peer = 'hld' | 'article';
export const peers: readonly Peer[] = ['hld', 'article'];

export interface UploadOptions {
  /** the name the server stores it under (received_<name>) */
  name: string;
  /** called with the number of file bytes handed to the stream so far */
  onProgress?: (sent: number) => void;
  /** default 'hld' */
  peer?: Peer;
}

/**
 * Streams the file at `path` as an 0x05 upload and resolves to the server's "OK <size> <sha256>"
 * line, checked against what was sent. The file is read in pieces and each write waits for the
 * stream to take it, so memory stays flat whatever the file's size. The reply is read while
 * sending: a refusal ("ERR …", thrown as UploadRefused) can arrive before the last byte is sent.
 * With peer 'article', a FIN without a reply after the last byte resolves to "sent <size>
 * <sha256>: not confirmed …", and a FIN before it is an error.
 */
export async function upload(conn: Connection, path: string, o: UploadOptions): Promise<string> {
  const article = o.peer === 'article';
  // Its handleVideo splits the header at every "|" and takes the first two parts.
  if (article && o.name.includes('|')) throw new Error(`upload: the article's server cannot store a name with "|" (${JSON.stringify(o.name)})`);
  const size = (await stat(path)).size;
  const str = await conn.openStreamSync();
  const reply = new StreamReader(str).readLine();
  reply.catch(() => undefined); // awaited below; a failure may settle the race first
  let handed = 0; // file bytes the stream has taken
  const onProgress = (n: number) => o.onProgress?.((handed = n));
  const sent = sendFile(str, path, `${o.name}|${size}`, size, onProgress);
  sent.catch(() => undefined); // likewise
  let line: string;
  try {
    // A failure on our side (the file) wins; otherwise the reply decides.
    line = await Promise.race([reply, sent.then(() => reply)]);
    if (line === '' && article) {
      const early = `upload: the server closed the stream without a reply after ${handed} of ${size} bytes`;
      if (handed < size) throw new Error(early);
      const sha256 = await sent;
      if (sha256 === undefined) throw new Error(`${early}, and stopped reading`);
      return `sent ${size} ${sha256}: not confirmed by a reply (the article's server sends none; it closed the stream after the last byte)`;
    }
  } catch (e) {
    str.cancelWrite(refusedCode);
    str.cancelRead(refusedCode);
    throw e;
  }
  if (!line.startsWith('OK ')) {
    str.cancelWrite(refusedCode);
    throw new UploadRefused(line || "upload: the server finished the stream without a reply (the article's server never replies: --peer article)");
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
