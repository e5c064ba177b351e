// Reading and writing TLS's length-prefixed vectors (RFC 8446 §3.4), in the manner of Go's
// golang.org/x/crypto/cryptobyte which crypto/tls is written on. Every read is bounds-checked:
// a short or over-long field is a decode_error alert, never an out-of-range read.
import { Alert, tlsError } from './alert.ts';

export class ByteReader {
  private off = 0;

  constructor(private readonly b: Uint8Array) {}

  get remaining(): number {
    return this.b.length - this.off;
  }

  empty(): boolean {
    return this.off === this.b.length;
  }

  bytes(n: number): Uint8Array {
    if (n > this.remaining) throw tlsError(Alert.decodeError, 'message too short');
    const out = this.b.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }

  /** The next n bytes' offset, after the bounds check (the integer reads need no subarray). */
  private take(n: number): number {
    if (n > this.remaining) throw tlsError(Alert.decodeError, 'message too short');
    const off = this.off;
    this.off += n;
    return off;
  }

  u8(): number {
    return this.b[this.take(1)]!;
  }

  u16(): number {
    const o = this.take(2);
    return (this.b[o]! << 8) | this.b[o + 1]!;
  }

  u24(): number {
    const o = this.take(3);
    return (this.b[o]! << 16) | (this.b[o + 1]! << 8) | this.b[o + 2]!;
  }

  u32(): number {
    const o = this.take(4);
    return ((this.b[o]! << 24) | (this.b[o + 1]! << 16) | (this.b[o + 2]! << 8) | this.b[o + 3]!) >>> 0;
  }

  /** opaque x<0..2^8-1>, x<0..2^16-1>, x<0..2^24-1>: the bytes after a 1-, 2- or 3-byte length. */
  vec8(): Uint8Array {
    return this.bytes(this.u8());
  }

  vec16(): Uint8Array {
    return this.bytes(this.u16());
  }

  vec24(): Uint8Array {
    return this.bytes(this.u24());
  }

  /** Like vec8/vec16/vec24, but returns a reader over the vector's contents. */
  sub8(): ByteReader {
    return new ByteReader(this.vec8());
  }

  sub16(): ByteReader {
    return new ByteReader(this.vec16());
  }

  sub24(): ByteReader {
    return new ByteReader(this.vec24());
  }

  /** A message or vector must be consumed exactly. */
  expectEnd(what: string): void {
    if (!this.empty()) throw tlsError(Alert.decodeError, `trailing data in ${what}`);
  }
}

/**
 * Builds a message into one growing buffer, as Go's cryptobyte.Builder does: a length-prefixed
 * vector reserves its prefix, its body writes after it, and the prefix is filled in at the end.
 */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private length = 0;

  bytes(b: Uint8Array): this {
    this.reserve(b.length).set(b, this.length - b.length);
    return this;
  }

  u8(v: number): this {
    this.reserve(1)[this.length - 1] = v;
    return this;
  }

  u16(v: number): this {
    return this.uint(v, 2);
  }

  u24(v: number): this {
    return this.uint(v, 3);
  }

  u32(v: number): this {
    return this.uint(v, 4);
  }

  /** Writes whatever `body` writes, preceded by its length in 1, 2 or 3 bytes. */
  vec8(body: (w: ByteWriter) => void): this {
    return this.prefixed(1, body);
  }

  vec16(body: (w: ByteWriter) => void): this {
    return this.prefixed(2, body);
  }

  vec24(body: (w: ByteWriter) => void): this {
    return this.prefixed(3, body);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /** v's low `size` bytes, big-endian. */
  private uint(v: number, size: number): this {
    const buf = this.reserve(size);
    for (let i = 1; i <= size; i++, v = Math.floor(v / 256)) buf[this.length - i] = v;
    return this;
  }

  /** Makes room for n more bytes and counts them as written; returns the buffer to write them into. */
  private reserve(n: number): Uint8Array {
    if (this.length + n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(2 * this.buf.length, this.length + n));
      bigger.set(this.buf.subarray(0, this.length));
      this.buf = bigger;
    }
    this.length += n;
    return this.buf;
  }

  private prefixed(lengthSize: 1 | 2 | 3, body: (w: ByteWriter) => void): this {
    this.reserve(lengthSize);
    const start = this.length;
    body(this);
    const length = this.length - start;
    if (length >= 2 ** (8 * lengthSize)) throw tlsError(Alert.internalError, `vector of ${length} bytes does not fit its length prefix`);
    for (let i = 1, v = length; i <= lengthSize; i++, v >>>= 8) this.buf[start - i] = v;
    return this;
  }
}
