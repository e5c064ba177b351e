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

  u8(): number {
    return this.bytes(1)[0]!;
  }

  u16(): number {
    const b = this.bytes(2);
    return (b[0]! << 8) | b[1]!;
  }

  u24(): number {
    const b = this.bytes(3);
    return (b[0]! << 16) | (b[1]! << 8) | b[2]!;
  }

  u32(): number {
    const b = this.bytes(4);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
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

export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }

  u8(v: number): this {
    return this.bytes(Uint8Array.of(v));
  }

  u16(v: number): this {
    return this.bytes(Uint8Array.of(v >>> 8, v & 0xff));
  }

  u24(v: number): this {
    return this.bytes(Uint8Array.of(v >>> 16, (v >>> 8) & 0xff, v & 0xff));
  }

  u32(v: number): this {
    return this.bytes(Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff));
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
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  private prefixed(lengthSize: 1 | 2 | 3, body: (w: ByteWriter) => void): this {
    const inner = new ByteWriter();
    body(inner);
    if (inner.length >= 2 ** (8 * lengthSize)) throw tlsError(Alert.internalError, `vector of ${inner.length} bytes does not fit its length prefix`);
    if (lengthSize === 1) this.u8(inner.length);
    else if (lengthSize === 2) this.u16(inner.length);
    else this.u24(inner.length);
    return this.bytes(inner.finish());
  }
}
