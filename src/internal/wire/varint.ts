// Variable-length integers (RFC 9000 §16) and the byte Reader/Writer every wire parser is built on
// (quic-go: quicvarint/varint.go). The two most significant bits of the first byte give the
// length: 00 → 1 byte (6-bit value), 01 → 2 bytes (14 bits), 10 → 4 bytes (30 bits), 11 → 8 bytes
// (62 bits). Values are JavaScript numbers: exact up to 2^53; an 8-byte value above that is read
// rounded to the nearest double, which is harmless for the limits and offsets a peer can announce.
import { protocolError } from '../qerr/errors.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';

/** The largest 1-, 2- and 4-byte values, and the largest varint (RFC 9000 §16, Table 4). */
export const maxVarint1 = 63;
export const maxVarint2 = 16383;
export const maxVarint4 = 2 ** 30 - 1;
export const maxVarint8 = 2 ** 62 - 1;

const two32 = 2 ** 32;

/** The number of bytes the shortest encoding of v takes. Encoding a negative or too large value is a bug. */
export function varintLen(v: number): 1 | 2 | 4 | 8 {
  if (v <= maxVarint1 && v >= 0) return 1;
  if (v <= maxVarint2 && v >= 0) return 2;
  if (v <= maxVarint4 && v >= 0) return 4;
  if (v <= maxVarint8 && v >= 0) return 8;
  throw new Error(`value doesn't fit into 62 bits: ${v}`);
}

/**
 * Writes v as a varint of exactly `len` bytes at buf[offset] (the 2-byte Length field of a long
 * header is written this way and filled in later). Returns the offset after it.
 */
export function putVarint(buf: Uint8Array, offset: number, v: number, len: 1 | 2 | 4 | 8 = varintLen(v)): number {
  if (!Number.isInteger(v) || v < 0 || len < varintLen(v)) throw new Error(`cannot encode ${v} in ${len} bytes`);
  switch (len) {
    case 1:
      buf[offset] = v;
      break;
    case 2:
      buf[offset] = 0x40 | (v >>> 8);
      buf[offset + 1] = v & 0xff;
      break;
    case 4:
      putUint(buf, offset, v, 4);
      buf[offset] |= 0x80;
      break;
    case 8:
      // 2^62-1 is not a double: it reads as 2^62, which must encode as the largest varint again.
      if (v >= 2 ** 62) {
        buf.fill(0xff, offset, offset + 8);
        break;
      }
      putUint(buf, offset, Math.floor(v / two32), 4);
      putUint(buf, offset + 4, v % two32, 4);
      buf[offset] |= 0xc0;
      break;
  }
  return offset + len;
}

/** Writes the low `len` bytes (1–4) of v big-endian: packet numbers, versions, ports. */
function putUint(buf: Uint8Array, offset: number, v: number, len: number): void {
  for (let i = len - 1; i >= 0; i--) {
    buf[offset + i] = v & 0xff;
    v = Math.floor(v / 256);
  }
}

/**
 * A cursor over received bytes. Every read is bounds-checked: reading past the end throws a
 * TransportError with the code the caller chose (FRAME_ENCODING_ERROR unless told otherwise),
 * never a RangeError and never a silent `undefined`.
 */
export class Reader {
  constructor(
    readonly data: Uint8Array,
    public offset = 0,
    readonly errorCode: TransportErrorCode = TransportErrorCode.FrameEncodingError,
  ) {}

  /** Bytes left to read. */
  get remaining(): number {
    return this.data.length - this.offset;
  }

  /** Throws unless n more bytes can be read. */
  need(n: number, what = 'data'): void {
    if (n > this.remaining) throw protocolError(this.errorCode, `unexpected end of ${what}: need ${n} bytes, have ${this.remaining}`);
  }

  /** A big-endian unsigned integer of 1 to 4 bytes. */
  readUint(len: number): number {
    this.need(len);
    let v = 0;
    for (let i = 0; i < len; i++) v = v * 256 + this.data[this.offset + i];
    this.offset += len;
    return v;
  }

