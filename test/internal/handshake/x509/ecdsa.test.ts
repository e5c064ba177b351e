import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integer, sequence } from '../../../../src/internal/handshake/x509/asn1.ts';
import { newNobleKeys, newP256Keys, signP256, tableAfterUses, verifyECDSA } from '../../../../src/internal/handshake/x509/ecdsa.ts';
import { nonceGenerator } from '../../../../src/internal/handshake/x509/rfc6979.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, as TLS and X.509 carry a signature. */
const der = (r: bigint, s: bigint) => sequence(integer(r), integer(s));
const n = p256.Point.Fn.ORDER;
const bytes32 = (x: bigint) => hexToBytes(x.toString(16).padStart(64, '0'));

// RFC 6979 §A.2.5: the P-256 key, and its signatures with SHA-256 over "sample" and "test".
const rfcPrivateKey = 0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721n;
const rfcKey = hexToBytes(
  '04' + '60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6' + '7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299',
);
const rfcSignatures = [
  {
    message: 'sample',
    k: 0xa6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60n,
    r: 0xefd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716n,
    s: 0xf7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8n, // high S: valid, and accepted
  },
  {
    message: 'test',
    k: 0xd16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0n,
    r: 0xf1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367n,
    s: 0x019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083n,
  },
];

/** NIST CAVP's ECDSA SigVer vectors for P-256 with SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512 (see the file's "source"). */
const sigver = JSON.parse(readFileSync(new URL('./testdata/sigver_p256.json', import.meta.url), 'utf8')) as {
  vectors: { hash: string; msg: string; qx: string; qy: string; r: string; s: string; valid: boolean; note: string }[];
};

describe('RFC 6979 nonces (§3.2, HMAC-SHA-256)', () => {
  it('gives the k of §A.2.5 for "sample" and "test"', () => {
    for (const { message, k } of rfcSignatures) {
      const h1 = bytes32(BigInt('0x' + Buffer.from(sha256(utf8(message))).toString('hex')) % n);
      expect(nonceGenerator(bytes32(rfcPrivateKey), h1)()).toBe(k);
    }
  });

  it('goes on to further candidates, each in [1, n)', () => {
    const next = nonceGenerator(bytes32(rfcPrivateKey), bytes32(1n), utf8('extra'));
    const candidates = Array.from({ length: 5 }, next);
    expect(new Set(candidates).size).toBe(5);
    for (const k of candidates) expect(k >= 1n && k < n).toBe(true);
  });
});

describe('signP256', () => {
  it("makes the RFC 6979 signatures (no k'), with s in the lower half", () => {
    for (const { message, r, s } of rfcSignatures) {
      const signature = signP256(bytes32(rfcPrivateKey), sha256(utf8(message)), new Uint8Array(0));
      expect(signature).toEqual(der(r, s > n / 2n ? n - s : s));
    }
  });

  it('signs as noble does, byte for byte, given the same k', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 }), (seed, hash, extra) => {
        const d = p256.utils.randomSecretKey(seed);
        const noble = p256.sign(hash, d, { prehash: false, format: 'der', extraEntropy: extra });
        expect(signP256(d, hash, extra)).toEqual(noble);
      }),
      { numRuns: 200 },
    );
  });

  it("signs so that node:crypto (OpenSSL) and our verifier accept, and differently each time with fresh k'", () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const point = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-65));
    const message = utf8('TLS 1.3, server CertificateVerify');
    const signatures = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const signature = signP256(d, sha256(message), crypto.randomBytes(32));
      signatures.add(Buffer.from(signature).toString('hex'));
      expect(crypto.verify('sha256', message, publicKey, signature)).toBe(true);
      expect(verifyECDSA(p256, point, sha256(message), signature, newP256Keys(4))).toBe(true);
      expect(p256.Signature.fromBytes(signature, 'der').hasHighS()).toBe(false);
    }
    expect(signatures.size).toBe(10);
  });
});

