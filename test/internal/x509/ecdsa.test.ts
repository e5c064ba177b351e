// ECDSA on both backends (noble's p256/p384 and node:crypto): RFC 6979's P-256 signatures, NIST's
// SigVer verdicts, OpenSSL's and noble's signatures on random messages, malformed input.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { hexToBytes, type CHash } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CryptoBackend } from '../../../src/internal/crypto/crypto_backend.ts';
import { integer, sequence } from '../../../src/internal/x509/asn1.ts';
import type { PublicKey } from '../../../src/internal/x509/certificate.ts';
import { signP256 } from '../../../src/internal/x509/ecdsa.ts';
import { verifySignature } from '../../../src/internal/x509/signature.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, as TLS and X.509 carry a signature. */
const der = (r: bigint, s: bigint) => sequence(integer(r), integer(s));
const n = p256.Point.Fn.ORDER;

// RFC 6979 §A.2.5: the P-256 key, and its signatures with SHA-256 over "sample" and "test".
const rfcPrivateKey = hexToBytes('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
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

/** NIST CAVP's ECDSA SigVer vectors for P-256 with SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512 (see the file's "source"). */
const sigver = JSON.parse(readFileSync(new URL('./testdata/sigver_p256.json', import.meta.url), 'utf8')) as {
  vectors: { hash: string; msg: string; qx: string; qy: string; r: string; s: string; valid: boolean; note: string }[];
};

const backends: CryptoBackend[] = ['noble', 'node'];
const p256Key = (point: Uint8Array): PublicKey => ({ kind: 'ecdsa-p256', point });
const ecdsa = (hash: CHash) => ({ type: 'ecdsa' as const, hash });

describe('signP256 (noble, RFC 6979 nonces hedged with fresh bytes)', () => {
  it("signs so that node:crypto (OpenSSL) and noble accept, in low-S form, and differently each time", () => {
    const message = utf8('sample');
    const signatures = Array.from({ length: 4 }, () => signP256(rfcPrivateKey, sha256, message));
    expect(new Set(signatures.map((s) => Buffer.from(s).toString('hex'))).size).toBe(4);
    const nodeKey = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), rfcKey]), format: 'der', type: 'spki' });
    for (const sig of signatures) {
      expect(crypto.verify('sha256', message, nodeKey, sig)).toBe(true);
      expect(p256.Signature.fromBytes(sig, 'der').hasHighS()).toBe(false);
      expect(p256.verify(sig, sha256(message), rfcKey, { prehash: false, format: 'der' })).toBe(true);
    }
  });
});

describe.each(backends)('ECDSA verification on %s', (backend) => {
  it('verifies the RFC 6979 P-256 signatures (one of them high-S), and nothing near them', () => {
    for (const { message, r, s } of rfcSignatures) {
      const m = utf8(message);
      expect(verifySignature(p256Key(rfcKey), ecdsa(sha256), m, der(r, s), backend)).toBe(true);
      expect(verifySignature(p256Key(rfcKey), ecdsa(sha256), utf8(message + '.'), der(r, s), backend)).toBe(false);
      expect(verifySignature(p256Key(rfcKey), ecdsa(sha256), m, der(r + 1n, s), backend)).toBe(false);
      expect(verifySignature(p256Key(rfcKey), ecdsa(sha256), m, der(r, s - 1n), backend)).toBe(false);
    }
  });

  it("gives NIST's SigVer verdicts", () => {
    const hashes = new Map<string, CHash>([['sha1', sha1], ['sha224', sha224], ['sha256', sha256], ['sha384', sha384], ['sha512', sha512]]);
    // node:crypto's backend is for TLS 1.3's SHA-2 schemes; SHA-1 and SHA-224 run on noble only.
    const vectors = sigver.vectors.filter((v) => backend === 'noble' || ['sha256', 'sha384', 'sha512'].includes(v.hash));
    expect(vectors.length).toBe(backend === 'noble' ? 75 : 45);
    for (const v of vectors) {
      const verdict = verifySignature(p256Key(hexToBytes('04' + v.qx + v.qy)), ecdsa(hashes.get(v.hash)!), hexToBytes(v.msg), der(BigInt('0x' + v.r), BigInt('0x' + v.s)), backend);
      expect(verdict, `${v.hash} ${v.note}`).toBe(v.valid);
    }
  });

  it('agrees with noble for P-256 and P-384 signatures, with a matching or a longer hash', () => {
    for (const { curve, kind, hash } of [
      { curve: p256, kind: 'ecdsa-p256', hash: sha256 },
      { curve: p256, kind: 'ecdsa-p256', hash: sha384 }, // the hash is cut to n's 256 bits (SEC 1 §4.1.3 step 5)
      { curve: p384, kind: 'ecdsa-p384', hash: sha384 },
    ] as const) {
      const secretKey = curve.utils.randomSecretKey();
      const pub: PublicKey = { kind, point: curve.getPublicKey(secretKey, false) };
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (message, tamper) => {
          const signature = curve.sign(hash(message), secretKey, { prehash: false, format: 'der' });
          const checked = tamper ? Uint8Array.of(...message, 0) : message;
          expect(verifySignature(pub, ecdsa(hash), checked, signature, backend)).toBe(!tamper);
        }),
        { numRuns: 10 },
      );
    }
  });

  it('verifies what node:crypto (OpenSSL) signs, high-S included', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pub = p256Key(new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-65)));
    for (let i = 0; i < 8; i++) {
      const message = crypto.randomBytes(40);
      expect(verifySignature(pub, ecdsa(sha256), message, crypto.sign('sha256', message, privateKey), backend)).toBe(true);
    }
  });

  it('returns false for a malformed signature or key', () => {
    const m = utf8('sample');
    const { r, s } = rfcSignatures[0]!;
    const key = p256Key(rfcKey);
    expect(verifySignature(key, ecdsa(sha256), m, der(r, s).subarray(1), backend)).toBe(false);
    expect(verifySignature(key, ecdsa(sha256), m, der(0n, s), backend)).toBe(false); // r must be in [1, n-1]
    expect(verifySignature(key, ecdsa(sha256), m, der(r, n), backend)).toBe(false); // s too
    expect(verifySignature(key, ecdsa(sha256), m, der(r, s + n), backend)).toBe(false);
    const offCurve = rfcKey.slice();
    offCurve[64]! ^= 1;
    expect(verifySignature(p256Key(offCurve), ecdsa(sha256), m, der(r, s), backend)).toBe(false);
    expect(verifySignature(p256Key(rfcKey.subarray(0, 64)), ecdsa(sha256), m, der(r, s), backend)).toBe(false);
  });
});