  readUint8(): number {
    return this.readUint(1);
  }

  readVarint(): number {
    this.need(1, 'varint');
    const first = this.data[this.offset];
    const len = 1 << (first >> 6);
    this.need(len, 'varint');
    let v = first & 0x3f;
    for (let i = 1; i < len; i++) v = v * 256 + this.data[this.offset + i];
    this.offset += len;
    return v;
  }

  /** A copy of the next n bytes, so a frame never aliases the packet buffer. */
  readBytes(n: number): Uint8Array {
    this.need(n);
    const b = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }
}

/**
 * Where frames and headers are written. Writer fills bytes; LengthCounter only adds up how many
 * would be written, so each frame's encoding is written once and its length derived from it.
 */
export interface ByteSink {
  writeUint(v: number, len: number): void;
  writeUint8(v: number): void;
  writeVarint(v: number): void;
  /** v as a varint of exactly `len` bytes (a non-minimal encoding, RFC 9000 §16 allows it). */
  writeVarintWithLen(v: number, len: 1 | 2 | 4 | 8): void;
  writeBytes(b: Uint8Array): void;
}

/**
 * Appends bytes to a buffer. `new Writer()` grows its own buffer; `new Writer(buf, offset)` writes
 * into a preallocated one (e.g. a packet buffer) and throws if the caller sized it too small.
 */
export class Writer implements ByteSink {
  private buf: Uint8Array;
  private readonly growable: boolean;
  /** Position of the next byte (for a preallocated buffer, counted from its start). */
  offset: number;

  constructor(bufOrCapacity: Uint8Array | number = 64, offset = 0) {
    this.growable = typeof bufOrCapacity === 'number';
    this.buf = typeof bufOrCapacity === 'number' ? new Uint8Array(bufOrCapacity) : bufOrCapacity;
    this.offset = offset;
  }

  /** The underlying buffer (positions returned by writers index into it). */
  get buffer(): Uint8Array {
    return this.buf;
  }

  /** The bytes written so far, buffer[0 … offset), without copying. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.offset);
  }

  private reserve(n: number): number {
    const at = this.offset;
    if (at + n > this.buf.length) {
      if (!this.growable) throw new Error(`buffer too small: need ${at + n} bytes, have ${this.buf.length}`);
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, at + n));
      bigger.set(this.buf.subarray(0, at));
      this.buf = bigger;
    }
    this.offset += n;
    return at;
  }

  // Each writer reserves first: reserve() may replace this.buf.
  writeUint(v: number, len: number): void {
    const at = this.reserve(len);
    putUint(this.buf, at, v, len);
  }

  writeUint8(v: number): void {
    const at = this.reserve(1);
    this.buf[at] = v;
  }

  writeVarint(v: number): void {
    this.writeVarintWithLen(v, varintLen(v));
  }

  writeVarintWithLen(v: number, len: 1 | 2 | 4 | 8): void {
    const at = this.reserve(len);
    putVarint(this.buf, at, v, len);
  }

  writeBytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }

  /** n zero bytes: PADDING frames (RFC 9000 §19.1). */
  writeZeros(n: number): void {
    const at = this.reserve(n);
    this.buf.fill(0, at, at + n);
  }
}

/** A ByteSink that only counts: `length` is the exact size the same writes would produce. */
export class LengthCounter implements ByteSink {
  length = 0;

  writeUint(_v: number, len: number): void {
    this.length += len;
  }
  writeUint8(): void {
    this.length += 1;
  }
  writeVarint(v: number): void {
    this.length += varintLen(v);
  }
  writeVarintWithLen(_v: number, len: 1 | 2 | 4 | 8): void {
    this.length += len;
  }
  writeBytes(b: Uint8Array): void {
    this.length += b.length;
  }
}

/** The number of bytes `write` produces, found by running it on a LengthCounter. */
export function encodedLength(write: (sink: ByteSink) => void): number {
  const c = new LengthCounter();
  write(c);
  return c.length;
}