describe('verifyECDSA', () => {
  it("verifies the RFC 6979 P-256 signatures, at the key's first use and with its table", () => {
    for (const { message, r, s } of rfcSignatures) {
      const hash = sha256(utf8(message));
      const wrong = [
        { hash: sha256(utf8(message + '.')), signature: der(r, s) },
        { hash, signature: der(r + 1n, s) },
        { hash, signature: der(r, s - 1n) },
      ];
      for (const w of wrong) expect(verifyECDSA(p256, rfcKey, w.hash, w.signature, newP256Keys(4))).toBe(false);
      const keys = newP256Keys(4);
      for (let use = 0; use <= tableAfterUses; use++) expect(verifyECDSA(p256, rfcKey, hash, der(r, s), keys)).toBe(true);
      for (const w of wrong) expect(verifyECDSA(p256, rfcKey, w.hash, w.signature, keys)).toBe(false);
      expect(keys.get(rfcKey).precomputed).toBe(true);
    }
  });

  it("gives NIST's SigVer verdicts, with a cold key and with its table", () => {
    expect(sigver.vectors.length).toBe(75);
    for (const v of sigver.vectors) {
      const key = hexToBytes('04' + v.qx + v.qy);
      const hash = new Uint8Array(crypto.createHash(v.hash).update(hexToBytes(v.msg)).digest());
      const signature = der(BigInt('0x' + v.r), BigInt('0x' + v.s));
      const warm = newP256Keys(4);
      for (let use = 0; use < tableAfterUses; use++) {
        try {
          verifyECDSA(p256, key, hash, signature, warm);
        } catch {
          break; // a changed Q may be off the curve: refused, and never remembered
        }
      }
      for (const keys of [newP256Keys(4), warm]) {
        let verdict: boolean;
        try {
          verdict = verifyECDSA(p256, key, hash, signature, keys);
        } catch {
          verdict = false;
        }
        expect(verdict, `${v.hash} ${v.note}`).toBe(v.valid);
      }
    }
  });

  it('agrees with noble for P-256 and P-384, with a matching or a longer hash, cold or warm', () => {
    const cases = [
      { curve: p256, hash: sha256, keys: newP256Keys(4) },
      { curve: p256, hash: sha384, keys: newP256Keys(4) }, // the hash is cut to n's 256 bits (SEC 1 §4.1.3 step 5)
      { curve: p384, hash: sha384, keys: undefined }, // on noble, with its own cache
    ];
    for (const { curve, hash, keys } of cases) {
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
    const keys = newP256Keys(4);
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const point = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-65));
    for (let i = 0; i <= tableAfterUses; i++) {
      const message = crypto.randomBytes(40);
      const signature = crypto.sign('sha256', message, privateKey);
      expect(verifyECDSA(p256, point, sha256(message), signature, keys)).toBe(true);
    }
    expect(keys.get(point).precomputed).toBe(true);
  });

  it('takes a compressed P-256 key, as noble reads it', () => {
    const { r, s } = rfcSignatures[1]!;
    const compressed = p256.Point.fromBytes(rfcKey).toBytes(true);
    expect(verifyECDSA(p256, compressed, sha256(utf8('test')), der(r, s), newP256Keys(4))).toBe(true);
  });

  it('throws on a malformed signature or key', () => {
    const keys = newP256Keys(4);
    const hash = sha256(utf8('sample'));
    const { r, s } = rfcSignatures[0]!;
    expect(() => verifyECDSA(p256, rfcKey, hash, der(r, s).subarray(1), keys)).toThrow();
    expect(() => verifyECDSA(p256, rfcKey, hash, der(0n, s), keys)).toThrow(); // r must be in [1, n-1]
    expect(() => verifyECDSA(p256, rfcKey, hash, der(r, n), keys)).toThrow(); // s too
    const offCurve = rfcKey.slice();
    offCurve[64]! ^= 1;
    expect(() => verifyECDSA(p256, offCurve, hash, der(r, s), keys)).toThrow();
    expect(() => verifyECDSA(p256, rfcKey.subarray(0, 64), hash, der(r, s), keys)).toThrow();
    expect(keys.size).toBe(0); // the signature is checked first; an off-curve key is not remembered
  });
});

describe('RecentPublicKeys', () => {
  /** Looks `key` up `times` times; whether it had a table the last time. */
  const use = (keys: ReturnType<typeof newP256Keys>, key: Uint8Array, times: number) => {
    let precomputed = false;
    for (let i = 0; i < times; i++) precomputed = keys.get(key).precomputed;
    return precomputed;
  };

  it(`gives a key its table at its ${tableAfterUses}th use`, () => {
    const keys = newP256Keys(2);
    const key = p256.getPublicKey(p256.utils.randomSecretKey(), false);
    const { point } = keys.get(key);
    expect(use(keys, key, tableAfterUses - 2)).toBe(false);
    expect(point.table).toBeUndefined();
    expect(use(keys, key, 1)).toBe(true);
    expect(point.table).toBeInstanceOf(Float64Array);
  });

  it('keeps at most `capacity` keys, forgetting the least recently used', () => {
    const keys = newP256Keys(2);
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

  it('gives P-384 keys on noble their table too', () => {
    const keys = newNobleKeys(p384, 2);
    const key = p384.getPublicKey(p384.utils.randomSecretKey(), false);
    for (let i = 0; i < 9; i++) expect(keys.get(key).precomputed).toBe(false);
    expect(keys.get(key).precomputed).toBe(true);
  });
});
