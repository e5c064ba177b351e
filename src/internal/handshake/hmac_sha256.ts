// SHA-256 (FIPS 180-4 §6.2) and HMAC-SHA-256 (RFC 2104), for HKDF in the key schedule (hkdf.ts)
// and for stateless reset tokens.
//
// A handshake runs about forty HKDF steps on each end, each an HMAC over a few dozen bytes, so the
// cost is in setting up, not in hashing: a general-purpose hmac() creates four hash objects per
// call and hashes the key's two pads again every time. Here a key's pads are hashed once, into
// the "inner" and "outer" states after K ⊕ ipad and K ⊕ opad (RFC 2104 §4, "precomputed"), and a
// MAC is then the message on the inner state plus one block on the outer state, allocating only
// its output (or nothing, with macInto).

/** The 64 round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2). */
// prettier-ignore
const K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

/** H(0): the first 32 bits of the fractional parts of the square roots of the first 8 primes (§5.3.3). */
const IV = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);

const BlockLen = 64;
const DigestLen = 32;

// Scratch, allocated once (every function here runs to completion synchronously).
const W = new Int32Array(64);
const tail = new Uint8Array(2 * BlockLen);
const scratchState = new Int32Array(8);
const keyBlock = new Uint8Array(BlockLen);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** The compression function on the 64-byte block at data[offset] (§6.2.2), updating h. */
function compress(h: Int32Array, data: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++, offset += 4) {
    W[t] = (data[offset]! << 24) | (data[offset + 1]! << 16) | (data[offset + 2]! << 8) | data[offset + 3]!;
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
    W[t] = (s1 + W[t - 7]! + s0 + W[t - 16]!) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + k) | 0;
}

/**
 * Hashes the first `length` bytes of `message` on state h, which has already taken
 * `prefixLength` bytes (whole blocks), pads them (§5.1.1: a 1 bit, zeros, the 64-bit length in
 * bits) and writes the digest into out. `message` may be `out`: it is read before out is written.
 */
function finish(h: Int32Array, message: Uint8Array, length: number, prefixLength: number, out: Uint8Array): void {
  const whole = length - (length % BlockLen);
  for (let offset = 0; offset < whole; offset += BlockLen) compress(h, message, offset);
  const rest = length - whole;
  const end = rest < BlockLen - 8 ? BlockLen : 2 * BlockLen;
  tail.fill(0, 0, end);
  for (let i = 0; i < rest; i++) tail[i] = message[whole + i]!; // no subarray: nothing to allocate
  tail[rest] = 0x80;
  const bits = (prefixLength + length) * 8;
  writeUint32BE(tail, end - 8, Math.floor(bits / 2 ** 32));
  writeUint32BE(tail, end - 4, bits >>> 0);
  compress(h, tail, 0);
  if (end > BlockLen) compress(h, tail, BlockLen);
  for (let i = 0; i < 8; i++) writeUint32BE(out, 4 * i, h[i]!);
}

function writeUint32BE(out: Uint8Array, offset: number, word: number): void {
  out[offset] = word >>> 24;
  out[offset + 1] = word >>> 16;
  out[offset + 2] = word >>> 8;
  out[offset + 3] = word;
}

/** SHA-256(message). */
export function sha256(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(DigestLen);
  scratchState.set(IV);
  finish(scratchState, message, message.length, 0, out);
  return out;
}

/** HMAC-SHA-256 under one key, with the key's pads hashed once (RFC 2104). */
export class HMACSHA256 {
  /** The inner state (after K ⊕ ipad) in words 0-7, the outer (after K ⊕ opad) in 8-15. */
  private readonly states = new Int32Array(16);

  constructor(key: Uint8Array) {
    // A key longer than a block is hashed first; a shorter one is padded with zeros (§2).
    const pad = keyBlock.fill(0);
    pad.set(key.length > BlockLen ? sha256(key) : key);
    for (let i = 0; i < BlockLen; i++) pad[i]! ^= 0x36; // ipad
    this.hashPad(0, pad);
    for (let i = 0; i < BlockLen; i++) pad[i]! ^= 0x36 ^ 0x5c; // opad
    this.hashPad(8, pad);
    pad.fill(0);
  }

  private hashPad(at: number, pad: Uint8Array): void {
    scratchState.set(IV);
    compress(scratchState, pad, 0);
    this.states.set(scratchState, at);
  }

  /** HMAC(K, message) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)). */
  mac(message: Uint8Array): Uint8Array {
    const out = new Uint8Array(DigestLen);
    this.macInto(message, message.length, out);
    return out;
  }

  /** HMAC(K, the first `length` bytes of message), written into the first 32 bytes of `out`. */
  macInto(message: Uint8Array, length: number, out: Uint8Array): void {
    const states = this.states;
    for (let i = 0; i < 8; i++) scratchState[i] = states[i]!;
    finish(scratchState, message, length, BlockLen, out);
    for (let i = 0; i < 8; i++) scratchState[i] = states[8 + i]!;
    finish(scratchState, out, DigestLen, BlockLen, out);
  }
}
