// The article's server loop: accept connections forever, one goroutine per connection, one per
// stream, each stream served by the business its first byte names (ARCHITECTURE.md §5). Bad input is
// answered with "ERR …" and never stops the server.
import { ErrServerClosed, type EarlyListener, type Listener } from '../index.ts';
import { listenAddr, listenAddrEarly } from '../index.ts';
import { Transport } from '../index.ts';
import { listenUDP, addrString, type UDPAddr } from '../index.ts';
import { go } from '../internal/utils/goroutine.ts'; // internal: a named goroutine shows in the course's trace
import { systemClock } from '../internal/utils/clock.ts'; // internal: the clock the Transport runs on
import type { Config } from '../index.ts';
import type { QUICTLSConfig } from '../index.ts';
import type { Connection, Stream } from '../index.ts';
import { trace } from '../trace.ts'; // internal: the accept-path trace the chapters read
import {
  BusinessType,
  Refusal,
  checkUploadHeaderLen,
  echoChunkSize,
  errLine,
  okLine,
  parseUploadHeader,
  patternBlock,
  refusedCode,
  unknownBusinessType,
} from './hld_protocol.ts';
import { StreamReader } from '../internal/utils/stream_reader.ts'; // internal: Go's bufio and io.ReadFull, which the stack has no public twin of
import { UploadFile } from './upload.ts';
import { closeReason, errorReason } from './output.ts';

export interface ServeOptions {
  /** uploads go to <outDir>/received_<name> */
  outDir: string;
  /** the largest upload accepted, in bytes */
  maxUpload: number;
  /** one line per connection, stored upload and refusal */
  log?: (line: string) => void;
}

export interface ServerOptions extends ServeOptions {
  /** "127.0.0.1:9000"; port 0 picks a free port */
  listen: string;
  tls: QUICTLSConfig;
  config: Config;
  /** make every client prove its address with a Retry first (RFC 9000 §8.1.2) */
  retry?: boolean;
  /** an EarlyListener: connections before their handshake completes, with 0-RTT if config.allow0RTT */
  early?: boolean;
}

export interface HLDServer {
  listener: Listener | EarlyListener;
  addr: UDPAddr;
  /** resolves when the accept loop ends (after listener.close()) */
  served: Promise<void>;
}

/** Listens and starts the accept loop. */
export async function startServer(o: ServerOptions): Promise<HLDServer> {
  let listener: Listener | EarlyListener;
  if (o.retry) {
    // ListenAddr has no Transport options; with --retry we build the Transport ourselves, as quic-go users do.
    const conn = await listenUDP(o.listen, o.config.clock ?? systemClock);
    const t = new Transport(conn, { verifySourceAddress: () => true, clock: o.config.clock }, true, true);
    listener = o.early ? t.ListenEarly(o.tls, o.config) : t.Listen(o.tls, o.config);
  } else {
    listener = o.early ? await listenAddrEarly(o.listen, o.tls, o.config) : await listenAddr(o.listen, o.tls, o.config);
  }
  const served = go('app.serve', () => serve(listener, o));
  return { listener, addr: listener.addr(), served };
}

/** `for { conn, err := ln.Accept(ctx); go handleConn(conn) }` */
export async function serve(ln: Listener | EarlyListener, o: ServeOptions): Promise<void> {
  for (;;) {
    let conn: Connection;
    try {
      conn = await ln.accept();
    } catch (e) {
      if (e instanceof ErrServerClosed) return;
      throw e;
    }
    go('handleConn', () => handleConn(conn, o));
  }
}

/** `for { str, err := conn.AcceptStream(ctx); go handleStream(str) }` until the connection ends. */
export async function handleConn(conn: Connection, o: ServeOptions): Promise<void> {
  const peer = addrString(conn.remoteAddr());
  const state = conn.connectionState();
  o.log?.(`${peer}: connected (ALPN ${state.tls.negotiatedProtocol}${state.used0RTT ? ', 0-RTT accepted' : ''})`);
  for (;;) {
    let str: Stream;
    try {
      str = await conn.acceptStream();
    } catch (e) {
      o.log?.(`${peer}: ${closeReason(e)}`);
      return;
    }
    trace('handleConn', `acceptStream → stream ${str.streamID}`);
    go('handleStream', () => handleStream(str, o, peer));
  }
}

