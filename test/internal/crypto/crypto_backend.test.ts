// The AEADs and header-protection masks of both backends: published vectors (McGrew & Viega's GCM
// test cases, RFC 8439, FIPS 197), agreement with noble's one-shot gcm() / chacha20poly1305() and
// with node:crypto on random inputs, and the per-key state of the noble AES-GCM (expanded key and
// GHASH table kept across messages, the table growing with use).
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newAEAD, newHeaderMaskCipher, type AEAD, type AEADAlgorithm, type CryptoBackend } from '../../../src/internal/crypto/crypto_backend.ts';
import { hex } from '../handshake/rfc_vectors.ts';

const backends: CryptoBackend[] = ['noble', 'node'];
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

const keyOf = (alg: AEADAlgorithm) =>
  alg === 'aes-gcm' ? fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })) : fc.uint8Array({ minLength: 32, maxLength: 32 });
const message = (alg: AEADAlgorithm) =>
  fc.record({ key: keyOf(alg), nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }), plaintext: fc.uint8Array({ maxLength: 1500 }), aad: fc.uint8Array({ maxLength: 64 }) });
/** noble's one-shot AEADs, the reference for both backends. */
const oneShot = (alg: AEADAlgorithm, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) => (alg === 'aes-gcm' ? gcm(key, nonce, aad) : chacha20poly1305(key, nonce, aad));

