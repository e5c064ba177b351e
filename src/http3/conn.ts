// What both ends of an HTTP/3 connection do besides requests (RFC 9114 §6.2; quic-go:
// http3/conn.go): open our control stream with SETTINGS first, and accept the peer's
// unidirectional streams: one control stream (SETTINGS first, then GOAWAY and push-ID frames), at
// most one QPACK encoder and one decoder stream, no push streams (we never allow any), and streams
// of unknown types, which are refused. Any rule broken is a connection error with the RFC's code.
import { StreamReader } from '../internal/utils/stream_reader.ts';
import type { Connection, ReceiveStream, SendStream } from '../interface.ts';
import { go } from '../internal/utils/goroutine.ts';
import { ErrCode, H3Error } from './errors.ts';
import { FrameParser, FrameType, frameTypeName, parseSettings, parseVarintPayload, SettingID, settingsFrame, varintFrame } from './frames.ts';

/** Unidirectional stream types (§6.2, RFC 9204 §4.2). */
export enum StreamType {
  Control = 0x00,
  Push = 0x01,
  QPACKEncoder = 0x02,
  QPACKDecoder = 0x03,
}

/** The largest field section we accept, announced as SETTINGS_MAX_FIELD_SECTION_SIZE (§4.2.2). */
export const maxFieldSectionSize = 64 * 1024;
/** The largest control frame payload we read. */
const maxControlFrameSize = 16 * 1024;

export type Perspective = 'server' | 'client';

export class H3Conn {
  private control: SendStream | undefined;
  private readonly seen = new Set<StreamType>();
  /** The peer's SETTINGS, once its control stream delivered them. */
  peerSettings: Map<number, number> | undefined;
  /** The stream ID (from a server) or push ID (from a client) of the last GOAWAY received (§5.2). */
  goAwayID: number | undefined;
  /** Highest MAX_PUSH_ID a client announced; we never push, it only bounds CANCEL_PUSH (§7.2.3). */
  private maxPushID: number | undefined;

  constructor(
    readonly conn: Connection,
    readonly perspective: Perspective,
    readonly log?: (line: string) => void,
  ) {}

  /** Opens our control stream with SETTINGS and starts accepting the peer's unidirectional streams. */
  start(): void {
    try {
      this.control = this.conn.openUniStream();
      const settings = new Map([[SettingID.MaxFieldSectionSize, maxFieldSectionSize]]);
      void this.control.write(Uint8Array.of(StreamType.Control, ...settingsFrame(settings))).catch(() => {});
    } catch (e) {
      this.log?.(`cannot open the control stream: ${(e as Error).message}`);
    }
    go('http3.acceptUniStreams', () => this.acceptUniStreams());
  }

  /** GOAWAY on our control stream (§5.2): a server names the first request stream it will not serve. */
  sendGoAway(id: number): void {
    void this.control?.write(varintFrame(FrameType.GoAway, id)).catch(() => {});
  }

  /** Closes the connection with an HTTP/3 error (CONNECTION_CLOSE with the code, §8). */
  closeWithError(err: H3Error): void {
    this.log?.(`closing: ${err.message}`);
    this.conn.closeWithError(err.code, err.message);
  }

  private async acceptUniStreams(): Promise<void> {
    for (;;) {
      let str: ReceiveStream;
      try {
        str = await this.conn.acceptUniStream();
      } catch {
        return; // the connection ended
      }
      go('http3.handleUniStream', () => this.handleUniStream(str));
    }
  }

  private async handleUniStream(str: ReceiveStream): Promise<void> {
    const r = new StreamReader(str);
    try {
      const typeByte = await r.readFull(1);
      if (typeByte === undefined) return; // ended before its type: nothing to do (§6.2)
      const type = await this.readStreamType(r, typeByte[0]!);
      switch (type) {
        case StreamType.Control:
        case StreamType.QPACKEncoder:
        case StreamType.QPACKDecoder:
          if (this.seen.has(type)) throw new H3Error(ErrCode.StreamCreationError, `second ${StreamType[type]} stream`);
          this.seen.add(type);
          if (type === StreamType.Control) await this.readControlStream(new FrameParser(r));
          else await this.readQPACKStream(type, r);
          // §6.2.1, RFC 9204 §4.2: closing a critical stream is a connection error.
          throw new H3Error(ErrCode.ClosedCriticalStream, `${StreamType[type]} stream closed`);
        case StreamType.Push:
          // A client cannot push; we never send MAX_PUSH_ID, so a server may not either (§4.6, §6.2.2).
          throw this.perspective === 'server'
            ? new H3Error(ErrCode.StreamCreationError, 'push stream from a client')
            : new H3Error(ErrCode.IDError, 'push stream without MAX_PUSH_ID');
        default:
          str.cancelRead(ErrCode.StreamCreationError); // unknown or reserved type (§6.2, §9)
      }
    } catch (e) {
      if (this.conn.context.aborted) return; // the connection ended: the stream's error is that
      if (e instanceof H3Error) return this.closeWithError(e);
      // A reset of a critical stream surfaces as a read error (§6.2.1).
      if (this.seen.size > 0) this.closeWithError(new H3Error(ErrCode.ClosedCriticalStream, `critical stream: ${(e as Error).message}`));
    }
  }

