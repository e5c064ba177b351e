// SHA-256, HMAC-SHA-256 and HKDF-SHA-256 against FIPS 180-4's examples, RFC 4231 and RFC 5869, and
// against node:crypto (OpenSSL) on random inputs around the block boundaries.
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hkdfExpand, hkdfExtract, sha256 as sha256Hash } from '../../../src/internal/handshake/hkdf.ts';
import { HMACSHA256, sha256 } from '../../../src/internal/handshake/hmac_sha256.ts';
import { hex } from './rfc_vectors.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (n: number, b: number): Uint8Array => new Uint8Array(n).fill(b);

describe('SHA-256 (FIPS 180-4)', () => {
  it('hashes the standard examples: empty, "abc", the two-block 448-bit message, a million "a"', () => {
    expect(sha256(new Uint8Array(0))).toEqual(hex('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'));
    expect(sha256(ascii('abc'))).toEqual(hex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
    expect(sha256(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toEqual(
      hex('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'),
    );
    expect(sha256(bytes(1_000_000, 0x61))).toEqual(hex('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'));
  });

  it('matches OpenSSL for every length up to three blocks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 192 }), (m) => {
        expect(sha256(m)).toEqual(Uint8Array.from(createHash('sha256').update(m).digest()));
      }),
      { numRuns: 400 },
    );
  });
});

describe('HMAC-SHA-256 (RFC 4231)', () => {
  it('computes test cases 1, 2, 3, 6 and 7 (keys shorter and longer than a block)', () => {
    const mac = (key: Uint8Array, data: Uint8Array) => new HMACSHA256(key).mac(data);
    expect(mac(bytes(20, 0x0b), ascii('Hi There'))).toEqual(hex('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'));
    expect(mac(ascii('Jefe'), ascii('what do ya want for nothing?'))).toEqual(
      hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'),
    );
    expect(mac(bytes(20, 0xaa), bytes(50, 0xdd))).toEqual(hex('773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'));
    expect(mac(bytes(131, 0xaa), ascii('Test Using Larger Than Block-Size Key - Hash Key First'))).toEqual(
      hex('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'),
    );
    const data7 = 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.';
    expect(mac(bytes(131, 0xaa), ascii(data7))).toEqual(hex('9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2'));
  });

  it('matches OpenSSL, and one key object gives the same MACs however often it is used', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 4 }), (key, messages) => {
        const h = new HMACSHA256(key);
        for (const m of messages) expect(h.mac(m)).toEqual(Uint8Array.from(createHmac('sha256', key).update(m).digest()));
      }),
      { numRuns: 300 },
    );
  });
});

describe('HMACSHA256.macInto', () => {
  it('equals mac() on a prefix of the message (RFC 4231 test case 2 inside a longer buffer), and may write over its input', () => {
    const h = new HMACSHA256(ascii('Jefe'));
    const data = ascii('what do ya want for nothing?');
    const buffer = new Uint8Array(100).fill(0xee);
    buffer.set(data);
    const out = new Uint8Array(40).fill(0xaa);
    h.macInto(buffer, data.length, out);
    expect(out.subarray(0, 32)).toEqual(hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'));
    expect(out.subarray(32)).toEqual(new Uint8Array(8).fill(0xaa));
    h.macInto(buffer, data.length, buffer);
    expect(buffer.subarray(0, 32)).toEqual(out.subarray(0, 32));
  });

  it('matches OpenSSL on random keys and prefixes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 200 }), fc.nat(), (key, m, cut) => {
        const length = m.length === 0 ? 0 : cut % (m.length + 1);
        const out = new Uint8Array(32);
        new HMACSHA256(key).macInto(m, length, out);
        expect(out).toEqual(Uint8Array.from(createHmac('sha256', key).update(m.subarray(0, length)).digest()));
      }),
      { numRuns: 200 },
    );
  });
});

describe('HKDF-SHA-256 (RFC 5869)', () => {
  it('computes test cases 1 and 3 (PRK and 42-byte OKM)', () => {
    const ikm = bytes(22, 0x0b);
    const prk1 = hkdfExtract(sha256Hash, hex('000102030405060708090a0b0c'), ikm);
    expect(prk1).toEqual(hex('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5'));
    expect(hkdfExpand(sha256Hash, prk1, hex('f0f1f2f3f4f5f6f7f8f9'), 42)).toEqual(
      hex('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865'),
    );
    const prk3 = hkdfExtract(sha256Hash, new Uint8Array(0), ikm);
    expect(prk3).toEqual(hex('19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04'));
    expect(hkdfExpand(sha256Hash, prk3, new Uint8Array(0), 42)).toEqual(
      hex('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8'),
    );
  });

  it('matches OpenSSL for random salts, secrets, infos and lengths up to 255 blocks', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.integer({ min: 1, max: 255 * 32 }),
        (salt, ikm, info, length) => {
          const okm = hkdfExpand(sha256Hash, hkdfExtract(sha256Hash, salt, ikm), info, length);
          expect(okm).toEqual(new Uint8Array(hkdfSync('sha256', ikm, salt, info, length)));
        },
      ),
      { numRuns: 200 },
    );
    expect(() => hkdfExpand(sha256Hash, new Uint8Array(32), new Uint8Array(0), 255 * 32 + 1)).toThrow(RangeError);
  });
});
