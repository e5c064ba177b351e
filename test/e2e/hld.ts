// A small HLD responder (ARCHITECTURE.md §5) and the matching client requests, for end-to-end and
// interop tests: text echo (0x01), upload (0x05, hashed, not stored) and goodput (0x06).
import { createHash } from 'node:crypto';
import type { Connection, ReceiveStream, Stream } from '../../src/interface.ts';

export const hldALPN = 'HLD';
export const businessText = 0x01;
export const businessUpload = 0x05;
export const businessGoodput = 0x06;

/** The largest write we hand the stream at once. */
const chunkSize = 64 * 1024;
/** Echo reads in chunks of at most this much (ARCHITECTURE.md §5). */
const echoChunk = 1024;

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** `n` bytes of the goodput pattern byte(i % 256), starting at offset `from`. */
export function pattern(n: number, from = 0): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (from + i) % 256;
  return b;
}

/** The sha256 of `n` pattern bytes, computed chunk by chunk. */
export function patternSha256(n: number): string {
  const h = createHash('sha256');
  const block = pattern(chunkSize);
  for (let off = 0; off < n; off += chunkSize) h.update(block.subarray(0, Math.min(chunkSize, n - off)));
  return h.digest('hex');
}

/** Reads exact byte counts from a stream, keeping what a chunk had beyond them. */
export class StreamReader {
  private pending: Uint8Array = new Uint8Array(0);
  private eof = false;

  constructor(private readonly str: ReceiveStream) {}

  /** Exactly n bytes; throws if the stream ends first. */
  async readExact(n: number): Promise<Uint8Array> {
    while (this.pending.length < n) {
      const chunk = await this.str.read();
      if (!chunk) throw new Error(`stream ended after ${this.pending.length} of ${n} bytes`);
      this.pending = concat([this.pending, chunk]);
    }
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }

