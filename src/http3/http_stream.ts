// A request stream as HTTP/3 frames (RFC 9114 §4.1; quic-go: http3/http_stream.go): HEADERS, then
// DATA frames as the body, then optional trailing HEADERS. Any other order, or a control frame on a
// request stream, is H3_FRAME_UNEXPECTED (§4.1, §7.2).
import { StreamReader } from '../internal/utils/stream_reader.ts';
import type { Stream } from '../interface.ts';
import { ErrCode, H3Error } from './errors.ts';
import { frame, frameHeader, FrameParser, FrameType, frameTypeName, type FrameHeader } from './frames.ts';
import { maxFieldSectionSize } from './conn.ts';
import { decodeFieldSection, encodeFieldSection, type HeaderField } from './qpack/field_lines.ts';

export class HTTPStream {
  private readonly parser: FrameParser;
  private trailersRead = false;

  constructor(readonly str: Stream) {
    this.parser = new FrameParser(new StreamReader(str));
  }

  /** A frame allowed on a request stream; anything else is a connection error (§7.2). */
  private async nextFrame(): Promise<FrameHeader | undefined> {
    const f = await this.parser.next();
    if (f === undefined || f.type === FrameType.Data || f.type === FrameType.Headers) return f;
    if (f.type === FrameType.PushPromise) throw new H3Error(ErrCode.IDError, 'PUSH_PROMISE without MAX_PUSH_ID'); // §7.2.5
    throw new H3Error(ErrCode.FrameUnexpected, `${frameTypeName(f.type)} frame on a request stream`);
  }

  private async decodeHeaders(f: FrameHeader): Promise<HeaderField[]> {
    return decodeFieldSection(await this.parser.payload(f, maxFieldSectionSize));
  }

  /** The message's HEADERS; undefined if the stream ends before any frame. DATA first is H3_FRAME_UNEXPECTED. */
  async readHeaders(): Promise<HeaderField[] | undefined> {
    const f = await this.nextFrame();
    if (f === undefined) return undefined;
    if (f.type !== FrameType.Headers) throw new H3Error(ErrCode.FrameUnexpected, 'DATA before HEADERS');
    return this.decodeHeaders(f);
  }

  /** The body: DATA payloads as they arrive, until the stream's end; trailers are read and dropped. */
  async *body(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const f = await this.nextFrame();
      if (f === undefined) return;
      if (f.type === FrameType.Headers) {
        if (this.trailersRead) throw new H3Error(ErrCode.FrameUnexpected, 'HEADERS after trailers');
        this.trailersRead = true;
        await this.decodeHeaders(f);
        continue;
      }
      if (this.trailersRead) throw new H3Error(ErrCode.FrameUnexpected, 'DATA after trailers');
      for (let left = f.length; left > 0; ) {
        const chunk = await this.parser.payloadChunk(left);
        left -= chunk.length;
        yield chunk;
      }
    }
  }

  async writeHeaders(fields: readonly HeaderField[]): Promise<void> {
    await this.str.write(frame(FrameType.Headers, encodeFieldSection(fields)));
  }

  /** One DATA frame: its header, then the bytes as they are (no copy). */
  async writeData(data: Uint8Array): Promise<void> {
    if (data.length === 0) return;
    await this.str.write(frameHeader(FrameType.Data, data.length));
    await this.str.write(data);
  }

  close(): void {
    this.str.close();
  }

  /** A stream error (§8): reset our side and ask the peer to stop sending. */
  cancel(code: ErrCode): void {
    this.str.cancelWrite(code);
    this.str.cancelRead(code);
  }
}
