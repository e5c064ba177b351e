// ChaCha20-Poly1305 against RFC 8439's and RFC 9001's examples, noble's chacha20poly1305() and
// node:crypto (OpenSSL), which it must match bit for bit.
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChaCha20Poly1305 } from '../../../src/internal/handshake/chacha20_poly1305.ts';
import { hex, rfc9001 } from './rfc_vectors.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

const message = fc.record({
  key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
  aad: fc.uint8Array({ maxLength: 64 }),
  plaintext: fc.uint8Array({ maxLength: 3000 }),
});

function nodeSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  c.setAAD(aad, { plaintextLength: plaintext.length });
  return Uint8Array.from(Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]));
}

function nodeOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  d.setAAD(aad, { plaintextLength: sealed.length - 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Uint8Array.from(Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]));
}

describe('ChaCha20Poly1305 (RFC 8439 §2.8)', () => {
  it('§2.8.2: seals the sunscreen example into its ciphertext and tag, and opens it', () => {
    const key = hex('808182838485868788898a8b8c8d8e8f 909192939495969798999a9b9c9d9e9f');
    const nonce = hex('07000000 4041424344454647'); // constant ‖ IV
    const aad = hex('50515253c0c1c2c3c4c5c6c7');
    const plaintext = ascii("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const ciphertext = hex(`
      d31a8d34648e60db7b86afbc53ef7ec2 a4aded51296e08fea9e2b5a736ee62d6
      3dbea45e8ca9671282fafb69da92728b 1a71de0a9e060b2905d6a5b67ecd3b36
      92ddbd7f2d778b8c9803aee328091b58 fab324e4fad675945585808b4831d7bc
      3ff4def08e4b7a9de576d26586cec64b 6116`);
    const tag = hex('1ae10b594f09e26a7e902ecbd0600691');
    const aead = new ChaCha20Poly1305(key);
    expect(aead.seal(nonce, plaintext, aad)).toEqual(concat(ciphertext, tag));
    expect(aead.open(nonce, concat(ciphertext, tag), aad)).toEqual(plaintext);
  });

  it('Appendix A.5: opens the Internet-Drafts example', () => {
    const key = hex('1c9240a5eb55d38af333888604f6b5f0 473917c1402b80099dca5cbc207075c0');
    const nonce = hex('000000000102030405060708');
    const aad = hex('f33388860000000000004e91');
    const ciphertext = hex(`
      64a0861575861af460f062c79be643bd 5e805cfd345cf389f108670ac76c8cb2
      4c6cfc18755d43eea09ee94e382d26b0 bdb7b73c321b0100d4f03b7f355894cf
      332f830e710b97ce98c8a84abd0b9481 14ad176e008d33bd60f982b1ff37c855
      9797a06ef4f0ef61c186324e2b350638 3606907b6a7c02b0f9f6157b53c867e4
      b9166c767b804d46a59b5216cde7a4e9 9040c5a40433225ee282a1b0a06c523e
      af4534d7f83fa1155b0047718cbc546a 0d072b04b3564eea1b422273f548271a
      0bb2316053fa76991955ebd63159434e cebb4e466dae5a1073a6727627097a10
      49e617d91d361094fa68f0ff77987130 305beaba2eda04df997b714d6c6f2c29
      a6ad5cb4022b02709b`);
    const tag = hex('eead9d67890cbb22392336fea1851f38');
    const plaintext = ascii(
      'Internet-Drafts are draft documents valid for a maximum of six months and may be updated, replaced, ' +
        'or obsoleted by other documents at any time. It is inappropriate to use Internet-Drafts as reference ' +
        'material or to cite them other than as /“work in progress./”',
    );
    expect(new ChaCha20Poly1305(key).open(nonce, concat(ciphertext, tag), aad)).toEqual(plaintext);
  });

  it('RFC 9001 Appendix A.5: seals the PING frame of packet 654360564 and opens it', () => {
    const { key, iv, nonce, header, ciphertext } = rfc9001.chacha;
    // The nonce is the IV XORed with the packet number, left-padded to 12 bytes (RFC 9001 §5.3).
    const pn = hex('0000000000000000 2700bff4'); // 654360564
    expect(iv.map((b, i) => b ^ pn[i])).toEqual(nonce);
    const aead = new ChaCha20Poly1305(key);
    expect(aead.seal(nonce, Uint8Array.of(0x01), header)).toEqual(ciphertext);
    expect(aead.open(nonce, ciphertext, header)).toEqual(Uint8Array.of(0x01));
  });

  it("seals exactly like noble's chacha20poly1305() and opens its output", () => {
    fc.assert(
      fc.property(message, ({ key, nonce, aad, plaintext }) => {
        const noble = chacha20poly1305(key, nonce, aad);
        const sealed = new ChaCha20Poly1305(key).seal(nonce, plaintext, aad);
        expect(sealed).toEqual(noble.encrypt(plaintext));
        expect(new ChaCha20Poly1305(key).open(nonce, sealed, aad)).toEqual(plaintext);
        expect(noble.decrypt(sealed)).toEqual(plaintext);
      }),
    );
  });

  it("seals exactly like node:crypto's chacha20-poly1305 and opens its output", () => {
    fc.assert(
      fc.property(message, ({ key, nonce, aad, plaintext }) => {
        const sealed = nodeSeal(key, nonce, plaintext, aad);
        expect(new ChaCha20Poly1305(key).seal(nonce, plaintext, aad)).toEqual(sealed);
        expect(new ChaCha20Poly1305(key).open(nonce, sealed, aad)).toEqual(plaintext);
        expect(nodeOpen(key, nonce, sealed, aad)).toEqual(plaintext);
      }),
    );
  });

  it('gives the same results for many messages under one key, failed opens included', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const aead = new ChaCha20Poly1305(key);
    fc.assert(
      fc.property(message, fc.boolean(), ({ nonce, aad, plaintext }, tamper) => {
        const sealed = aead.seal(nonce, plaintext, aad);
        expect(sealed).toEqual(chacha20poly1305(key, nonce, aad).encrypt(plaintext));
        if (tamper) sealed[sealed.length - 1] ^= 0x80;
        expect(aead.open(nonce, sealed, aad)).toEqual(tamper ? null : plaintext);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts inputs at any offset in a buffer (a payload inside a datagram)', () => {
    const key = new Uint8Array(32).fill(7);
    const nonce = new Uint8Array(12).fill(1);
    const datagram = new Uint8Array(1400).map((_, i) => i);
    for (const offset of [1, 2, 3, 5]) {
      const aad = datagram.subarray(offset, offset + 21);
      const plaintext = datagram.subarray(offset + 21, offset + 1371);
      const sealed = new ChaCha20Poly1305(key).seal(nonce, plaintext, aad);
      expect(sealed).toEqual(chacha20poly1305(key, nonce, aad).encrypt(plaintext));
      const inDatagram = new Uint8Array(sealed.length + offset);
      inDatagram.set(sealed, offset);
      expect(new ChaCha20Poly1305(key).open(nonce, inDatagram.subarray(offset), aad)).toEqual(plaintext);
    }
  });

  it('returns null when any bit of the ciphertext, the tag or the AAD is flipped, and leaves the input as it was', () => {
    fc.assert(
      fc.property(message, fc.nat(), fc.nat({ max: 7 }), fc.boolean(), ({ key, nonce, aad, plaintext }, at, bit, inAAD) => {
        const aead = new ChaCha20Poly1305(key);
        const sealed = aead.seal(nonce, plaintext, aad);
        const badAAD = aad.slice();
        const target = inAAD && aad.length > 0 ? badAAD : sealed;
        target[at % target.length] ^= 1 << bit;
        const before = sealed.slice();
        expect(aead.open(nonce, sealed, badAAD)).toBeNull();
        expect(sealed).toEqual(before);
      }),
    );
  });

  it('returns null for input shorter than a tag, and opens a sealed empty plaintext', () => {
    const aead = new ChaCha20Poly1305(new Uint8Array(32).fill(3));
    const nonce = new Uint8Array(12);
    const sealed = aead.seal(nonce, new Uint8Array(0), Uint8Array.of(1, 2, 3));
    expect(sealed.length).toBe(16);
    expect(aead.open(nonce, sealed, Uint8Array.of(1, 2, 3))).toEqual(new Uint8Array(0));
    for (let n = 0; n < 16; n++) expect(aead.open(nonce, sealed.subarray(0, n), Uint8Array.of(1, 2, 3))).toBeNull();
  });

  it('rejects a key that is not 32 bytes and a nonce that is not 12 bytes', () => {
    expect(() => new ChaCha20Poly1305(new Uint8Array(16))).toThrow();
    expect(() => new ChaCha20Poly1305(new Uint8Array(32)).seal(new Uint8Array(8), new Uint8Array(1), new Uint8Array(0))).toThrow();
  });
});
