// What a handler writes a response with (quic-go: http3/response_writer.go, Go's
// http.ResponseWriter): fields, then the status, then the body in DATA frames. A HEAD response
// keeps its fields, Content-Length included, and drops the body (RFC 9110 §9.3.2).
import type { Request } from './headers.ts';
import { responseFields } from './headers.ts';
import type { HTTPStream } from './http_stream.ts';

export class ResponseWriter {
  /** Response fields; lowercase names. */
  readonly header = new Map<string, string>();
  status: number | undefined;
  /** body bytes handed to write() (sent unless HEAD) */
  bytesWritten = 0;

  constructor(
    private readonly str: HTTPStream,
    private readonly isHead: boolean,
  ) {}

  /** Sends HEADERS with this status; later calls do nothing. */
  async writeHeader(status: number): Promise<void> {
    if (this.status !== undefined) return;
    this.status = status;
    await this.str.writeHeaders(responseFields({ status, header: this.header }));
  }

  /** Body bytes in one DATA frame, after a 200 HEADERS if none was sent. */
  async write(data: Uint8Array): Promise<void> {
    await this.writeHeader(200);
    this.bytesWritten += data.length;
    if (!this.isHead) await this.str.writeData(data);
  }
}

/** Serves one request: `handler(w, r)`; the server ends the stream after it returns. */
export type Handler = (w: ResponseWriter, r: Request) => Promise<void>;

/** A short text response: Go's http.Error ("404 page not found"). */
export async function httpError(w: ResponseWriter, status: number, text: string): Promise<void> {
  const body = new TextEncoder().encode(`${text}\n`);
  w.header.set('content-type', 'text/plain; charset=utf-8');
  w.header.set('content-length', String(body.length));
  await w.writeHeader(status);
  await w.write(body);
}