  /** The rest of a varint stream type whose first byte is `first`. */
  private async readStreamType(r: StreamReader, first: number): Promise<number> {
    const len = 1 << (first >> 6);
    let v = first & 0x3f;
    const rest = len > 1 ? await r.readFull(len - 1) : new Uint8Array(0);
    if (rest === undefined) return -1;
    for (const b of rest) v = v * 256 + b;
    return v;
  }

  /** The peer's control stream: SETTINGS first, then only control frames (§6.2.1, §7.2). */
  private async readControlStream(p: FrameParser): Promise<void> {
    for (let first = true; ; first = false) {
      const f = await p.next();
      if (f === undefined) return;
      if (first && f.type !== FrameType.Settings) throw new H3Error(ErrCode.MissingSettings, `first frame on the control stream is ${frameTypeName(f.type)}`);
      const payload = await p.payload(f, maxControlFrameSize);
      switch (f.type) {
        case FrameType.Settings:
          if (!first) throw new H3Error(ErrCode.FrameUnexpected, 'second SETTINGS frame');
          this.peerSettings = parseSettings(payload);
          break;
        case FrameType.GoAway:
          this.receivedGoAway(parseVarintPayload(f.type, payload));
          break;
        case FrameType.MaxPushID: {
          if (this.perspective === 'client') throw new H3Error(ErrCode.FrameUnexpected, 'MAX_PUSH_ID from a server');
          const id = parseVarintPayload(f.type, payload);
          if (this.maxPushID !== undefined && id < this.maxPushID) throw new H3Error(ErrCode.IDError, 'MAX_PUSH_ID decreased');
          this.maxPushID = id;
          break;
        }
        case FrameType.CancelPush: {
          const id = parseVarintPayload(f.type, payload);
          if (this.perspective === 'client' || this.maxPushID === undefined || id > this.maxPushID) {
            throw new H3Error(ErrCode.IDError, `CANCEL_PUSH for push ID ${id}, never allowed`);
          }
          break;
        }
        default: // DATA, HEADERS, PUSH_PROMISE
          throw new H3Error(ErrCode.FrameUnexpected, `${frameTypeName(f.type)} frame on the control stream`);
      }
    }
  }

  /** GOAWAY's ID: from a server, a client-initiated bidirectional stream ID that never increases (§5.2, §7.2.6). */
  private receivedGoAway(id: number): void {
    if (this.perspective === 'client' && id % 4 !== 0) throw new H3Error(ErrCode.IDError, `GOAWAY with stream ID ${id}`);
    if (this.goAwayID !== undefined && id > this.goAwayID) throw new H3Error(ErrCode.IDError, `GOAWAY ID grew from ${this.goAwayID} to ${id}`);
    this.goAwayID = id;
    this.log?.(`received GOAWAY ${id}`);
  }

  /**
   * The peer's QPACK streams, read to the end. With our dynamic table capacity 0 the only valid
   * encoder instruction is Set Dynamic Table Capacity 0 (0x20, RFC 9204 §4.3.1); our sections never
   * reference its table, so its decoder may send Stream Cancellations (01xxxxxx, §4.4.2) only.
   */
  private async readQPACKStream(type: StreamType, r: StreamReader): Promise<void> {
    const encoder = type === StreamType.QPACKEncoder;
    let continuing = false; // inside a Stream Cancellation's multi-byte stream ID
    for (;;) {
      const chunk = await r.read();
      if (chunk === undefined) return;
      for (const b of chunk) {
        if (encoder) {
          if (b !== 0x20) throw new H3Error(ErrCode.QPACKEncoderStreamError, `encoder instruction 0x${b.toString(16)} needs a dynamic table (capacity 0)`);
        } else if (continuing) {
          continuing = (b & 0x80) !== 0;
        } else if ((b & 0xc0) === 0x40) {
          continuing = (b & 0x3f) === 0x3f;
        } else {
          throw new H3Error(ErrCode.QPACKDecoderStreamError, `decoder instruction 0x${b.toString(16)} for an encoder that never used the dynamic table`);
        }
      }
    }
  }
}

