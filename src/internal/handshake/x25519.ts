// X25519 (RFC 7748 §5): the Diffie-Hellman function on Curve25519 behind TLS 1.3's x25519 group.
//
// X25519(k, u) clamps the scalar k, runs the Montgomery ladder over the u-coordinate, and returns
// x_2 / z_2 as 32 little-endian bytes, with the field arithmetic of field25519.ts.
//
// The ladder is constant time in the scalar: the swap is arithmetic (a multiplication by the bit),
// not a branch, and every step runs the same operations (RFC 7748 §5, "cswap").

import { x25519Base } from './ed25519_base.ts';
import { add, cswap, decode, elem, encode, invert, mul, mulA24, sqr, sub } from './field25519.ts';

// Scratch elements, allocated once: X25519 runs to completion synchronously, so nothing else
// can be using them meanwhile.
const [x1, x2, z2, x3, z3, A, AA, B, BB, E, C, D, DA, CB] = Array.from({ length: 14 }, elem);

/**
 * X25519(k, u) of RFC 7748 §5: the scalar k (32 bytes, clamped here) times the point with
 * u-coordinate u (32 bytes), as 32 bytes. The caller checks for the all-zero result of a
 * low-order u (RFC 7748 §6.1, RFC 8446 §7.4.2).
 */
export function x25519(k: Uint8Array, u: Uint8Array): Uint8Array {
  if (k.length !== 32 || u.length !== 32) throw new RangeError('X25519 takes a 32-byte scalar and a 32-byte u-coordinate');
  // decodeScalar25519: clear the three low bits and bit 255, set bit 254.
  const scalar = Uint8Array.from(k);
  scalar[0] &= 248;
  scalar[31] = (scalar[31] & 127) | 64;

  decode(x1, u);
  x2.fill(0); x2[0] = 1; // (x_2 : z_2) = (1 : 0), the point at infinity
  z2.fill(0);
  x3.set(x1); //            (x_3 : z_3) = (u : 1)
  z3.fill(0); z3[0] = 1;
  let swap = 0;
  for (let t = 254; t >= 0; t--) {
    const bit = (scalar[t >> 3] >> (t & 7)) & 1;
    swap ^= bit;
    cswap(x2, x3, swap);
    cswap(z2, z3, swap);
    swap = bit;
    // One differential addition and one doubling (RFC 7748 §5).
    add(A, x2, z2);
    sqr(AA, A);
    sub(B, x2, z2);
    sqr(BB, B);
    sub(E, AA, BB);
    add(C, x3, z3);
    sub(D, x3, z3);
    mul(DA, D, A);
    mul(CB, C, B);
    add(x3, DA, CB);
    sqr(x3, x3);
    sub(z3, DA, CB);
    sqr(z3, z3);
    mul(z3, z3, x1);
    mul(x2, AA, BB);
    mulA24(z2, E);
    add(z2, z2, AA);
    mul(z2, z2, E);
  }
  cswap(x2, x3, swap);
  cswap(z2, z3, swap);
  invert(z2, z2);
  mul(x2, x2, z2);
  scalar.fill(0);
  return encode(x2);
}

/** The u-coordinate of Curve25519's base point, 9 (RFC 7748 §4.1). */
const basePoint = Uint8Array.of(9, ...new Array<number>(31).fill(0));

/**
 * Key generations on the ladder before the fixed-base table of ed25519_base.ts is built: the
 * table costs some ten to twenty ladders once the JIT has compiled the field code, and far more
 * before, so a process that makes one or two connections never builds it.
 */
export const baseTableAfterUses = 32;
let publicKeys = 0;

/** The public key of a private key k: X25519(k, 9) (RFC 7748 §6.1). */
export function x25519PublicKey(k: Uint8Array): Uint8Array {
  return ++publicKeys > baseTableAfterUses ? x25519Base(k) : x25519(k, basePoint);
}
