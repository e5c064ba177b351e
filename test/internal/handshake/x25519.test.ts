// X25519 against RFC 7748's examples, noble's x25519 and node:crypto (OpenSSL), which it must
// match bit for bit, including for the u-coordinates that the RFC says to accept as they are
// (top bit set, values at or above p) and for the low-order points that give all zeros.
import { x25519 as noble } from '@noble/curves/ed25519.js';
import { createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, carry, cswap, encode, mul, sqr, sub } from '../../../src/internal/handshake/field25519.ts';
import { x25519Base } from '../../../src/internal/handshake/ed25519_base.ts';
import { baseTableAfterUses, x25519, x25519PublicKey } from '../../../src/internal/handshake/x25519.ts';
import { hex } from './rfc_vectors.ts';

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

const pkcs8 = (k: Uint8Array) => createPrivateKey({ key: Buffer.concat([hex('302e020100300506032b656e04220420'), k]), format: 'der', type: 'pkcs8' });

/** OpenSSL's X25519 on raw 32-byte keys (PKCS#8 and SPKI wrappers of RFC 8410). */
function openssl(k: Uint8Array, u: Uint8Array): Uint8Array {
  const privateKey = pkcs8(k);
  const publicKey = createPublicKey({ key: Buffer.concat([hex('302a300506032b656e032100'), u]), format: 'der', type: 'spki' });
  return Uint8Array.from(diffieHellman({ privateKey, publicKey }));
}

