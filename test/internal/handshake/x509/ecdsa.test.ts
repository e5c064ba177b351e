import crypto from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integer, sequence } from '../../../../src/internal/handshake/x509/asn1.ts';
import { RecentPublicKeys, tableAfterUses, verifyECDSA } from '../../../../src/internal/handshake/x509/ecdsa.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, as TLS and X.509 carry a signature. */
const der = (r: bigint, s: bigint) => sequence(integer(r), integer(s));

// RFC 6979 §A.2.5: the P-256 key, and its signatures with SHA-256 over "sample" and "test".
const rfcKey = hexToBytes(
  '04' + '60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6' + '7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299',
);
const rfcSignatures = [
  {
    message: 'sample',
    r: 0xefd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716n,
    s: 0xf7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8n, // high S: valid, and accepted
  },
  {
    message: 'test',
    r: 0xf1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367n,
    s: 0x019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083n,
  },
];

describe('verifyECDSA', () => {
  it("verifies the RFC 6979 P-256 signatures, at the key's first use and with its table", () => {
    for (const { message, r, s } of rfcSignatures) {
      const hash = sha256(utf8(message));
      const wrong = [
        { hash: sha256(utf8(message + '.')), signature: der(r, s) },
        { hash, signature: der(r + 1n, s) },
        { hash, signature: der(r, s - 1n) },
      ];
      for (const w of wrong) expect(verifyECDSA(p256, rfcKey, w.hash, w.signature, new RecentPublicKeys(4))).toBe(false);
      const keys = new RecentPublicKeys(4);
      for (let use = 0; use <= tableAfterUses; use++) expect(verifyECDSA(p256, rfcKey, hash, der(r, s), keys)).toBe(true);
      for (const w of wrong) expect(verifyECDSA(p256, rfcKey, w.hash, w.signature, keys)).toBe(false);
      expect(keys.get(p256, rfcKey).precomputed).toBe(true);
    }
  });

  it('agrees with noble for P-256 and P-384, with a matching or a longer hash, cold or warm', () => {
    const cases = [
      { curve: p256, hash: sha256 },
      { curve: p256, hash: sha384 }, // the hash is cut to n's 256 bits (SEC 1 §4.1.3 step 5)
      { curve: p384, hash: sha384 },
    ];
    for (const { curve, hash } of cases) {
      const keys = new RecentPublicKeys(4);
      const secretKey = curve.utils.randomSecretKey();
      const publicKey = curve.getPublicKey(secretKey, false);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (message, tamper) => {
          const signature = curve.sign(hash(message), secretKey, { prehash: false, format: 'der' });
          const checked = tamper ? hash(Uint8Array.of(...message, 0)) : hash(message);
          const noble = curve.verify(signature, checked, publicKey, { prehash: false, format: 'der', lowS: false });
          expect(verifyECDSA(curve, publicKey, checked, signature, keys)).toBe(noble);
          expect(noble).toBe(!tamper);
        }),
        { numRuns: 20 },
      );
    }
  });

  it('verifies what node:crypto (OpenSSL) signs, with its table', () => {
    const keys = new RecentPublicKeys(4);
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const point = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-65));
    for (let i = 0; i <= tableAfterUses; i++) {
      const message = crypto.randomBytes(40);
      const signature = crypto.sign('sha256', message, privateKey);
      expect(verifyECDSA(p256, point, sha256(message), signature, keys)).toBe(true);
    }
    expect(keys.get(p256, point).precomputed).toBe(true);
  });

  it('throws on a malformed signature or key', () => {
    const keys = new RecentPublicKeys(4);
    const hash = sha256(utf8('sample'));
    const { r, s } = rfcSignatures[0]!;
    expect(() => verifyECDSA(p256, rfcKey, hash, der(r, s).subarray(1), keys)).toThrow();
    expect(() => verifyECDSA(p256, rfcKey, hash, der(0n, s), keys)).toThrow(); // r must be in [1, n-1]
    const offCurve = rfcKey.slice();
    offCurve[64]! ^= 1;
    expect(() => verifyECDSA(p256, offCurve, hash, der(r, s), keys)).toThrow();
    expect(keys.size).toBe(0); // the signature is checked first; an off-curve key is not remembered
  });
});

describe('RecentPublicKeys', () => {
  /** Looks `key` up `times` times; whether it had a table the last time. */
  const use = (keys: RecentPublicKeys, key: Uint8Array, times: number) => {
    let precomputed = false;
    for (let i = 0; i < times; i++) precomputed = keys.get(p256, key).precomputed;
    return precomputed;
  };

  it(`gives a key its table at its ${tableAfterUses}th use`, () => {
    const keys = new RecentPublicKeys(2);
    const key = p256.getPublicKey(p256.utils.randomSecretKey(), false);
    expect(use(keys, key, tableAfterUses - 1)).toBe(false);
    expect(use(keys, key, 1)).toBe(true);
  });

  it('keeps at most `capacity` keys, forgetting the least recently used', () => {
    const keys = new RecentPublicKeys(2);
    const [a, b, c] = [1, 2, 3].map(() => p256.getPublicKey(p256.utils.randomSecretKey(), false));
    expect(use(keys, a!, tableAfterUses)).toBe(true);
    use(keys, b!, tableAfterUses);
    use(keys, a!, 1); // a is now the most recently used
    use(keys, c!, 1); // evicts b
    expect(keys.size).toBe(2);
    expect(use(keys, a!, 1)).toBe(true);
    expect(use(keys, b!, tableAfterUses - 1)).toBe(false); // forgotten: counted from its first use again
    expect(keys.size).toBe(2);
  });
});
