import { createCipheriv } from 'node:crypto';
import { unsafe } from '@noble/ciphers/aes.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AES } from '../../../src/internal/handshake/aes.ts';

describe('AES (FIPS 197)', () => {
  const plaintext = '00112233445566778899aabbccddeeff';
  it('encrypts the FIPS 197 Appendix C.1 (AES-128) and C.3 (AES-256) examples', () => {
    const block128 = hexToBytes(plaintext);
    new AES(hexToBytes('000102030405060708090a0b0c0d0e0f')).encryptBlock(block128);
    expect(bytesToHex(block128)).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
    const block256 = hexToBytes(plaintext);
    new AES(hexToBytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f')).encryptBlock(block256);
    expect(bytesToHex(block256)).toBe('8ea2b7ca516745bfeafc49904b496089');
  });

  it('encrypts a block read at an offset into another buffer, leaving the source as it was', () => {
    const source = hexToBytes('ffff' + plaintext + 'ffff');
    const dst = new Uint8Array(16);
    new AES(hexToBytes('000102030405060708090a0b0c0d0e0f')).encryptBlock(dst, source, 2);
    expect(bytesToHex(dst)).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
    expect(bytesToHex(source)).toBe('ffff' + plaintext + 'ffff');
  });

  it('runs counter mode on the first `length` bytes only', () => {
    const aes = new AES(hexToBytes('000102030405060708090a0b0c0d0e0f'));
    const icb = new Uint8Array(16).fill(3);
    const src = Uint8Array.from({ length: 40 }, (_, i) => i);
    const whole = new Uint8Array(40);
    aes.ctr32(icb, src, whole);
    const part = new Uint8Array(40).fill(0x55);
    aes.ctr32(icb, src, part, 21);
    expect(part.subarray(0, 21)).toEqual(whole.subarray(0, 21));
    expect(part.subarray(21)).toEqual(new Uint8Array(19).fill(0x55));
  });

  it('rejects a key that is neither 16 nor 32 bytes', () => {
    expect(() => new AES(new Uint8Array(24))).toThrow(/key length/);
  });

  it('runs counter mode as SP 800-38A F.5.1 (CTR-AES128.Encrypt) lists it', () => {
    const aes = new AES(hexToBytes('2b7e151628aed2a6abf7158809cf4f3c'));
    const pt = hexToBytes('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51');
    const ct = new Uint8Array(pt.length);
    aes.ctr32(hexToBytes('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'), pt, ct);
    expect(bytesToHex(ct)).toBe('874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff');
  });

  it('matches OpenSSL counter mode on random keys and lengths, also in place', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 1500 }),
        (key, nonce, data) => {
          // A counter starting at 2, as GCM's does: far from a 32-bit wrap, where OpenSSL's 128-bit increment agrees.
          const icb = new Uint8Array([...nonce, 0, 0, 0, 2]);
          const expected = createCipheriv(`aes-${key.length * 8}-ctr`, key, icb).update(data);
          const out = new Uint8Array(data.length);
          new AES(key).ctr32(icb, data, out);
          expect(bytesToHex(out)).toBe(expected.toString('hex'));
          const inPlace = data.slice();
          new AES(key).ctr32(icb, inPlace, inPlace);
          expect(inPlace).toEqual(out);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('wraps only the last 32 bits of the counter block (inc32, SP 800-38D §6.2)', () => {
    const key = hexToBytes('000102030405060708090a0b0c0d0e0f');
    const icb = hexToBytes('000102030405060708090a0bfffffffe');
    const data = new Uint8Array(64).fill(0xa5);
    const out = new Uint8Array(64);
    new AES(key).ctr32(icb, data, out);
    const noble = unsafe.ctr32(unsafe.expandKeyLE(key), false, icb.slice(), data);
    expect(bytesToHex(out)).toBe(bytesToHex(noble));
  });
});