  /** What is buffered, else the next chunk (at most `max` bytes); undefined at FIN. */
  async readSome(max = Infinity): Promise<Uint8Array | undefined> {
    if (this.pending.length === 0) {
      if (this.eof) return undefined;
      const chunk = await this.str.read();
      if (!chunk) {
        this.eof = true;
        return undefined;
      }
      this.pending = chunk;
    }
    const out = this.pending.subarray(0, Math.min(max, this.pending.length));
    this.pending = this.pending.subarray(out.length);
    return out;
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Reads a stream to FIN. */
export async function readAll(str: ReceiveStream): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of str) parts.push(chunk);
  return concat(parts);
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

// --- the responder ---

/** Serves one HLD stream; errors end the stream, never the test process. */
export async function serveStream(str: Stream): Promise<void> {
  const r = new StreamReader(str);
  try {
    const [kind] = await r.readExact(1);
    if (kind === businessText) {
      for (let c = await r.readSome(echoChunk); c; c = await r.readSome(echoChunk)) await str.write(c.slice());
    } else if (kind === businessGoodput) {
      const count = Number(new DataView((await r.readExact(8)).slice().buffer).getBigUint64(0));
      await writePattern(str, count);
    } else if (kind === businessUpload) {
      const headerLen = new DataView((await r.readExact(4)).slice().buffer).getUint32(0);
      const header = new TextDecoder().decode(await r.readExact(headerLen));
      const size = Number(header.slice(header.lastIndexOf('|') + 1));
      const h = createHash('sha256');
      let got = 0;
      while (got < size) {
        const c = await r.readSome(size - got);
        if (!c) throw new Error(`upload ended after ${got} of ${size} bytes`);
        h.update(c);
        got += c.length;
      }
      await str.write(text(`OK ${size} ${h.digest('hex')}\n`));
    } else {
      await str.write(text(`ERR unknown business type 0x${kind!.toString(16).padStart(2, '0')}\n`));
      str.cancelRead(0x10);
    }
    str.close();
  } catch {
    str.cancelWrite(0x10);
  }
}

/** Accepts streams until the connection ends, serving each in parallel. */
export async function serveConn(conn: Connection): Promise<void> {
  for (;;) {
    let str: Stream;
    try {
      str = await conn.acceptStream();
    } catch {
      return; // the connection is closed
    }
    void serveStream(str);
  }
}

/** Accepts connections until the listener closes; returns the connections it accepted. */
export function serveListener(listener: { accept(signal?: AbortSignal): Promise<Connection> }): { conns: Connection[]; done: Promise<void> } {
  const conns: Connection[] = [];
  const done = (async () => {
    for (;;) {
      let conn: Connection;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      conns.push(conn);
      void serveConn(conn);
    }
  })();
  return { conns, done };
}

async function writePattern(str: Stream, count: number): Promise<void> {
  const block = pattern(chunkSize);
  for (let off = 0; off < count; off += chunkSize) await str.write(block.slice(0, Math.min(chunkSize, count - off)));
}

// --- the client's requests ---

/** 0x01: sends msg, closes our side, returns the echo. */
export async function echo(conn: Connection, msg: Uint8Array | string): Promise<Uint8Array> {
  const str = await conn.openStreamSync();
  const body = typeof msg === 'string' ? text(msg) : msg;
  const reply = readAll(str); // read while writing: flow control would stall a large echo otherwise
  await str.write(concat([Uint8Array.of(businessText), body]));
  str.close();
  return reply;
}

export interface GoodputResult {
  bytes: number;
  sha256: string;
  /** every byte was byte(i % 256) */
  patternOK: boolean;
  seconds: number;
  mbitPerS: number;
}

/** 0x06: asks for `count` pattern bytes; hashes and checks them as they come. */
export async function goodput(conn: Connection, count: number): Promise<GoodputResult> {
  const str = await conn.openStreamSync();
  const req = new Uint8Array(9);
  req[0] = businessGoodput;
  new DataView(req.buffer).setBigUint64(1, BigInt(count));
  const start = performance.now();
  await str.write(req);
  str.close();
  const h = createHash('sha256');
  let bytes = 0;
  let patternOK = true;
  for await (const c of str) {
    for (let i = 0; i < c.length && patternOK; i++) if (c[i] !== (bytes + i) % 256) patternOK = false;
    h.update(c);
    bytes += c.length;
  }
  const seconds = (performance.now() - start) / 1000;
  return { bytes, sha256: h.digest('hex'), patternOK, seconds, mbitPerS: (bytes * 8) / 1e6 / seconds };
}

export interface UploadResult {
  /** the server's reply line, without the newline */
  reply: string;
  /** sha256 of what we sent */
  sha256: string;
  seconds: number;
  mbitPerS: number;
}

/** 0x05: uploads `size` bytes (from `chunkAt(offset, n)`, default the pattern) and returns the reply line. */
export async function upload(
  conn: Connection,
  name: string,
  size: number,
  chunkAt: (offset: number, n: number) => Uint8Array = (off, n) => pattern(n, off),
): Promise<UploadResult> {
  const str = await conn.openStreamSync();
  const header = text(`${name}|${size}`);
  const head = new Uint8Array(5);
  head[0] = businessUpload;
  new DataView(head.buffer).setUint32(1, header.length);
  const start = performance.now();
  const h = createHash('sha256');
  const reply = readAll(str); // read while writing, as a real client does
  await str.write(concat([head, header]));
  for (let off = 0; off < size; off += chunkSize) {
    const c = chunkAt(off, Math.min(chunkSize, size - off));
    h.update(c);
    await str.write(c);
  }
  str.close();
  const line = new TextDecoder().decode(await reply).replace(/\n$/, '');
  const seconds = (performance.now() - start) / 1000;
  return { reply: line, sha256: h.digest('hex'), seconds, mbitPerS: (size * 8) / 1e6 / seconds };
}