/** Serves one stream; every failure ends in a refusal or a reset, never in an exception. */
export async function handleStream(str: Stream, o: ServeOptions, peer = ''): Promise<void> {
  const r = new StreamReader(str);
  try {
    const kind = await r.readFull(1);
    if (kind === undefined) return str.close(); // an empty stream: nothing asked, nothing to answer
    trace('handleStream', `stream ${str.streamID}: business type 0x${kind[0]!.toString(16).padStart(2, '0')}`);
    switch (kind[0]) {
      case BusinessType.text:
        return await serveEcho(str, r);
      case BusinessType.upload:
        return await serveUpload(str, r, o, peer);
      case BusinessType.goodput:
        return await serveGoodput(str, r);
      default:
        throw unknownBusinessType(kind[0]!);
    }
  } catch (e) {
    if (e instanceof Refusal) {
      o.log?.(`${peer}: stream ${str.streamID}: refused: ${e.reason}`);
      return await refuse(str, e.reason);
    }
    // The client reset the stream or the connection ended: there is no one to answer.
    o.log?.(`${peer}: stream ${str.streamID}: ${errorReason(e)}`);
    str.cancelWrite(refusedCode);
  }
}

/** "ERR <reason>\n", STOP_SENDING, FIN. */
async function refuse(str: Stream, reason: string): Promise<void> {
  try {
    await str.write(errLine(reason));
  } catch {
    // the client stopped reading: it will not see the reason
  }
  str.cancelRead(refusedCode);
  str.close();
}

/** 0x01: echo in chunks of at most 1024 bytes; FIN when the client's FIN arrives. */
async function serveEcho(str: Stream, r: StreamReader): Promise<void> {
  for (;;) {
    const chunk = await r.read(echoChunkSize);
    if (chunk === undefined) return str.close();
    await str.write(chunk);
  }
}

/** 0x05: u32 N, "name|size", size bytes → stored atomically, "OK <size> <sha256>\n", FIN. */
async function serveUpload(str: Stream, r: StreamReader, o: ServeOptions, peer: string): Promise<void> {
  const lenBuf = await r.readFull(4);
  if (lenBuf === undefined) throw new Refusal('truncated header length');
  const headerLen = new DataView(lenBuf.buffer, lenBuf.byteOffset, 4).getUint32(0);
  checkUploadHeaderLen(headerLen);
  const headerBytes = await r.readFull(headerLen);
  if (headerBytes === undefined) throw new Refusal('truncated header');
  let header: string;
  try {
    header = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new Refusal('malformed header: not UTF-8');
  }
  const { name, size } = parseUploadHeader(header, o.maxUpload);

  const file = await UploadFile.create(o.outDir, name);
  try {
    while (file.bytesWritten < size) {
      const chunk = await r.read(size - file.bytesWritten);
      if (chunk === undefined) throw new Refusal(`upload ended after ${file.bytesWritten} of ${size} bytes`);
      await file.write(chunk);
    }
    if (!(await r.atEnd())) throw new Refusal(`upload longer than its size ${size}`);
    const sum = await file.commit();
    o.log?.(`${peer}: stored ${file.path} (${size} bytes, sha256 ${sum})`);
    await str.write(okLine(size, sum));
    str.close();
  } finally {
    await file.abort(); // nothing left behind unless committed
  }
}

/** 0x06: u64 count → count bytes of byte(i % 256), FIN. */
async function serveGoodput(str: Stream, r: StreamReader): Promise<void> {
  const countBuf = await r.readFull(8);
  if (countBuf === undefined) throw new Refusal('truncated goodput request');
  const count = new DataView(countBuf.buffer, countBuf.byteOffset, 8).getBigUint64(0);
  if (count > BigInt(Number.MAX_SAFE_INTEGER)) throw new Refusal(`goodput count ${count} too large`);
  for (let left = Number(count); left > 0; ) {
    const n = Math.min(left, patternBlock.length);
    await str.write(patternBlock.subarray(0, n));
    left -= n;
  }
  str.close();
  // Read up to the client's FIN, so both halves of the stream complete and its slot is freed.
  while ((await r.read()) !== undefined);
}
