import crypto from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CryptoBackend } from '../../../src/internal/crypto/crypto_backend.ts';
import { generatePrivateKey, marshalPrivateKeyPkcs8, sign, SignatureScheme, signatureSchemesFor, verify, type PublicKey } from '../../../src/internal/x509/index.ts';

const message = new TextEncoder().encode(' '.repeat(64) + 'TLS 1.3, server CertificateVerify\0' + 'transcript hash');

/** Our private key as a node:crypto KeyObject, via the PKCS#8 we write. */
function nodePrivateKey(key: ReturnType<typeof generatePrivateKey>) {
  return crypto.createPrivateKey({ key: Buffer.from(marshalPrivateKeyPkcs8(key)), format: 'der', type: 'pkcs8' });
}

/** A node:crypto RSA key as our PublicKey, read from its JWK. */
function rsaPublicKey(keyObject: crypto.KeyObject): Extract<PublicKey, { kind: 'rsa' }> {
  const jwk = keyObject.export({ format: 'jwk' });
  const big = (b64: string) => BigInt('0x' + Buffer.from(b64, 'base64url').toString('hex'));
  return { kind: 'rsa', n: big(jwk.n!), e: big(jwk.e!) };
}

const backends: CryptoBackend[] = ['noble', 'node'];

describe.each(backends)('signatures on %s', (backend) => {
  describe('ECDSA P-256 and Ed25519', () => {
    it('offers the scheme that fits each key', () => {
      expect(signatureSchemesFor(generatePrivateKey('ecdsa-p256'))).toEqual([SignatureScheme.ECDSA_SECP256R1_SHA256]);
      expect(signatureSchemesFor(generatePrivateKey('ed25519'))).toEqual([SignatureScheme.ED25519]);
    });

    it('signs so that node:crypto (OpenSSL) verifies, and verifies what node:crypto signs', () => {
      for (const [kind, scheme, digest] of [
        ['ecdsa-p256', SignatureScheme.ECDSA_SECP256R1_SHA256, 'sha256'],
        ['ed25519', SignatureScheme.ED25519, null],
      ] as const) {
        const key = generatePrivateKey(kind);
        const nodeKey = nodePrivateKey(key);
        const ours = sign(key, scheme, message, backend);
        if (kind === 'ecdsa-p256') expect(ours[0]).toBe(0x30); // DER Ecdsa-Sig-Value, as TLS carries it
        expect(crypto.verify(digest, message, crypto.createPublicKey(nodeKey), ours)).toBe(true);
        for (let i = 0; i < 4; i++) {
          const theirs = crypto.sign(digest, message, nodeKey);
          expect(verify(key.publicKey, scheme, message, theirs, backend)).toBe(true);
          expect(verify(key.publicKey, scheme, message.subarray(1), theirs, backend)).toBe(false);
        }
      }
    });

    it('accepts high-S ECDSA signatures, which OpenSSL makes half the time', () => {
      const key = generatePrivateKey('ecdsa-p256');
      const nodeKey = nodePrivateKey(key);
      let highS: Uint8Array | undefined;
      for (let i = 0; i < 64 && !highS; i++) {
        const sig = crypto.sign('sha256', message, nodeKey);
        if (p256.Signature.fromBytes(sig, 'der').hasHighS()) highS = sig;
      }
      expect(highS).toBeDefined();
      expect(verify(key.publicKey, SignatureScheme.ECDSA_SECP256R1_SHA256, message, highS!, backend)).toBe(true);
    });

    it('verifies P-384 signatures made by node:crypto', () => {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
      const spki = publicKey.export({ format: 'der', type: 'spki' });
      const pub: PublicKey = { kind: 'ecdsa-p384', point: new Uint8Array(spki.subarray(spki.length - 97)) };
      const signature = crypto.sign('sha384', message, privateKey);
      expect(verify(pub, SignatureScheme.ECDSA_SECP384R1_SHA384, message, signature, backend)).toBe(true);
      expect(verify(pub, SignatureScheme.ECDSA_SECP256R1_SHA256, message, signature, backend)).toBe(false); // scheme ties the curve
    });

    it('refuses a scheme that does not fit the key', () => {
      const key = generatePrivateKey('ed25519');
      expect(() => sign(key, SignatureScheme.ECDSA_SECP256R1_SHA256, message, backend)).toThrow();
      const sig = sign(key, SignatureScheme.ED25519, message, backend);
      expect(verify(key.publicKey, SignatureScheme.RSA_PSS_RSAE_SHA256, message, sig, backend)).toBe(false);
      expect(verify(key.publicKey, 0x0808, message, sig, backend)).toBe(false); // ed448: unknown here
    });
  });

  describe('RSA', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pub = rsaPublicKey(publicKey);

    it('verifies rsa_pss_rsae_* signatures made by node:crypto (salt length = hash length)', () => {
      for (const [scheme, digest, saltLength] of [
        [SignatureScheme.RSA_PSS_RSAE_SHA256, 'sha256', 32],
        [SignatureScheme.RSA_PSS_RSAE_SHA384, 'sha384', 48],
        [SignatureScheme.RSA_PSS_RSAE_SHA512, 'sha512', 64],
      ] as const) {
        const signature = crypto.sign(digest, message, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength });
        expect(verify(pub, scheme, message, signature, backend)).toBe(true);
        expect(verify(pub, scheme, Uint8Array.of(...message, 0), signature, backend)).toBe(false);
        const flipped = Uint8Array.from(signature);
        flipped[100] ^= 1;
        expect(verify(pub, scheme, message, flipped, backend)).toBe(false);
      }
      // The wrong salt length is a different encoding.
      const salt20 = crypto.sign('sha256', message, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 });
      expect(verify(pub, SignatureScheme.RSA_PSS_RSAE_SHA256, message, salt20, backend)).toBe(false);
    });

    it('verifies PKCS#1 v1.5 signatures, and tells them from PSS ones', () => {
      const signature = crypto.sign('sha256', message, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PADDING });
      expect(verify(pub, SignatureScheme.RSA_PKCS1_SHA256, message, signature, backend)).toBe(true);
      expect(verify(pub, SignatureScheme.RSA_PSS_RSAE_SHA256, message, signature, backend)).toBe(false);
      expect(verify(pub, SignatureScheme.RSA_PKCS1_SHA384, message, signature, backend)).toBe(false);
      expect(verify(pub, SignatureScheme.RSA_PKCS1_SHA256, message, signature.subarray(1), backend)).toBe(false);
    });

    it('handles a modulus whose bit length is 1 mod 8 (emLen one byte shorter than the signature)', () => {
      // RFC 8017 §8.1.2: emLen = ceil((modBits − 1) / 8), here k − 1.
      const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 1025 });
      const pub1025 = rsaPublicKey(pair.publicKey);
      expect(pub1025.n.toString(2)).toHaveLength(1025);
      const signature = crypto.sign('sha256', message, { key: pair.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      expect(verify(pub1025, SignatureScheme.RSA_PSS_RSAE_SHA256, message, signature, backend)).toBe(true);
    });
  });

  describe('verify never throws', () => {
    const keys: PublicKey[] = [
      generatePrivateKey('ecdsa-p256').publicKey,
      generatePrivateKey('ed25519').publicKey,
      { kind: 'ecdsa-p384', point: Uint8Array.of(4, 1, 2) },
      { kind: 'rsa', n: 0xc5n * (1n << 2040n) + 12345n, e: 65537n },
    ];
    const schemes = Object.values(SignatureScheme);

    it('returns false for arbitrary signatures and schemes', () => {
      fc.assert(
        fc.property(fc.constantFrom(...keys), fc.constantFrom(...schemes, 0, 0xffff), fc.uint8Array({ maxLength: 300 }), (key, scheme, signature) => {
          expect(verify(key, scheme, message, signature, backend)).toBe(false);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
