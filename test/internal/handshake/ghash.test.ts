import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GHASH as NobleGHASH } from '@noble/ciphers/_polyval.js';
import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { GHASH } from '../../../src/internal/handshake/ghash.ts';

function digest(g: GHASH, ...segments: Uint8Array[]): string {
  g.reset();
  for (const s of segments) g.update(s);
  const out = new Uint8Array(16);
  g.digestInto(out);
  return bytesToHex(out);
}

describe('GHASH (SP 800-38D §6.4)', () => {
  // The GCM specification's Test Case 2 (McGrew & Viega, "The Galois/Counter Mode of Operation"):
  // K = 0^128, P = 0^128, so H = AES_K(0^128) and C is one block; GHASH(H, {}, C) is listed.
  const h = hexToBytes('66e94bd4ef8a2c3b884cfa59ca342b2e');
  const c = hexToBytes('0388dace60b6a392f328c2b971b2fe78');
  const lengths = hexToBytes('00000000000000000000000000000080');
  const expected = 'f38cbb1ad69223dcc3457ae5b6b0f885';

  it('matches the GCM test vector with the 4-bit table, then with 8-bit windows', () => {
    const g = new GHASH(h);
    const results = Array.from({ length: 100 }, () => digest(g, new Uint8Array(0), c, lengths)); // 300 blocks
    digest(g, new Uint8Array(16 * 70_000)); // a key in bulk use
    results.push(digest(g, new Uint8Array(0), c, lengths));
    expect(new Set(results)).toEqual(new Set([expected]));
  });

  it("agrees with noble's GHASH after a key's table has grown to 8-bit windows", () => {
    const key = hexToBytes('000102030405060708090a0b0c0d0e0f');
    const g = new GHASH(key);
    digest(g, new Uint8Array(16 * 70_000).fill(7));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 1500 }), (aad, ct) => {
        expect(digest(g, aad, ct)).toBe(bytesToHex(new NobleGHASH(key, 1024).update(aad).update(ct).digest()));
      }),
      { numRuns: 50 },
    );
  });

  it('agrees with noble\'s GHASH on random keys and segments, on both paths', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.array(fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 40 }), (key, messages) => {
        const g = new GHASH(key);
        for (const [aad, ct] of messages) {
          const theirs = bytesToHex(new NobleGHASH(key, 1024).update(aad).update(ct).digest());
          expect(digest(g, aad, ct)).toBe(theirs);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('absorbs only the first `length` bytes when given a length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 100 }), fc.nat(), (key, data, cut) => {
        const length = data.length === 0 ? 0 : cut % (data.length + 1);
        const g = new GHASH(key);
        const out = new Uint8Array(16);
        g.reset().update(data, length).digestInto(out);
        expect(bytesToHex(out)).toBe(digest(g, data.slice(0, length)));
      }),
      { numRuns: 100 },
    );
  });

  it('pads each segment separately, as GCM pads AAD and ciphertext', () => {
    const g = new GHASH(h);
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array([4, 5]);
    expect(digest(g, a, b)).not.toBe(digest(g, new Uint8Array([1, 2, 3, 4, 5])));
    expect(digest(g, a, b)).toBe(digest(g, Uint8Array.of(1, 2, 3, ...new Array(13).fill(0)), b));
  });
});
