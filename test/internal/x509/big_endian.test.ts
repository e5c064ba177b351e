import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntToBytes, bytesToBigInt, hexBytes } from '../../../src/internal/x509/big_endian.ts';

describe('big-endian bytes and bigints', () => {
  it('converts known values, with leading zeros kept and padded', () => {
    expect(bytesToBigInt(Uint8Array.of(0, 0, 1, 2))).toBe(0x0102n);
    expect(bytesToBigInt(Uint8Array.of(0xff).subarray(0, 1))).toBe(255n);
    expect(bigIntToBytes(0x0102n, 4)).toEqual(Uint8Array.of(0, 0, 1, 2));
    expect(bigIntToBytes(0n, 2)).toEqual(Uint8Array.of(0, 0));
    expect(hexBytes('00ff10')).toEqual(Uint8Array.of(0, 0xff, 0x10));
  });

  it('round-trips 32-byte strings, also read from inside a larger buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 40, maxLength: 40 }), fc.integer({ min: 0, max: 8 }), (buf, at) => {
        const b = buf.subarray(at, at + 32);
        let want = 0n;
        for (const byte of b) want = (want << 8n) | BigInt(byte);
        expect(bytesToBigInt(b)).toBe(want);
        expect(bigIntToBytes(want, 32)).toEqual(Uint8Array.from(b));
      }),
    );
  });
});
