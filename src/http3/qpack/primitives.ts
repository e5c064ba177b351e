// QPACK's integers and string literals, HPACK's encodings (RFC 9204 §4.1, RFC 7541 §5.1-5.2):
// an integer fills an N-bit prefix of its first byte and continues in 7-bit groups; a string is an
// H flag (Huffman or raw) just above an N-bit length prefix, then that many bytes.
import { decompressionFailed } from '../errors.ts';
import { huffmanDecode, huffmanEncode, huffmanEncodedLength } from './huffman.ts';

/** Integers larger than this are refused: nothing in a field section needs more (lengths, indexes). */
const maxInteger = 2 ** 32;

/** Appends `v` with an N-bit prefix; `flags` are the bits above the prefix in the first byte. */
export function appendInteger(out: number[], v: number, prefixBits: number, flags: number): void {
  const max = (1 << prefixBits) - 1;
  if (v < max) {
    out.push(flags | v);
    return;
  }
  out.push(flags | max);
  v -= max;
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Appends a string literal, Huffman-coded when that is shorter (§4.1.2), after `flags` above the H bit. */
export function appendString(out: number[], s: string, prefixBits: number, flags: number): void {
  const raw = new TextEncoder().encode(s);
  const hLen = huffmanEncodedLength(raw);
  const h = 1 << prefixBits;
  if (hLen < raw.length) {
    appendInteger(out, hLen, prefixBits, flags | h);
    for (const b of huffmanEncode(raw)) out.push(b);
  } else {
    appendInteger(out, raw.length, prefixBits, flags);
    for (const b of raw) out.push(b);
  }
}

/** A cursor over a field section; running out of bytes is QPACK_DECOMPRESSION_FAILED. */
export class FieldReader {
  offset = 0;
  constructor(readonly data: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.data.length;
  }

  peek(): number {
    if (this.done) throw decompressionFailed('field section truncated');
    return this.data[this.offset]!;
  }

  /** An integer with an N-bit prefix (the bits above it are the caller's, read with peek()). */
  readInteger(prefixBits: number): number {
    const max = (1 << prefixBits) - 1;
    let v = this.peek() & max;
    this.offset++;
    if (v < max) return v;
    for (let shift = 1; ; shift *= 128) {
      const b = this.peek();
      this.offset++;
      v += (b & 0x7f) * shift;
      if (v > maxInteger) throw decompressionFailed('integer too large');
      if ((b & 0x80) === 0) return v;
    }
  }

  /** A string literal whose H bit sits just above an N-bit length prefix. */
  readString(prefixBits: number): string {
    const huffman = (this.peek() & (1 << prefixBits)) !== 0;
    const len = this.readInteger(prefixBits);
    if (len > this.data.length - this.offset) throw decompressionFailed('string literal longer than the field section');
    const bytes = this.data.subarray(this.offset, this.offset + len);
    this.offset += len;
    return new TextDecoder().decode(huffman ? huffmanDecode(bytes) : bytes);
  }
}
