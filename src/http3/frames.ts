// HTTP/3 frames (RFC 9114 §7; quic-go: http3/frames.go). Every frame is a varint type, a varint
// length and that many payload bytes (§7.1). The parser hands out a frame's type and length; the
// caller reads the payload (a HEADERS or SETTINGS payload whole, a DATA payload as a body).
import type { StreamReader } from '../internal/utils/stream_reader.ts';
import { Reader, Writer, varintLen } from '../internal/wire/varint.ts';
import { ErrCode, H3Error } from './errors.ts';

export enum FrameType {
  Data = 0x0,
  Headers = 0x1,
  CancelPush = 0x3,
  Settings = 0x4,
  PushPromise = 0x5,
  GoAway = 0x7,
  MaxPushID = 0xd,
}

/** HTTP/2 frame types with no HTTP/3 meaning: receiving one is H3_FRAME_UNEXPECTED (§7.2.8). */
const reservedHTTP2Frames = new Set([0x2, 0x6, 0x8, 0x9]);

/** Setting identifiers (§7.2.4.1, RFC 9204 §5). */
export enum SettingID {
  QPACKMaxTableCapacity = 0x1,
  MaxFieldSectionSize = 0x6,
  QPACKBlockedStreams = 0x7,
}

/** HTTP/2 settings that HTTP/3 reserves: receiving one is H3_SETTINGS_ERROR (§7.2.4.1). */
const reservedHTTP2Settings = new Set([0x0, 0x2, 0x3, 0x4, 0x5]);

export interface FrameHeader {
  type: number;
  length: number;
}

export function frameTypeName(type: number): string {
  return FrameType[type] ?? `0x${type.toString(16)}`;
}

/** A varint read from a stream; undefined at a clean end before its first byte. */
async function readVarint(r: StreamReader): Promise<number | undefined> {
  const first = await r.readFull(1);
  if (first === undefined) return undefined;
  const len = 1 << (first[0]! >> 6);
  if (len === 1) return first[0]!;
  const rest = await r.readFull(len - 1);
  if (rest === undefined) throw new H3Error(ErrCode.FrameError, 'stream ended inside a varint');
  const buf = new Uint8Array(len);
  buf[0] = first[0]!;
  buf.set(rest, 1);
  return new Reader(buf).readVarint();
}

/** Reads frames off a stream (quic-go's frameParser). */
export class FrameParser {
  constructor(readonly r: StreamReader) {}

  /**
   * The next frame's header; undefined at the stream's end between frames. A HTTP/2-only frame type
   * is H3_FRAME_UNEXPECTED; frames of unknown types are skipped, as §9 requires.
   */
  async next(): Promise<FrameHeader | undefined> {
    for (;;) {
      const type = await readVarint(this.r);
      if (type === undefined) return undefined;
      const length = await readVarint(this.r);
      if (length === undefined) throw new H3Error(ErrCode.FrameError, `stream ended inside the header of frame ${frameTypeName(type)}`);
      if (reservedHTTP2Frames.has(type)) throw new H3Error(ErrCode.FrameUnexpected, `HTTP/2 frame type 0x${type.toString(16)}`);
      if (type in FrameType) return { type, length };
      await this.skip(length);
    }
  }

  /** The whole payload of a frame; more than `max` bytes is H3_EXCESSIVE_LOAD. */
  async payload(f: FrameHeader, max: number): Promise<Uint8Array> {
    if (f.length > max) throw new H3Error(ErrCode.ExcessiveLoad, `${frameTypeName(f.type)} frame of ${f.length} bytes (limit ${max})`);
    const p = await this.r.readFull(f.length);
    if (p === undefined) throw new H3Error(ErrCode.FrameError, `stream ended inside a ${frameTypeName(f.type)} frame`);
    return p;
  }

  /** Up to `max` bytes of the current frame's payload; a stream that ends first is H3_FRAME_ERROR. */
  async payloadChunk(max: number): Promise<Uint8Array> {
    const c = await this.r.read(max);
    if (c === undefined) throw new H3Error(ErrCode.FrameError, 'stream ended inside a frame');
    return c;
  }

  async skip(length: number): Promise<void> {
    for (let left = length; left > 0; ) left -= (await this.payloadChunk(left)).length;
  }
}

/** A frame's type and length fields. */
export function frameHeader(type: number, length: number): Uint8Array {
  const w = new Writer(varintLen(type) + varintLen(length));
  w.writeVarint(type);
  w.writeVarint(length);
  return w.bytes();
}

/** A whole frame: header and payload. */
export function frame(type: number, payload: Uint8Array): Uint8Array {
  const h = frameHeader(type, payload.length);
  const out = new Uint8Array(h.length + payload.length);
  out.set(h);
  out.set(payload, h.length);
  return out;
}

/** SETTINGS (§7.2.4): identifier-value pairs. */
export function settingsFrame(settings: ReadonlyMap<number, number>): Uint8Array {
  const w = new Writer(64);
  for (const [id, v] of settings) {
    w.writeVarint(id);
    w.writeVarint(v);
  }
  return frame(FrameType.Settings, w.bytes());
}

/** Parses a SETTINGS payload: a duplicate or HTTP/2 setting is H3_SETTINGS_ERROR, a cut pair H3_FRAME_ERROR. */
export function parseSettings(payload: Uint8Array): Map<number, number> {
  const r = new Reader(payload);
  const settings = new Map<number, number>();
  try {
    while (r.remaining > 0) {
      const id = r.readVarint();
      const v = r.readVarint();
      if (reservedHTTP2Settings.has(id)) throw new H3Error(ErrCode.SettingsError, `HTTP/2 setting 0x${id.toString(16)}`);
      if (settings.has(id)) throw new H3Error(ErrCode.SettingsError, `duplicate setting 0x${id.toString(16)}`);
      settings.set(id, v);
    }
  } catch (e) {
    if (e instanceof H3Error) throw e;
    throw new H3Error(ErrCode.FrameError, 'malformed SETTINGS frame');
  }
  return settings;
}

/** A payload that is one varint: GOAWAY, MAX_PUSH_ID, CANCEL_PUSH (§7.2.3, §7.2.6, §7.2.7). */
export function varintFrame(type: FrameType, v: number): Uint8Array {
  const w = new Writer(varintLen(v));
  w.writeVarint(v);
  return frame(type, w.bytes());
}

export function parseVarintPayload(type: number, payload: Uint8Array): number {
  const r = new Reader(payload);
  try {
    const v = r.readVarint();
    if (r.remaining === 0) return v;
  } catch {
    // a cut varint, below
  }
  throw new H3Error(ErrCode.FrameError, `malformed ${frameTypeName(type)} frame`);
}
