// RSA verification on both backends — ours on noble (rsa.ts: BigInt RSAVP1 and the RFC 8017
// encodings), OpenSSL's on node — against Wycheproof-style edge cases: each encoded message is built
// here and raised to d by node:crypto (raw RSA, no padding), so every field can be wrong on its own.
// Both backends must give the same verdict on each.
import crypto from 'node:crypto';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import type { CryptoBackend } from '../../../src/internal/crypto/crypto_backend.ts';
import type { PublicKey } from '../../../src/internal/x509/certificate.ts';
import { verifySignature, type SignatureAlgorithm } from '../../../src/internal/x509/signature.ts';

const backends: CryptoBackend[] = ['noble', 'node'];
const message = new TextEncoder().encode(' '.repeat(64) + 'TLS 1.3, server CertificateVerify\0' + 'transcript hash');
const pss256: SignatureAlgorithm = { type: 'rsa-pss', hash: sha256, saltLength: 32 };
const pkcs1256: SignatureAlgorithm = { type: 'rsa-pkcs1', hash: sha256 };

interface TestKey {
  bits: number;
  privateKey: crypto.KeyObject;
  pub: Extract<PublicKey, { kind: 'rsa' }>;
  k: number;
}

function testKey(bits: number): TestKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' });
  const big = (b64: string) => BigInt('0x' + Buffer.from(b64, 'base64url').toString('hex'));
  return { bits, privateKey, pub: { kind: 'rsa', n: big(jwk.n!), e: big(jwk.e!) }, k: Math.ceil(bits / 8) };
}

/** s = EM^d mod n (RSASP1, RFC 8017 §5.2.1) for an encoded message of at most k bytes, left-padded with zeros. */
function rawSign(key: TestKey, em: Uint8Array): Uint8Array {
  const padded = new Uint8Array(key.k);
  padded.set(em, key.k - em.length);
  return new Uint8Array(crypto.privateEncrypt({ key: key.privateKey, padding: crypto.constants.RSA_NO_PADDING }, padded));
}

/** MGF1 with SHA-256 (RFC 8017 §B.2.1). */
function mgf1(seed: Uint8Array, length: number): Uint8Array {
  const out: number[] = [];
  for (let c = 0; out.length < length; c++) out.push(...sha256(Uint8Array.from([...seed, c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff])));
  return Uint8Array.from(out.slice(0, length));
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with SHA-256, and a hook to spoil one field. */
function pssEncode(key: TestKey, opts: { saltLength?: number; trailer?: number; separator?: number; psByte?: number; hashOf?: Uint8Array } = {}): Uint8Array {
  const emBits = key.bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const salt = crypto.randomBytes(opts.saltLength ?? 32);
  const mHash = sha256(opts.hashOf ?? message);
  const h = sha256(Uint8Array.from([...new Uint8Array(8), ...mHash, ...salt]));
  const db = new Uint8Array(emLen - 32 - 1);
  db.fill(opts.psByte ?? 0, 0, db.length - salt.length - 1);
  db[db.length - salt.length - 1] = opts.separator ?? 0x01;
  db.set(salt, db.length - salt.length);
  const masked = mgf1(h, db.length).map((b, i) => b ^ db[i]!);
  masked[0]! &= 0xff >> (8 * emLen - emBits);
  return Uint8Array.from([...masked, ...h, opts.trailer ?? 0xbc]);
}

/**
 * A valid PSS encoding with bit emBits = modBits - 1 set, as a k-byte integer below n: a bit
 * EMSA-PSS leaves zero (§9.1.2 step 6, or above EM when emLen < k). Fresh salts until it is below n.
 */
function pssWithBitAboveEM(key: TestKey): Uint8Array {
  for (let i = 0; i < 64; i++) {
    const v = BigInt('0x' + Buffer.from(pssEncode(key)).toString('hex')) | (1n << BigInt(key.bits - 1));
    if (v < key.pub.n) return Uint8Array.from(Buffer.from(v.toString(16).padStart(2 * key.k, '0'), 'hex'));
  }
  throw new Error('no encoding below n');
}

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2) with SHA-256: 00 01 FF… 00 DigestInfo, fields replaceable. */
function pkcs1Encode(key: TestKey, opts: { blockType?: number; digestInfo?: Uint8Array; psLength?: number } = {}): Uint8Array {
  const prefix = Buffer.from('3031300d060960864801650304020105000420', 'hex'); // SHA-256 DigestInfo with NULL parameters
  const t = opts.digestInfo ?? Uint8Array.from([...prefix, ...sha256(message)]);
  const psLength = opts.psLength ?? key.k - t.length - 3;
  return Uint8Array.from([0, opts.blockType ?? 1, ...new Uint8Array(psLength).fill(0xff), 0, ...t]);
}

