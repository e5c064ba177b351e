// Poly1305 against RFC 8439's examples and test vectors, and against noble's poly1305().
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Poly1305 } from '../../../src/internal/handshake/poly1305.ts';
import { hex } from './rfc_vectors.ts';

function tag(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const p = new Poly1305().reset(key);
  for (const part of parts) p.update(part);
  const out = new Uint8Array(16);
  p.digestInto(out);
  return out;
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const repeat = (byte: string, n: number): string => byte.repeat(n);

// The text of vectors #2 and #3 (375 bytes).
const ietfContribution = ascii(
  'Any submission to the IETF intended by the Contributor for publication as all or part of an IETF ' +
    'Internet-Draft or RFC and any statement made within the context of an IETF activity is considered an ' +
    '"IETF Contribution". Such statements include oral statements in IETF sessions, as well as written and ' +
    'electronic communications made at any time or place, which are addressed to',
);

// RFC 8439 Appendix A.3: one-time key (r ‖ s), message, tag. #5–#11 are the edge cases of the
// arithmetic: h just above and just below p = 2^130 - 5, sums passing 2^130, the carry out of h + s.
const vectors: [name: string, key: string, message: Uint8Array, tag: string][] = [
  ['#1: all zeros', repeat('00', 32), new Uint8Array(64), repeat('00', 16)],
  ['#2: r = 0, so the tag is s', repeat('00', 16) + '36e5f6b5c5e06070f0efca96227a863e', ietfContribution, '36e5f6b5c5e06070f0efca96227a863e'],
  ['#3: s = 0', '36e5f6b5c5e06070f0efca96227a863e' + repeat('00', 16), ietfContribution, 'f3477e7cd95417af89a6b8794c310cf0'],
  [
    '#4: Jabberwocky',
    '1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0',
    ascii("'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\nAll mimsy were the borogoves,\nAnd the mome raths outgrabe."),
    '4541669a7eaaee61e708dc7cbcc5eb62',
  ],
  ['#5: h = p + 3', '02' + repeat('00', 31), hex(repeat('ff', 16)), '03' + repeat('00', 15)],
  ['#6: h + s carries out of 2^128', '02' + repeat('00', 15) + repeat('ff', 16), hex('02' + repeat('00', 15)), '03' + repeat('00', 15)],
  ['#7', '01' + repeat('00', 31), hex(repeat('ff', 16) + 'f0' + repeat('ff', 15) + '11' + repeat('00', 15)), '05' + repeat('00', 15)],
  ['#8', '01' + repeat('00', 31), hex(repeat('ff', 16) + 'fb' + repeat('fe', 15) + repeat('01', 16)), repeat('00', 16)],
  ['#9: h = p - 1', '02' + repeat('00', 31), hex('fd' + repeat('ff', 15)), 'fa' + repeat('ff', 15)],
  [
    '#10',
    '0100000000000000' + '0400000000000000' + repeat('00', 16),
    hex(`e33594d7505e43b90000000000000000 3394d7505e4379cd0100000000000000
         00000000000000000000000000000000 01000000000000000000000000000000`),
    '14000000000000005500000000000000',
  ],
  [
    '#11',
    '0100000000000000' + '0400000000000000' + repeat('00', 16),
    hex('e33594d7505e43b90000000000000000 3394d7505e4379cd0100000000000000 00000000000000000000000000000000'),
    '13000000000000000000000000000000',
  ],
];

/** Bytes mostly at the extremes (0x00, 0xff), where the limbs' bounds and the final reduction are tight. */
const extremeBytes = (minLength: number, maxLength: number) =>
  fc.array(fc.oneof(fc.constant(0xff), fc.constant(0), fc.integer({ min: 0, max: 255 })), { minLength, maxLength }).map((a) => Uint8Array.from(a));

describe('Poly1305 (RFC 8439 §2.5)', () => {
  it('§2.5.2: "Cryptographic Forum Research Group"', () => {
    const key = hex('85d6be7857556d337f4452fe42d506a8 0103808afb0db2fd4abff6af4149f51b');
    expect(tag(key, ascii('Cryptographic Forum Research Group'))).toEqual(hex('a8061dc1305136c6c22b8baf0c0127a9'));
  });

  for (const [name, key, message, want] of vectors) {
    it(`Appendix A.3 ${name}`, () => {
      expect(tag(hex(key), message)).toEqual(hex(want));
    });
  }

  it("equals noble's poly1305() for any key and message, fed in any pieces", () => {
    fc.assert(
      fc.property(extremeBytes(32, 32), extremeBytes(0, 600), fc.array(fc.nat(), { maxLength: 4 }), (key, message, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (message.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((from, i) => message.subarray(from, [...points, message.length][i]));
        expect(tag(key, ...pieces)).toEqual(poly1305(message, key));
      }),
      { numRuns: 500 },
    );
  });

  it("stays exact at the limbs' worst case: the largest clamped r and every block all ones", () => {
    const key = hex(repeat('ff', 32));
    const message = hex(repeat('ff', 16 * 1000 + 15));
    expect(tag(key, message)).toEqual(poly1305(message, key));
  });

  it('update(data, length) absorbs only the first length bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 200 }), fc.nat(), (key, data, n) => {
        const length = n % (data.length + 1);
        const out = new Uint8Array(16);
        new Poly1305().reset(key).update(data, length).digestInto(out);
        expect(out).toEqual(poly1305(data.subarray(0, length), key));
      }),
    );
  });

  it('pad16() zero-pads the message so far to a multiple of 16 bytes, and adds nothing at a boundary', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 70 }), fc.uint8Array({ maxLength: 70 }), (key, a, b) => {
        const padded = new Uint8Array(Math.ceil(a.length / 16) * 16 + b.length);
        padded.set(a);
        padded.set(b, padded.length - b.length);
        const out = new Uint8Array(16);
        new Poly1305().reset(key).update(a).pad16().update(b).digestInto(out);
        expect(out).toEqual(poly1305(padded, key));
      }),
    );
  });

  it('one object gives the right tag for message after message, and writes it at an offset', () => {
    const p = new Poly1305();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 8 }), (key, message, offset) => {
        const out = new Uint8Array(offset + 16);
        p.reset(key).update(message).digestInto(out, offset);
        expect(out.subarray(offset)).toEqual(poly1305(message, key));
        expect(out.subarray(0, offset)).toEqual(new Uint8Array(offset));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a one-time key that is not 32 bytes', () => {
    expect(() => new Poly1305().reset(new Uint8Array(16))).toThrow();
  });
});
