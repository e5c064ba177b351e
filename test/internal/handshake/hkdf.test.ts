// HMAC, HKDF and HKDF-Expand-Label on noble's HMAC: RFC 4231 and RFC 5869 vectors, and node:crypto
// (OpenSSL) on random inputs, with each secret's keyed HMAC reused from one derivation to the next.
import { createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hkdfExpand, hkdfExpandLabel, hkdfExtract, hmacOf, KeyedHMAC, sha256, sha384, type Hash } from '../../../src/internal/handshake/hkdf.ts';
import { hex } from './rfc_vectors.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (n: number, b: number): Uint8Array => new Uint8Array(n).fill(b);
const nodeName = (hash: Hash) => (hash === sha256 ? 'sha256' : 'sha384');

describe('HMAC (RFC 4231)', () => {
  it('computes test cases 1, 2, 6 and 7 with SHA-256 and test case 2 with SHA-384', () => {
    expect(hmacOf(sha256, bytes(20, 0x0b), ascii('Hi There'))).toEqual(hex('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'));
    const jefe = new KeyedHMAC(sha256, ascii('Jefe'));
    expect(jefe.mac(ascii('what do ya want for nothing?'))).toEqual(hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'));
    expect(jefe.mac(ascii('what do ya want for nothing?'))).toEqual(hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'));
    expect(hmacOf(sha256, bytes(131, 0xaa), ascii('Test Using Larger Than Block-Size Key - Hash Key First'))).toEqual(
      hex('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'),
    );
    const data7 = 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.';
    expect(hmacOf(sha256, bytes(131, 0xaa), ascii(data7))).toEqual(hex('9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2'));
    expect(hmacOf(sha384, ascii('Jefe'), ascii('what do ya want for nothing?'))).toEqual(
      hex('af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649'),
    );
  });

  it('matches OpenSSL, one keyed HMAC giving the same MACs however often it is used', () => {
    fc.assert(
      fc.property(fc.constantFrom(sha256, sha384), fc.uint8Array({ maxLength: 150 }), fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 4 }), (hash, key, messages) => {
        const h = new KeyedHMAC(hash, key);
        for (const m of messages) {
          const want = Uint8Array.from(createHmac(nodeName(hash), key).update(m).digest());
          expect(h.mac(m)).toEqual(want);
          expect(hmacOf(hash, key, m)).toEqual(want);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps one secret under two hashes apart', () => {
    const key = bytes(48, 7);
    const m = ascii('finished');
    expect(hmacOf(sha256, key, m)).toEqual(Uint8Array.from(createHmac('sha256', key).update(m).digest()));
    expect(hmacOf(sha384, key, m)).toEqual(Uint8Array.from(createHmac('sha384', key).update(m).digest()));
    expect(hmacOf(sha256, key, m)).toEqual(Uint8Array.from(createHmac('sha256', key).update(m).digest()));
  });
});

describe('HKDF (RFC 5869)', () => {
  it('computes SHA-256 test cases 1 and 3 (PRK and 42-byte OKM)', () => {
    const ikm = bytes(22, 0x0b);
    const prk1 = hkdfExtract(sha256, hex('000102030405060708090a0b0c'), ikm);
    expect(prk1).toEqual(hex('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5'));
    expect(hkdfExpand(sha256, prk1, hex('f0f1f2f3f4f5f6f7f8f9'), 42)).toEqual(hex('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865'));
    const prk3 = hkdfExtract(sha256, new Uint8Array(0), ikm);
    expect(prk3).toEqual(hex('19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04'));
    expect(hkdfExpand(sha256, prk3, new Uint8Array(0), 42)).toEqual(hex('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8'));
  });

  it('matches OpenSSL for random salts, secrets, infos and lengths up to 255 blocks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 1, max: 255 * 32 }), (salt, ikm, info, length) => {
        expect(hkdfExpand(sha256, hkdfExtract(sha256, salt, ikm), info, length)).toEqual(new Uint8Array(hkdfSync('sha256', ikm, salt, info, length)));
      }),
      { numRuns: 100 },
    );
    expect(() => hkdfExpand(sha256, new Uint8Array(32), new Uint8Array(0), 255 * 32 + 1)).toThrow();
  });
});

describe('HKDF-Expand-Label (RFC 8446 §7.1)', () => {
  /** The HkdfLabel, expanded by OpenSSL's HKDF-Expand. */
  function openssl(hash: Hash, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
    const full = ascii('tls13 ' + label);
    const info = Uint8Array.from([length >> 8, length & 0xff, full.length, ...full, context.length, ...context]);
    const prk = Buffer.from(secret);
    // node's hkdfSync always extracts first; HKDF-Expand alone is T(1) ‖ T(2) ‖ … from OpenSSL's HMAC.
    let t = new Uint8Array(0);
    const out: number[] = [];
    for (let i = 1; out.length < length; i++) {
      t = Uint8Array.from(createHmac(nodeName(hash), prk).update(Uint8Array.from([...t, ...info, i])).digest());
      out.push(...t);
    }
    return Uint8Array.from(out.slice(0, length));
  }

  it('matches OpenSSL for both hashes, lengths shorter and longer than one output, secrets reused', () => {
    const labels = ['quic key', 'quic iv', 'quic hp', 'quic ku', 'c hs traffic', 'finished'];
    fc.assert(
      fc.property(fc.constantFrom(sha256, sha384), fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.array(fc.tuple(fc.constantFrom(...labels), fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 5 }), (hash, secret48, uses) => {
        const secret = secret48.subarray(0, hash.outputLen); // a secret is one hash output long
        for (const [label, context, length] of uses) expect(hkdfExpandLabel(hash, secret, label, context, length)).toEqual(openssl(hash, secret, label, context, length));
      }),
      { numRuns: 100 },
    );
  });
});