// 1024 bits: the article's Go server's key (EM's top bit must be zero); 1025: emLen = k - 1 (the
// signature's top byte is outside EM and must be zero); 1031: EM's top 2 bits must be zero.
const keys = [1024, 1025, 1031].map(testKey);

describe.each(backends)('RSA verification on %s', (backend) => {
  describe.each(keys.map((key) => ({ key, bits: key.bits })))('$bits-bit modulus', ({ key }) => {
    const verdict = (algorithm: SignatureAlgorithm, signature: Uint8Array, m = message) => verifySignature(key.pub, algorithm, m, signature, backend);

    it("accepts node:crypto's own RSA-PSS (salt = hash length) and PKCS#1 v1.5 signatures, and our encodings of them", () => {
      expect(verdict(pss256, crypto.sign('sha256', message, { key: key.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }))).toBe(true);
      expect(verdict(pkcs1256, crypto.sign('sha256', message, key.privateKey))).toBe(true);
      expect(verdict(pss256, rawSign(key, pssEncode(key)))).toBe(true);
      expect(verdict(pkcs1256, rawSign(key, pkcs1Encode(key)))).toBe(true);
    });

    it('refuses PSS encodings with one field wrong', () => {
      for (const [what, em] of [
        ['salt length 20 for a scheme that fixes 32', pssEncode(key, { saltLength: 20 })],
        ['salt length 0', pssEncode(key, { saltLength: 0 })],
        ['trailer 0xbb instead of 0xbc', pssEncode(key, { trailer: 0xbb })],
        ['separator 0x02 instead of 0x01', pssEncode(key, { separator: 0x02 })],
        ['non-zero padding before the separator', pssEncode(key, { psByte: 0x01 })],
        ['the bit above emBits set', pssWithBitAboveEM(key)],
        ['another message', pssEncode(key, { hashOf: Uint8Array.of(1, 2, 3) })],
      ] as const) {
        expect(verdict(pss256, rawSign(key, em)), what).toBe(false);
      }
      expect(verdict({ ...pss256, hash: sha384, saltLength: 48 }, rawSign(key, pssEncode(key)))).toBe(false);
    });

    it('refuses PKCS#1 v1.5 encodings with one field wrong', () => {
      const prefixNoNull = Buffer.from('302f300b0609608648016503040201 0420'.replace(/ /g, ''), 'hex');
      for (const [what, em] of [
        ['block type 2', pkcs1Encode(key, { blockType: 2 })],
        ['DigestInfo without the NULL parameters', pkcs1Encode(key, { digestInfo: Uint8Array.from([...prefixNoNull, ...sha256(message)]) })],
        ['the digest of another message', pkcs1Encode(key, { digestInfo: Uint8Array.from([...Buffer.from('3031300d060960864801650304020105000420', 'hex'), ...sha256(Uint8Array.of(0))]) })],
        ['a shorter padding string (the DigestInfo moved left, a byte of garbage after)', Uint8Array.from([...pkcs1Encode(key, { psLength: key.k - 51 - 4 }), 0])],
      ] as const) {
        expect(verdict(pkcs1256, rawSign(key, em)), what).toBe(false);
      }
      expect(verdict(pss256, crypto.sign('sha256', message, key.privateKey))).toBe(false); // a PKCS#1 signature is not a PSS one
    });

    it('refuses signatures of the wrong length or out of range: s ≥ n, s = 0, s = 1', () => {
      const good = crypto.sign('sha256', message, { key: key.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      const nBytes = Buffer.from(key.pub.n.toString(16).padStart(2 * key.k, '0'), 'hex');
      const one = new Uint8Array(key.k);
      one[key.k - 1] = 1;
      for (const [what, sig] of [
        ['one byte longer (a leading zero)', Uint8Array.from([0, ...good])],
        ['one byte shorter', good.subarray(1)],
        ['empty', new Uint8Array(0)],
        ['s = n', nBytes],
        ['s = 0', new Uint8Array(key.k)],
        ['s = 1', one],
        ['all ones', new Uint8Array(key.k).fill(0xff)],
      ] as const) {
        expect(verdict(pss256, sig), what).toBe(false);
        expect(verdict(pkcs1256, sig), what).toBe(false);
      }
    });
  });

  it('accepts a PSS signature whose first byte is zero at full length, and refuses it with the zero stripped (RFC 8017 §8.1.2 step 1; OpenSSL alone would take it)', () => {
    const key = keys[0]!;
    let sig: Uint8Array | undefined;
    for (let i = 0; i < 20_000 && !sig; i++) {
      const candidate = rawSign(key, pssEncode(key)); // a fresh salt each time
      if (candidate[0] === 0) sig = candidate;
    }
    expect(sig).toBeDefined();
    expect(verifySignature(key.pub, pss256, message, sig!, backend)).toBe(true);
    expect(verifySignature(key.pub, pss256, message, sig!.subarray(1), backend)).toBe(false);
  });
});
