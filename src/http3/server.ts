// A minimal HTTP/3 server (RFC 9114; quic-go: http3/server.go): for every connection accepted
// with ALPN h3, our control stream with SETTINGS, the peer's unidirectional streams (conn.ts), and
// one request per bidirectional stream, answered by a Handler. close() sends GOAWAY first (§5.2).
import type { Connection, Stream } from '../interface.ts';
import { ErrServerClosed, type Listener } from '../server.ts';
import { addrString } from '../sys_conn.ts';
import { go } from '../internal/utils/goroutine.ts';
import { trace } from '../trace.ts';
import { H3Conn } from './conn.ts';
import { ErrCode, H3Error } from './errors.ts';
import { requestFromHeaders, type Request } from './headers.ts';
import { HTTPStream } from './http_stream.ts';
import { ResponseWriter, type Handler } from './response_writer.ts';

/** The ALPN token of HTTP/3 (§3.1). */
export const NextProtoH3 = 'h3';

/** Stream errors: the request fails, the connection carries on (§4.1.2, §4.2.2, §8). */
const streamErrors = new Set<ErrCode>([ErrCode.MessageError, ErrCode.ExcessiveLoad, ErrCode.RequestIncomplete]);

export interface ServerOptions {
  handler: Handler;
  /** one line per connection, request and error */
  log?: (line: string) => void;
  /** a connection that negotiated another ALPN protocol (e.g. HLD) goes here; without it, it is closed */
  otherProtocol?: (conn: Connection) => void;
}

interface serverConn {
  h3: H3Conn;
  /** the next request stream ID we would accept: GOAWAY's value (§5.2) */
  nextStreamID: number;
  open: Set<Promise<void>>;
}

export class Server {
  private readonly conns = new Set<serverConn>();
  private listener: Listener | undefined;
  private closing = false;

  constructor(readonly opts: ServerOptions) {}

  /** Accepts connections until the listener closes (quic-go's ServeListener). */
  async serveListener(ln: Listener): Promise<void> {
    this.listener = ln;
    for (;;) {
      const conn = await ln.accept().catch((e: unknown) => {
        if (e instanceof ErrServerClosed) return undefined; // close() ends the loop
        throw e;
      });
      if (conn === undefined) return;
      const alpn = conn.connectionState().tls.negotiatedProtocol;
      trace('app', `http3: accepted connection, ALPN ${alpn}`, { detail: addrString(conn.remoteAddr()) });
      if (alpn === NextProtoH3) go('http3.handleConn', () => this.handleConn(conn));
      else if (this.opts.otherProtocol) this.opts.otherProtocol(conn);
      else conn.closeWithError(ErrCode.VersionFallback, `ALPN ${alpn} is not h3`);
    }
  }

  private async handleConn(conn: Connection): Promise<void> {
    const peer = addrString(conn.remoteAddr());
    const log = this.opts.log && ((l: string) => this.opts.log!(`${peer}: ${l}`));
    log?.('connected (ALPN h3)');
    const h3 = new H3Conn(conn, 'server', log);
    const sc: serverConn = { h3, nextStreamID: 0, open: new Set() };
    this.conns.add(sc);
    h3.start();
    try {
      for (;;) {
        let str: Stream;
        try {
          str = await conn.acceptStream();
        } catch {
          return; // the connection ended
        }
        if (this.closing) {
          str.cancelWrite(ErrCode.RequestRejected); // after GOAWAY (§5.2)
          str.cancelRead(ErrCode.RequestRejected);
          continue;
        }
        sc.nextStreamID = Math.max(sc.nextStreamID, str.streamID + 4);
        const done: Promise<void> = go('http3.handleRequest', () => this.handleRequest(h3, str, log)).finally(() => sc.open.delete(done));
        sc.open.add(done);
      }
    } finally {
      this.conns.delete(sc);
    }
  }

  /** One request stream; a broken rule is a stream or connection error, never an exception. */
  private async handleRequest(h3: H3Conn, str: Stream, log?: (l: string) => void): Promise<void> {
    const hs = new HTTPStream(str);
    let req: Request | undefined;
    try {
      const fields = await hs.readHeaders();
      if (fields === undefined) throw new H3Error(ErrCode.RequestIncomplete, 'request stream ended before HEADERS');
      req = requestFromHeaders(fields);
      // The rest of the request (a body, trailers) is read and dropped; its frames must still be valid.
      go('http3.readBody', () => this.drain(h3, hs, log));
      const w = new ResponseWriter(hs, req.method === 'HEAD');
      await this.opts.handler(w, req);
      await w.writeHeader(200);
      hs.close();
      log?.(`stream ${str.streamID}: ${req.method} ${req.path} → ${w.status} (${w.bytesWritten} bytes)`);
      trace('app', `http3: ${req.method} ${req.path} → ${w.status}`, { detail: `stream ${str.streamID}` });
    } catch (e) {
      this.fail(h3, hs, e, log, req);
    }
  }

  private async drain(h3: H3Conn, hs: HTTPStream, log?: (l: string) => void): Promise<void> {
    try {
      for await (const _ of hs.body());
    } catch (e) {
      this.fail(h3, hs, e, log);
    }
  }

  /** A stream error resets the stream; any other HTTP/3 error closes the connection (§8). */
  private fail(h3: H3Conn, hs: HTTPStream, e: unknown, log?: (l: string) => void, req?: Request): void {
    if (h3.conn.context.aborted) return;
    if (!(e instanceof H3Error)) {
      // The client reset the stream, or the handler failed: the request ends here.
      log?.(`stream ${hs.str.streamID}: ${(e as Error).message}`);
      hs.cancel(req ? ErrCode.InternalError : ErrCode.RequestIncomplete);
      return;
    }
    if (streamErrors.has(e.code)) {
      log?.(`stream ${hs.str.streamID}: ${e.message}`);
      hs.cancel(e.code);
      return;
    }
    h3.closeWithError(e);
  }

  /**
   * Graceful shutdown: GOAWAY with the first stream ID not served on every connection, up to
   * `graceMs` for the requests in progress, then CONNECTION_CLOSE with H3_NO_ERROR and the
   * listener closed (§5.2, §5.3).
   */
  async close(graceMs = 1000): Promise<void> {
    this.closing = true;
    for (const sc of this.conns) sc.h3.sendGoAway(sc.nextStreamID);
    const open = [...this.conns].flatMap((sc) => [...sc.open]);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
    await Promise.race([Promise.allSettled(open), sleep(graceMs)]);
    // A moment for the GOAWAY to be read before the CONNECTION_CLOSE that would discard it.
    await sleep(Math.min(graceMs, 100));
    const closed = [...this.conns].map(({ h3 }) => {
      h3.conn.closeWithError(ErrCode.NoError, 'server shutting down');
      return new Promise((r) => (h3.conn.context.aborted ? r(undefined) : h3.conn.context.addEventListener('abort', r, { once: true })));
    });
    await Promise.all(closed); // each CONNECTION_CLOSE is sent before its context aborts, so before the socket closes
    this.listener?.close();
  }
}
