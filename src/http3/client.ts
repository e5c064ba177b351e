// A minimal HTTP/3 client (RFC 9114; quic-go: http3/client.go, roundtrip.go): dial with ALPN h3,
// open our control stream with SETTINGS, and send each request on a new bidirectional stream
// (HEADERS, FIN), reading the response's HEADERS and DATA frames.
import { dialAddr } from '../quic.ts';
import type { Config } from '../config.ts';
import type { QUICTLSConfig } from '../internal/handshake/crypto_setup.ts';
import type { Connection } from '../interface.ts';
import { H3Conn } from './conn.ts';
import { ErrCode, H3Error } from './errors.ts';
import { requestFields, responseFromHeaders, type ResponseHead } from './headers.ts';
import { HTTPStream } from './http_stream.ts';
import { NextProtoH3 } from './server.ts';

export interface ClientRequest {
  method: string;
  /** "127.0.0.1:4433" */
  authority: string;
  /** "/index.html" */
  path: string;
  header?: Map<string, string>;
}

export interface Response extends ResponseHead {
  /** the body's bytes as they arrive (empty for HEAD and for 204/304) */
  body: AsyncIterable<Uint8Array>;
}

export class ClientConn {
  readonly h3: H3Conn;

  constructor(readonly conn: Connection, log?: (line: string) => void) {
    this.h3 = new H3Conn(conn, 'client', log);
    this.h3.start();
  }

  /** Dials addr offering ALPN h3 only (quic-go's http3.ClientConn over quic.DialAddr). */
  static async dial(addr: string, tls: QUICTLSConfig, config?: Config, log?: (line: string) => void): Promise<ClientConn> {
    return new ClientConn(await dialAddr(addr, { ...tls, nextProtos: [NextProtoH3] }, config), log);
  }

  /** Sends a request without a body and returns once the response's HEADERS arrived. */
  async roundTrip(req: ClientRequest): Promise<Response> {
    const str = await this.conn.openStreamSync();
    const hs = new HTTPStream(str);
    try {
      await hs.writeHeaders(requestFields({ ...req, scheme: 'https' }));
      hs.close();
      // Interim (1xx) responses come before the final one (§4.1); their fields are dropped.
      for (;;) {
        const fields = await hs.readHeaders();
        if (fields === undefined) throw new H3Error(ErrCode.RequestIncomplete, 'response stream ended before HEADERS');
        const head = responseFromHeaders(fields);
        if (head.status >= 200) return { ...head, body: hs.body() };
      }
    } catch (e) {
      if (e instanceof H3Error && e.code === ErrCode.MessageError) hs.cancel(e.code);
      else if (e instanceof H3Error) this.h3.closeWithError(e);
      throw e;
    }
  }

  close(): void {
    this.conn.closeWithError(ErrCode.NoError, '');
  }
}
