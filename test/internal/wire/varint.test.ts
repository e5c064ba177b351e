import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import { Reader, Writer, encodedLength, putVarint, varintLen, type ByteSink } from '../../../src/internal/wire/varint.ts';
import { hex, toHex, transportErrorOf } from './helpers.ts';

function encode(v: number): string {
  const w = new Writer();
  w.writeVarint(v);
  return toHex(w.bytes());
}

describe('varint (RFC 9000 §16)', () => {
  // RFC 9000 Appendix A.1 / §16: the sample varint decodings.
  it.each([
    ['c2197c5eff14e88c', 151288809941952652],
    ['9d7f3e7d', 494878333],
    ['7bbd', 15293],
    ['25', 37],
  ])('decodes the RFC example %s as %d', (bytes, value) => {
    const r = new Reader(hex(bytes));
    expect(r.readVarint()).toBe(value);
    expect(r.remaining).toBe(0);
  });

  it('encodes the exactly representable RFC examples back to the same bytes', () => {
    expect(encode(494878333)).toBe('9d7f3e7d');
    expect(encode(15293)).toBe('7bbd');
    expect(encode(37)).toBe('25');
  });

  it('decodes the RFC\'s two-byte encoding of 37 (4025): non-minimal encodings are valid', () => {
    expect(new Reader(hex('4025')).readVarint()).toBe(37);
  });

  it('switches length at 63, 16383, 2^30-1', () => {
    expect([0, 63, 64, 16383, 16384, 2 ** 30 - 1, 2 ** 30, 2 ** 53].map(varintLen)).toEqual([1, 1, 2, 2, 4, 4, 8, 8]);
    expect(encode(63)).toBe('3f');
    expect(encode(64)).toBe('4040');
    expect(encode(16383)).toBe('7fff');
    expect(encode(16384)).toBe('80004000');
    expect(encode(2 ** 30 - 1)).toBe('bfffffff');
    expect(encode(2 ** 30)).toBe('c000000040000000');
    // 2^62-1 is rounded to 2^62 as a double; it still encodes as the largest varint, and reads back equal.
    expect(encode(2 ** 62 - 1)).toBe('ffffffffffffffff');
    expect(new Reader(hex('ffffffffffffffff')).readVarint()).toBe(2 ** 62 - 1);
  });

  it('refuses to encode values outside 0 … 2^62-1', () => {
    expect(() => varintLen(-1)).toThrow();
    expect(() => varintLen(2 ** 63)).toThrow();
    expect(() => varintLen(NaN)).toThrow();
    expect(() => encode(1.5)).toThrow();
    expect(() => putVarint(new Uint8Array(8), 0, 64, 1)).toThrow();
  });

  it('writes a fixed-length varint for a Length field filled in later', () => {
    const buf = new Uint8Array(4);
    expect(putVarint(buf, 1, 37, 2)).toBe(3);
    expect(toHex(buf)).toBe('00402500');
  });

  it('round-trips every value below 2^53 in its shortest form', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (v) => {
        const w = new Writer(1);
        w.writeVarint(v);
        expect(w.bytes().length).toBe(varintLen(v));
        const r = new Reader(w.bytes());
        expect(r.readVarint()).toBe(v);
        expect(r.remaining).toBe(0);
      }),
    );
  });

  it('throws FRAME_ENCODING_ERROR (or the chosen code) when the input ends inside a varint', () => {
    expect(transportErrorOf(() => new Reader(hex('9d7f3e')).readVarint()).errorCode).toBe(TransportErrorCode.FrameEncodingError);
    expect(transportErrorOf(() => new Reader(hex(''), 0, TransportErrorCode.TransportParameterError).readVarint()).errorCode).toBe(
      TransportErrorCode.TransportParameterError,
    );
  });

  it('never reads past the end: readBytes, readUint and skip check the bounds', () => {
    const r = new Reader(hex('0102'));
    expect(() => r.readBytes(3)).toThrow(/unexpected end/);
    expect(() => r.readUint(4)).toThrow(/unexpected end/);
    expect(() => r.skip(3)).toThrow(/unexpected end/);
    expect(r.offset).toBe(0);
    expect(toHex(r.readBytes(2))).toBe('0102');
  });
});

describe('Writer', () => {
  it('grows its own buffer', () => {
    const w = new Writer(2);
    w.writeBytes(new Uint8Array(100).fill(7));
    w.writeUint(0x010203, 3);
    expect(w.bytes().length).toBe(103);
    expect(toHex(w.bytes().subarray(100))).toBe('010203');
  });

  it('writes into a preallocated buffer at an offset and refuses to overflow it', () => {
    const buf = new Uint8Array(6);
    const w = new Writer(buf, 2);
    w.writeUint(0xabcd, 2);
    expect(toHex(buf)).toBe('0000abcd0000');
    expect(w.offset).toBe(4);
    expect(() => w.writeUint(0, 4)).toThrow(/buffer too small/);
  });

  it('LengthCounter counts what a Writer writes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.maxSafeNat(), fc.uint8Array({ maxLength: 20 }))), (items) => {
        const write = (s: ByteSink) => {
          for (const item of items) typeof item === 'number' ? s.writeVarint(item) : s.writeBytes(item);
        };
        const w = new Writer();
        write(w);
        expect(encodedLength(write)).toBe(w.bytes().length);
      }),
    );
  });
});