describe.each(backends)('AEADs on %s', (backend) => {
  it('AES-GCM: McGrew & Viega test cases 2, 4 (AES-128, with AAD) and 16 (AES-256)', () => {
    const k4 = hex('feffe9928665731c6d6a8f9467308308');
    const p4 = hex(`d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72 1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b39`);
    const a = hex('feedfacedeadbeeffeedfacedeadbeef abaddad2');
    const n = hex('cafebabefacedbaddecaf888');
    const cases = [
      { key: new Uint8Array(16), nonce: new Uint8Array(12), aad: new Uint8Array(0), plaintext: new Uint8Array(16), sealed: hex('0388dace60b6a392f328c2b971b2fe78 ab6e47d42cec13bdf53a67b21257bddf') },
      {
        key: k4,
        nonce: n,
        aad: a,
        plaintext: p4,
        sealed: hex(`42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e 21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091 5bc94fbc3221a5db94fae95ae7121a47`),
      },
      {
        key: concat(k4, k4),
        nonce: n,
        aad: a,
        plaintext: p4,
        sealed: hex(`522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa 8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662 76fc6ece0f4e1768cddf8853bb2d551b`),
      },
    ];
    for (const c of cases) {
      const aead = newAEAD('aes-gcm', c.key, backend);
      expect(aead.seal(c.nonce, c.plaintext, c.aad)).toEqual(c.sealed);
      expect(aead.open(c.nonce, c.sealed, c.aad)).toEqual(c.plaintext);
    }
  });

  it('ChaCha20-Poly1305: RFC 8439 §2.8.2 (the sunscreen example) and Appendix A.5', () => {
    const aead = newAEAD('chacha20-poly1305', hex('808182838485868788898a8b8c8d8e8f 909192939495969798999a9b9c9d9e9f'), backend);
    const nonce = hex('07000000 4041424344454647');
    const aad = hex('50515253c0c1c2c3c4c5c6c7');
    const plaintext = ascii("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const sealed = hex(`
      d31a8d34648e60db7b86afbc53ef7ec2 a4aded51296e08fea9e2b5a736ee62d6 3dbea45e8ca9671282fafb69da92728b
      1a71de0a9e060b2905d6a5b67ecd3b36 92ddbd7f2d778b8c9803aee328091b58 fab324e4fad675945585808b4831d7bc
      3ff4def08e4b7a9de576d26586cec64b 6116 1ae10b594f09e26a7e902ecbd0600691`);
    expect(aead.seal(nonce, plaintext, aad)).toEqual(sealed);
    expect(aead.open(nonce, sealed, aad)).toEqual(plaintext);

    const a5 = newAEAD('chacha20-poly1305', hex('1c9240a5eb55d38af333888604f6b5f0 473917c1402b80099dca5cbc207075c0'), backend);
    const a5Sealed = hex(`
      64a0861575861af460f062c79be643bd 5e805cfd345cf389f108670ac76c8cb2 4c6cfc18755d43eea09ee94e382d26b0
      bdb7b73c321b0100d4f03b7f355894cf 332f830e710b97ce98c8a84abd0b9481 14ad176e008d33bd60f982b1ff37c855
      9797a06ef4f0ef61c186324e2b350638 3606907b6a7c02b0f9f6157b53c867e4 b9166c767b804d46a59b5216cde7a4e9
      9040c5a40433225ee282a1b0a06c523e af4534d7f83fa1155b0047718cbc546a 0d072b04b3564eea1b422273f548271a
      0bb2316053fa76991955ebd63159434e cebb4e466dae5a1073a6727627097a10 49e617d91d361094fa68f0ff77987130
      305beaba2eda04df997b714d6c6f2c29 a6ad5cb4022b02709b eead9d67890cbb22392336fea1851f38`);
    const a5Plain = ascii(
      'Internet-Drafts are draft documents valid for a maximum of six months and may be updated, replaced, ' +
        'or obsoleted by other documents at any time. It is inappropriate to use Internet-Drafts as reference ' +
        'material or to cite them other than as /“work in progress./”',
    );
    expect(a5.open(hex('000000000102030405060708'), a5Sealed, hex('f33388860000000000004e91'))).toEqual(a5Plain);
  });

  describe.each(['aes-gcm', 'chacha20-poly1305'] as const)('%s', (alg) => {
    it("seals exactly like noble's one-shot AEAD and opens its output", () => {
      fc.assert(
        fc.property(message(alg), ({ key, nonce, plaintext, aad }) => {
          const sealed = newAEAD(alg, key, backend).seal(nonce, plaintext, aad);
          expect(sealed).toEqual(oneShot(alg, key, nonce, aad).encrypt(plaintext));
          expect(newAEAD(alg, key, backend).open(nonce, sealed, aad)).toEqual(plaintext);
        }),
        { numRuns: 60 },
      );
    });

    it('accepts inputs at any offset in a buffer (a payload inside a datagram), and leaves them as they were', () => {
      const key = new Uint8Array(32).fill(7);
      const nonce = new Uint8Array(12).fill(1);
      const datagram = new Uint8Array(1400).map((_, i) => i);
      for (const offset of [1, 2, 3, 5]) {
        const aad = datagram.subarray(offset, offset + 21);
        const plaintext = datagram.subarray(offset + 21, offset + 1371);
        const sealed = newAEAD(alg, key, backend).seal(nonce, plaintext, aad);
        expect(sealed).toEqual(oneShot(alg, key, nonce, aad).encrypt(plaintext));
        const inDatagram = new Uint8Array(sealed.length + offset);
        inDatagram.set(sealed, offset);
        const before = inDatagram.slice();
        expect(newAEAD(alg, key, backend).open(nonce, inDatagram.subarray(offset), aad)).toEqual(plaintext);
        expect(inDatagram).toEqual(before);
        // A Buffer, as node:dgram delivers: its slice() would share memory.
        expect(newAEAD(alg, key, backend).open(nonce, Buffer.from(inDatagram).subarray(offset), aad)).toEqual(plaintext);
      }
    });

    it('returns null when any bit of the ciphertext, the tag or the AAD is flipped, and for input shorter than a tag', () => {
      fc.assert(
        fc.property(message(alg), fc.nat(), fc.nat({ max: 7 }), fc.boolean(), ({ key, nonce, aad, plaintext }, at, bit, inAAD) => {
          const aead = newAEAD(alg, key, backend);
          const sealed = aead.seal(nonce, plaintext, aad);
          const badAAD = aad.slice();
          const target = inAAD && aad.length > 0 ? badAAD : sealed;
          target[at % target.length] ^= 1 << bit;
          expect(aead.open(nonce, sealed, badAAD)).toBeNull();
        }),
        { numRuns: 60 },
      );
      const aead = newAEAD(alg, new Uint8Array(32).fill(3), backend);
      const sealed = aead.seal(new Uint8Array(12), new Uint8Array(0), Uint8Array.of(1, 2, 3));
      expect(sealed.length).toBe(16);
      expect(aead.open(new Uint8Array(12), sealed, Uint8Array.of(1, 2, 3))).toEqual(new Uint8Array(0));
      for (let n = 0; n < 16; n++) expect(aead.open(new Uint8Array(12), sealed.subarray(0, n), Uint8Array.of(1, 2, 3))).toBeNull();
    });

    it('gives the same results for message after message under one key, keys interleaved, failed opens included', () => {
      const keys = [Uint8Array.from({ length: 32 }, (_, i) => i), Uint8Array.from({ length: 32 }, (_, i) => 255 - i)];
      const aeads = keys.map((k) => newAEAD(alg, k, backend));
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1 }), message(alg), fc.boolean(), (which, { nonce, plaintext, aad }, tamper) => {
          const sealed = aeads[which]!.seal(nonce, plaintext, aad);
          expect(sealed).toEqual(oneShot(alg, keys[which]!, nonce, aad).encrypt(plaintext));
          expect(aeads[1 - which]!.open(nonce, sealed, aad)).toBeNull();
          if (tamper) sealed[sealed.length - 1] ^= 0x80;
          expect(aeads[which]!.open(nonce, sealed, aad)).toEqual(tamper ? null : plaintext);
        }),
        { numRuns: 100 },
      );
    });
  });
});

describe('noble AES-GCM per-key state', () => {
  it("still matches gcm() after a key has carried enough bytes for GHASH's larger table (1 MiB)", () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i * 3);
    const aead: AEAD = newAEAD('aes-gcm', key, 'noble');
    const nonce = new Uint8Array(12).fill(9);
    const aad = Uint8Array.of(0x40, 1, 2);
    const packet = new Uint8Array(1400).fill(0x17);
    const want = gcm(key, nonce, aad).encrypt(packet);
    let mismatches = 0;
    for (let i = 0; i < 800; i++) if (!Buffer.from(aead.seal(nonce, packet, aad)).equals(want)) mismatches++; // 1.1 MB: past the switch
    expect(mismatches).toBe(0);
    fc.assert(
      fc.property(message('aes-gcm'), ({ nonce: n, plaintext, aad: a }) => {
        expect(aead.open(n, gcm(key, n, a).encrypt(plaintext), a)).toEqual(plaintext);
      }),
      { numRuns: 30 },
    );
  });
});

describe('noble AES-GCM shared GHASH tables', () => {
  it("matches gcm() when more keys than there are shared tables take turns over their first messages", () => {
    const keys = Array.from({ length: 11 }, (_, k) => Uint8Array.from({ length: 16 }, (_, i) => i * 7 + k));
    const aeads = keys.map((k) => newAEAD('aes-gcm', k, 'noble'));
    const aad = Uint8Array.of(0xc0, 0, 0, 0, 1);
    for (let round = 0; round < 20; round++) {
      // In order, then every third key: each finds its table kept, or evicted and rebuilt.
      for (const i of round % 2 ? keys.map((_, i) => (i * 3) % keys.length) : keys.keys()) {
        const nonce = new Uint8Array(12).fill(round);
        const plaintext = Uint8Array.from({ length: 40 + round }, (_, j) => j ^ i);
        const sealed = aeads[i]!.seal(nonce, plaintext, aad);
        expect(sealed).toEqual(gcm(keys[i]!, nonce, aad).encrypt(plaintext));
        expect(aeads[i]!.open(nonce, sealed, aad)).toEqual(plaintext);
      }
    }
  });
});

describe('header-protection masks', () => {
  it.each(backends)('AES-ECB on %s: FIPS 197 Appendix C.1 (AES-128) and C.3 (AES-256), the sample read at an offset', (backend) => {
    const sample = hex('ffff 00112233445566778899aabbccddeeff');
    expect(newHeaderMaskCipher('aes-gcm', hex('000102030405060708090a0b0c0d0e0f'), backend).mask(sample, 2).subarray(0, 16)).toEqual(hex('69c4e0d86a7b0430d8cdb78070b4c55a'));
    expect(newHeaderMaskCipher('aes-gcm', hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'), backend).mask(sample, 2).subarray(0, 16)).toEqual(
      hex('8ea2b7ca516745bfeafc49904b496089'),
    );
    expect(sample).toEqual(hex('ffff 00112233445566778899aabbccddeeff'));
  });

  it.each(backends)('ChaCha20 on %s: the first bytes of the RFC 8439 §2.3.2 block (counter 1)', (backend) => {
    const key = hex('000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f');
    const sample = hex('01000000 000000090000004a00000000'); // counter 1 ‖ nonce
    expect(newHeaderMaskCipher('chacha20-poly1305', key, backend).mask(sample).subarray(0, 5)).toEqual(hex('10f1e7e4d1'));
  });
});
