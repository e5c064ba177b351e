// QPACK against the RFCs' own vectors: the static table (RFC 9204 Appendix A), HPACK's integer and
// Huffman examples (RFC 7541 Appendix C.1, C.4, C.6), and a field section of RFC 9204 Appendix B.1.
import { describe, expect, it } from 'vitest';
import { ErrCode, H3Error } from '../../src/http3/errors.ts';
import { decodeFieldSection, encodeFieldSection } from '../../src/http3/qpack/field_lines.ts';
import { huffmanDecode, huffmanEncode } from '../../src/http3/qpack/huffman.ts';
import { appendInteger, FieldReader } from '../../src/http3/qpack/primitives.ts';
import { staticTable } from '../../src/http3/qpack/static_table.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function expectQPACKError(f: () => unknown, code = ErrCode.QPACKDecompressionFailed): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(H3Error);
    expect((e as H3Error).code).toBe(code);
    return;
  }
  expect.fail('no error');
}

describe('static table (RFC 9204 Appendix A)', () => {
  it('has 99 entries, at the RFC indexes', () => {
    expect(staticTable.length).toBe(99);
    const samples: [number, string, string][] = [
      [0, ':authority', ''],
      [1, ':path', '/'],
      [17, ':method', 'GET'],
      [25, ':status', '200'],
      [31, 'accept-encoding', 'gzip, deflate, br'],
      [52, 'content-type', 'text/html; charset=utf-8'],
      [63, ':status', '100'],
      [85, 'content-security-policy', "script-src 'none'; object-src 'none'; base-uri 'none'"],
      [98, 'x-frame-options', 'sameorigin'],
    ];
    for (const [i, name, value] of samples) expect(staticTable[i]).toEqual([name, value]);
  });
});

describe('integers (RFC 7541 Appendix C.1)', () => {
  const cases: [number, number, string][] = [
    [10, 5, '0a'],
    [1337, 5, '1f9a0a'],
    [42, 8, '2a'],
  ];
  it.each(cases)('%i with a %i-bit prefix is %s', (v, prefix, want) => {
    const out: number[] = [];
    appendInteger(out, v, prefix, 0);
    expect(toHex(Uint8Array.from(out))).toBe(want);
    expect(new FieldReader(hex(want)).readInteger(prefix)).toBe(v);
  });
  it('refuses an integer that does not end', () => {
    expectQPACKError(() => new FieldReader(hex('1fff')).readInteger(5));
  });
});

describe('Huffman (RFC 7541 Appendix C.4, C.6)', () => {
  const vectors: [string, string][] = [
    ['www.example.com', 'f1e3 c2e5 f23a 6ba0 ab90 f4ff'],
    ['no-cache', 'a8eb 1064 9cbf'],
    ['custom-key', '25a8 49e9 5ba9 7d7f'],
    ['custom-value', '25a8 49e9 5bb8 e8b4 bf'],
    ['302', '6402'],
    ['private', 'aec3 771a 4b'],
    ['Mon, 21 Oct 2013 20:13:21 GMT', 'd07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff'],
    ['https://www.example.com', '9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3'],
  ];
  it.each(vectors)('%s', (text, code) => {
    expect(toHex(huffmanEncode(new TextEncoder().encode(text)))).toBe(code.replace(/\s/g, ''));
    expect(new TextDecoder().decode(huffmanDecode(hex(code)))).toBe(text);
  });
  it('round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(huffmanDecode(huffmanEncode(all))).toEqual(all);
  });
  it('refuses padding longer than 7 bits, padding of zeros, and EOS (RFC 7541 §5.2)', () => {
    expectQPACKError(() => huffmanDecode(hex('1fff'))); // "a" then 11 bits of 1s
    expectQPACKError(() => huffmanDecode(hex('18'))); // "a" then 000
    expectQPACKError(() => huffmanDecode(hex('ffffffff'))); // EOS (30 ones)
  });
});

describe('field sections (RFC 9204 §4.5)', () => {
  it('decodes Appendix B.1: a literal with a static name reference', () => {
    expect(decodeFieldSection(hex('0000 510b 2f69 6e64 6578 2e68 746d 6c'))).toEqual([{ name: ':path', value: '/index.html' }]);
  });

  it('encodes indexed lines, static name references and literal names, and decodes them back', () => {
    const fields = [
      { name: ':method', value: 'GET' }, // index 17
      { name: ':path', value: '/style.css' }, // name of index 1
      { name: 'x-custom', value: 'v' }, // literal name
    ];
    const enc = encodeFieldSection(fields);
    expect(toHex(enc.subarray(0, 3))).toBe('0000d1'); // RIC 0, Base 0, 0xc0 | 17
    expect(decodeFieldSection(enc)).toEqual(fields);
  });

  it('anything that needs the dynamic table is QPACK_DECOMPRESSION_FAILED (capacity 0, §2.2.3)', () => {
    expectQPACKError(() => decodeFieldSection(hex('0200 d1'))); // Required Insert Count 2
    expectQPACKError(() => decodeFieldSection(hex('0080'))); // negative Base
    expectQPACKError(() => decodeFieldSection(hex('0000 80'))); // indexed, dynamic (T=0)
    expectQPACKError(() => decodeFieldSection(hex('0000 10'))); // post-base index
    expectQPACKError(() => decodeFieldSection(hex('0000 4100'))); // literal, dynamic name
    expectQPACKError(() => decodeFieldSection(hex('0000 00'))); // post-base name reference
    expectQPACKError(() => decodeFieldSection(hex('0000 ff24'))); // static index 99
    expectQPACKError(() => decodeFieldSection(hex('0000 5105 2f'))); // value cut short
    expectQPACKError(() => decodeFieldSection(hex('00'))); // prefix cut short
  });
});