describe('X25519 (RFC 7748 §5)', () => {
  it('§5.2: computes both test vectors', () => {
    expect(
      x25519(
        hex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4'),
        hex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'),
      ),
    ).toEqual(hex('c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552'));
    // The second vector's u has its top bit set, which X25519 must ignore.
    expect(
      x25519(
        hex('4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d'),
        hex('e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493'),
      ),
    ).toEqual(hex('95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957'));
  });

  it('§5.2: iterates k, u ← X25519(k, u), k from 9, to the 1st and 1,000th results', () => {
    let k = hex('0900000000000000000000000000000000000000000000000000000000000000');
    let u = k;
    for (let i = 1; i <= 1000; i++) {
      [k, u] = [x25519(k, u), k];
      if (i === 1) expect(k).toEqual(hex('422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079'));
    }
    expect(k).toEqual(hex('684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51'));
  });

  it('§6.1: Alice and Bob derive their public keys and the same shared secret', () => {
    const alice = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bob = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    const alicePublic = hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    const bobPublic = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const shared = hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
    expect(x25519PublicKey(alice)).toEqual(alicePublic);
    expect(x25519PublicKey(bob)).toEqual(bobPublic);
    expect(x25519(alice, bobPublic)).toEqual(shared);
    expect(x25519(bob, alicePublic)).toEqual(shared);
  });

  it('gives all zeros for the low-order points, as OpenSSL does before refusing them', () => {
    const lowOrder = [
      '0000000000000000000000000000000000000000000000000000000000000000', // 0
      '0100000000000000000000000000000000000000000000000000000000000000', // 1
      'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', // order 8
      '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157', // order 8
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p - 1
      'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p ≡ 0
      'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p + 1 ≡ 1
    ].map(hex);
    fc.assert(
      fc.property(bytes32, fc.constantFrom(...lowOrder), (k, u) => {
        expect(x25519(k, u)).toEqual(new Uint8Array(32));
        expect(() => openssl(k, u)).toThrow();
      }),
      { numRuns: 50 },
    );
  });

  it('matches noble and OpenSSL on random scalars and u-coordinates, including u ≥ p and the top bit', () => {
    // Half the u-coordinates are forced into [p, 2^255) or given the top bit, which must be accepted as is.
    const u = fc.oneof(
      bytes32,
      bytes32.map((b) => Uint8Array.from(b, (x, i) => (i === 0 ? 0xed + (x % 0x13) : i === 31 ? 0x7f : 0xff))),
      bytes32.map((b) => Uint8Array.from(b, (x, i) => (i === 31 ? x | 0x80 : x))),
    );
    fc.assert(
      fc.property(bytes32, u, (k, u) => {
        const ours = x25519(k, u);
        if (ours.every((b) => b === 0)) {
          // fast-check likes small values, and u = 0 or 1 is a low-order point: both refuse the result.
          expect(() => noble.scalarMult(k, u)).toThrow();
          expect(() => openssl(k, u)).toThrow();
          return;
        }
        expect(ours).toEqual(noble.scalarMult(k, u));
        expect(ours).toEqual(openssl(k, u));
      }),
      { numRuns: 300 },
    );
  });

  it('derives the same public keys as noble and OpenSSL, and leaves its inputs alone', () => {
    fc.assert(
      fc.property(bytes32, (k) => {
        const copy = k.slice();
        const publicKey = x25519PublicKey(k);
        expect(publicKey).toEqual(noble.getPublicKey(k));
        const spki = createPublicKey(pkcs8(k)).export({ format: 'der', type: 'spki' });
        expect(Uint8Array.from(spki.subarray(12))).toEqual(publicKey);
        expect(k).toEqual(copy);
      }),
      { numRuns: 100 },
    );
  });

  it('reduces field elements fully, even from 2^256 - 1 (two subtractions of p) and from negative limbs', () => {
    const limbs = (...l: number[]) => Float64Array.from({ length: 16 }, (_, i) => l[i] ?? l[l.length - 1]!);
    const small = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? n : 0));
    expect(encode(limbs(0xffff))).toEqual(small(37)); // 2^256 - 1 = 2p + 37
    expect(encode(limbs(0xffed, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0x7fff))).toEqual(small(0)); // p
    expect(encode(limbs(0xffec, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0x7fff)))
      .toEqual(hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')); // p - 1 stays
    expect(encode(limbs(-1, 0))).toEqual(hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')); // -1 ≡ p - 1
  });

  /** a·b mod p on bigints, as limbs (16 limbs of the reduced value), for comparison through `encode`. */
  const mulBig = (a: Float64Array, b: Float64Array) => {
    const p = 2n ** 255n - 19n;
    const value = (e: Float64Array) => e.reduce((sum, limb, i) => sum + BigInt(limb) * 2n ** BigInt(16 * i), 0n);
    let v = (((value(a) * value(b)) % p) + p) % p;
    return Float64Array.from({ length: 16 }, () => {
      const limb = Number(v & 0xffffn);
      v >>= 16n;
      return limb;
    });
  };

  it('squares as it multiplies, limb for limb and exactly, for operands at the bounds (sums of up to four carried elements), keeping the invariant', () => {
    const carriedLimb = fc.oneof(fc.integer({ min: -(2 ** 16 + 2 ** 14), max: 2 ** 16 + 2 ** 14 }), fc.constantFrom(0, 2 ** 16 + 2 ** 14, -(2 ** 16 + 2 ** 14)));
    const operand = fc
      .tuple(fc.array(carriedLimb, { minLength: 64, maxLength: 64 }), fc.constantFrom<number[]>([1, 1, 1, 1], [1, -1, 1, -1], [-1, -1, -1, -1], [1, 0, 0, 0]))
      .map(([limbs, signs]) => Float64Array.from({ length: 16 }, (_, i) => signs.reduce((sum, sign, j) => sum + sign * limbs[16 * j + i]!, 0)));
    fc.assert(
      fc.property(operand, (a) => {
        const viaMul = new Float64Array(16);
        const viaSqr = new Float64Array(16);
        mul(viaMul, a, a);
        sqr(viaSqr, a);
        expect(viaSqr).toEqual(viaMul);
        expect(viaMul.every((limb) => Math.abs(limb) <= 2 ** 16 + 2 ** 14)).toBe(true); // the invariant
        expect(encode(viaMul)).toEqual(encode(mulBig(a, a)));
        sqr(a, a); // aliasing
        expect(a).toEqual(viaMul);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds, subtracts, swaps and carries limb by limb', () => {
    const elem = fc.array(fc.integer({ min: -(2 ** 20), max: 2 ** 20 }), { minLength: 16, maxLength: 16 }).map((l) => Float64Array.from(l));
    fc.assert(
      fc.property(elem, elem, fc.constantFrom(0, 1), (a, b, bit) => {
        const o = new Float64Array(16);
        add(o, a, b);
        expect([...o]).toEqual([...a].map((x, i) => x + b[i]!));
        sub(o, a, b);
        expect([...o]).toEqual([...a].map((x, i) => x - b[i]!));
        const [x, y] = [a.slice(), b.slice()];
        cswap(x, y, bit);
        expect([x, y]).toEqual(bit ? [b, a] : [a, b]);
        o.set(a);
        carry(o);
        expect(encode(o)).toEqual(encode(a));
        expect(o.slice(1).every((l) => l >= 0 && l < 0x10000)).toBe(true);
      }),
    );
  });

  it('computes X25519(k, 9) on edwards25519 with the fixed-base table as the ladder does (RFC 7748 §6.1 keys, random and extreme scalars)', () => {
    const nine = hex('0900000000000000000000000000000000000000000000000000000000000000');
    expect(x25519Base(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'))).toEqual(
      hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'),
    );
    expect(x25519Base(hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'))).toEqual(
      hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'),
    );
    const scalar = fc.oneof(bytes32, fc.constantFrom(new Uint8Array(32), new Uint8Array(32).fill(0xff), new Uint8Array(32).fill(0x88), new Uint8Array(32).fill(0x77)));
    fc.assert(
      fc.property(scalar, (k) => {
        const copy = k.slice();
        expect(x25519Base(k)).toEqual(x25519(k, nine));
        expect(k).toEqual(copy);
      }),
      { numRuns: 300 },
    );
  });

  it('derives public keys on the ladder first, then on the table, with the same results', () => {
    for (let i = 0; i < baseTableAfterUses + 8; i++) {
      const k = Uint8Array.from({ length: 32 }, (_, j) => (i * 37 + j * 11) & 0xff);
      expect(x25519PublicKey(k)).toEqual(noble.getPublicKey(k));
    }
  });

  it('refuses inputs that are not 32 bytes', () => {
    expect(() => x25519(new Uint8Array(31), new Uint8Array(32))).toThrow(RangeError);
    expect(() => x25519(new Uint8Array(32), new Uint8Array(33))).toThrow(RangeError);
    expect(() => x25519Base(new Uint8Array(31))).toThrow(RangeError);
  });
});
