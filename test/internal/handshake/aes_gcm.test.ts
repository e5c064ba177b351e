// The per-key AES-GCM against noble's one-shot gcm(), which it must match bit for bit.
import { gcm } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AESGCM } from '../../../src/internal/handshake/aes_gcm.ts';

const message = fc.record({
  key: fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })),
  nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
  plaintext: fc.uint8Array({ maxLength: 1500 }),
  aad: fc.uint8Array({ maxLength: 64 }),
});

describe('AESGCM (expanded key and GHASH table kept per key)', () => {
  it("seals exactly like noble's gcm() and opens its output", () => {
    fc.assert(
      fc.property(message, ({ key, nonce, plaintext, aad }) => {
        const sealed = new AESGCM(key).seal(nonce, plaintext, aad);
        expect(sealed).toEqual(gcm(key, nonce, aad).encrypt(plaintext));
        expect(new AESGCM(key).open(nonce, sealed, aad)).toEqual(plaintext);
      }),
    );
  });

  it('gives the same results for many messages under one key (no state leaks between messages)', () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i);
    const aead = new AESGCM(key);
    fc.assert(
      fc.property(message, ({ nonce, plaintext, aad }) => {
        expect(aead.seal(nonce, plaintext, aad)).toEqual(gcm(key, nonce, aad).encrypt(plaintext));
      }),
    );
  });

  it('keeps keys apart when their messages alternate (the per-message blocks are shared scratch)', () => {
    const keys = [Uint8Array.from({ length: 16 }, (_, i) => i), Uint8Array.from({ length: 32 }, (_, i) => 255 - i)];
    const aeads = keys.map((k) => new AESGCM(k));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), message), { minLength: 1, maxLength: 6 }), (steps) => {
        for (const [which, { nonce, plaintext, aad }] of steps) {
          const sealed = aeads[which]!.seal(nonce, plaintext, aad);
          expect(sealed).toEqual(gcm(keys[which]!, nonce, aad).encrypt(plaintext));
          expect(aeads[1 - which]!.open(nonce, sealed, aad)).toBeNull();
          expect(aeads[which]!.open(nonce, sealed, aad)).toEqual(plaintext);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('accepts inputs that are not 4-byte aligned (a payload inside a datagram)', () => {
    const key = new Uint8Array(16).fill(7);
    const nonce = new Uint8Array(12).fill(1);
    const datagram = new Uint8Array(1300).map((_, i) => i);
    const aad = datagram.subarray(1, 23);
    const plaintext = datagram.subarray(23, 1200);
    const sealed = new AESGCM(key).seal(nonce, plaintext, aad);
    expect(sealed).toEqual(gcm(key, nonce, aad).encrypt(plaintext));
    const inDatagram = new Uint8Array(sealed.length + 3);
    inDatagram.set(sealed, 3);
    expect(new AESGCM(key).open(nonce, inDatagram.subarray(3), aad)).toEqual(plaintext);
  });

  it('returns null for a modified ciphertext, tag or AAD, and for input shorter than a tag', () => {
    const key = new Uint8Array(16).fill(3);
    const nonce = new Uint8Array(12);
    const aead = new AESGCM(key);
    const aad = Uint8Array.of(1, 2, 3);
    const sealed = aead.seal(nonce, new Uint8Array(100).fill(9), aad);
    for (const i of [0, 50, 99, 100, 115]) {
      const bad = sealed.slice();
      bad[i] ^= 0x01;
      expect(aead.open(nonce, bad, aad)).toBeNull();
    }
    expect(aead.open(nonce, sealed, Uint8Array.of(1, 2, 4))).toBeNull();
    expect(aead.open(nonce, sealed.subarray(0, 15), aad)).toBeNull();
  });
});
