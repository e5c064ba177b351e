// Poly1305 (RFC 8439 §2.5), the one-time authenticator inside ChaCha20-Poly1305.
//
// The tag is ((Σ m_i·r^(q-i+1)) mod p) + s mod 2^128 with p = 2^130 - 5: each 16-byte block, with a
// 1 bit appended above it, is added to an accumulator h, which is then multiplied by r mod p.
// One object is reused for every message: `reset` takes the message's one-time key, and nothing is
// allocated per message or per block.
//
// Representation: radix 2^22 in doubles. h and r are six 22-bit limbs, x = Σ x_i·2^(22i), covering
// 132 bits. A double holds every integer below 2^53 exactly, so the multiplication is exact as
// long as every sum of products stays below 2^53; the bounds below make sure it does. A product
// of limbs i and j weighs 2^(22(i+j)); when i+j ≥ 6 it is folded back with 2^132 = 4·2^130 ≡ 4·5 = 20
// (mod p), so the product h·r mod p is six sums of six terms, 36 multiplications per block (the
// 16-bit form of poly1305-donna takes 100).
//
// The bound argument. Invariant between blocks: h_0, h_2, h_4 < 2^22 and h_1, h_3, h_5 < 2^22 + 2^13.
//   - A block m has limbs m_i < 2^22, so h_i + m_i < 2^23 + 2^13.
//   - r is clamped (§2.5.1) below 2^124: r_j < 2^22, so 20·r_j < 20·2^22.
//   - Each of the six terms of a sum d_k is below 20·2^22·(2^23 + 2^13) < 2^49.33, so d_k < 2^52.
//   - The carries (see `blocks`): the first round's are below 2^52 / 2^22 = 2^30, making d_1, d_3,
//     d_5 < 2^52 + 2^30; the second round's are below 2^30 + 2^8, making d_2, d_4 < 2^22 + 2^30 + 2^8
//     and d_0 < 2^22 + 20·(2^30 + 2^8); the third round's are then below 2^9 (from d_2, d_4) and
//     1 + 20·(2^8 + 1) < 2^13 (from d_0), which restores the invariant.
//   Every intermediate value is an integer below 2^53, so every step is exact, and so is the carry
//   ⌊x·2^-22⌋ (multiplying by a power of two only changes the exponent).

/** 2^22 and 2^-22: the limb radix. */
const Radix = 0x400000;
const InvRadix = 1 / Radix;
const LimbMask = Radix - 1;

export class Poly1305 {
  /** The accumulator's six limbs. */
  private readonly h = new Float64Array(6);
  /** r_0..r_5, then 20·r_1..20·r_5 (the folded-back weights) at indices 6..10. */
  private readonly r = new Float64Array(11);
  /** s as four little-endian 32-bit words. */
  private readonly s = new Uint32Array(4);
  /** A block not yet complete, and how many of its bytes are filled. */
  private readonly buffer = new Uint8Array(16);
  private filled = 0;

  /** Starts a message under the 32-byte one-time key r ‖ s (RFC 8439 §2.5). */
  reset(key: Uint8Array): this {
    if (key.length !== 32) throw new Error('Poly1305: the one-time key must be 32 bytes');
    // Clamping (§2.5.1): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff.
    const r0 = le32(key, 0) & 0x0fffffff;
    const r1 = le32(key, 4) & 0x0ffffffc;
    const r2 = le32(key, 8) & 0x0ffffffc;
    const r3 = le32(key, 12) & 0x0ffffffc;
    const r = this.r;
    r[0] = r0 & LimbMask;
    r[1] = (r0 >>> 22) | ((r1 << 10) & LimbMask);
    r[2] = (r1 >>> 12) | ((r2 << 20) & LimbMask);
    r[3] = (r2 >>> 2) & LimbMask;
    r[4] = (r2 >>> 24) | ((r3 << 8) & LimbMask);
    r[5] = r3 >>> 14;
    for (let j = 1; j < 6; j++) r[5 + j] = 20 * r[j];
    for (let i = 0; i < 4; i++) this.s[i] = le32(key, 16 + 4 * i);
    this.h.fill(0);
    this.filled = 0;
    return this;
  }

  /** Absorbs the first `length` bytes of `data` (all of it by default), which may be any part of the message. */
  update(data: Uint8Array, length = data.length): this {
    let pos = 0;
    if (this.filled > 0) {
      while (this.filled < 16 && pos < length) this.buffer[this.filled++] = data[pos++];
      if (this.filled < 16) return this;
      this.blocks(this.buffer, 0, 16, 1);
      this.filled = 0;
    }
    const full = pos + ((length - pos) & ~15);
    this.blocks(data, pos, full, 1);
    for (let i = full; i < length; i++) this.buffer[this.filled++] = data[i];
    return this;
  }

  /** Pads the message so far with zeros to a multiple of 16 bytes: pad16 of RFC 8439 §2.8. */
  pad16(): this {
    if (this.filled > 0) {
      this.buffer.fill(0, this.filled);
      this.blocks(this.buffer, 0, 16, 1);
      this.filled = 0;
    }
    return this;
  }

  /** Writes the 16-byte tag into `out` at `offset`. The object needs a `reset` before the next message. */
  digestInto(out: Uint8Array, offset = 0): void {
    if (this.filled > 0) {
      // The last, short block gets its 1 byte right after the data, then zeros, and no 2^128 (§2.5.1).
      this.buffer[this.filled] = 1;
      this.buffer.fill(0, this.filled + 1);
      this.blocks(this.buffer, 0, 16, 0);
      this.filled = 0;
    }
    const h = this.h;
    // The limbs fit in 32-bit integers from here on. Carry fully, folding what lies above 2^130
    // back in as ·5 (2^130 ≡ 5 mod p); after two passes h_0..h_4 < 2^22 and h_5 ≤ 2^20, so h < 2p.
    // (h_0 < 2^22 already, so the first pass starts at h_1.)
    let h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5];
    h2 += h1 >>> 22; h1 &= LimbMask;
    h3 += h2 >>> 22; h2 &= LimbMask;
    h4 += h3 >>> 22; h3 &= LimbMask;
    h5 += h4 >>> 22; h4 &= LimbMask;
    h0 += 5 * (h5 >>> 20); h5 &= 0xfffff;
    h1 += h0 >>> 22; h0 &= LimbMask;
    h2 += h1 >>> 22; h1 &= LimbMask;
    h3 += h2 >>> 22; h2 &= LimbMask;
    h4 += h3 >>> 22; h3 &= LimbMask;
    h5 += h4 >>> 22; h4 &= LimbMask;
    // h mod p: g = h + 5 - 2^130 is h - p; it is the result when it is not negative. The choice is
    // made with a mask rather than a branch, so its timing does not depend on h.
    let g0 = h0 + 5;
    let g1 = h1 + (g0 >>> 22); g0 &= LimbMask;
    let g2 = h2 + (g1 >>> 22); g1 &= LimbMask;
    let g3 = h3 + (g2 >>> 22); g2 &= LimbMask;
    let g4 = h4 + (g3 >>> 22); g3 &= LimbMask;
    const g5 = h5 + (g4 >>> 22) - (1 << 20); g4 &= LimbMask;
    const keepH = g5 >> 31; // all ones if g < 0
    h0 = (h0 & keepH) | (g0 & ~keepH);
    h1 = (h1 & keepH) | (g1 & ~keepH);
    h2 = (h2 & keepH) | (g2 & ~keepH);
    h3 = (h3 & keepH) | (g3 & ~keepH);
    h4 = (h4 & keepH) | (g4 & ~keepH);
    h5 = (h5 & keepH) | (g5 & ~keepH);
    // tag = (h + s) mod 2^128: the low 128 bits of h as 32-bit words, added to s with carries.
    const w0 = (h0 | (h1 << 22)) >>> 0;
    const w1 = ((h1 >>> 10) | (h2 << 12)) >>> 0;
    const w2 = ((h2 >>> 20) | (h3 << 2) | (h4 << 24)) >>> 0;
    const w3 = ((h4 >>> 8) | (h5 << 14)) >>> 0;
    const s = this.s;
    let f = w0 + s[0];
    setLE32(out, offset, f);
    f = w1 + s[1] + Math.floor(f / 2 ** 32);
    setLE32(out, offset + 4, f);
    f = w2 + s[2] + Math.floor(f / 2 ** 32);
    setLE32(out, offset + 8, f);
    f = w3 + s[3] + Math.floor(f / 2 ** 32);
    setLE32(out, offset + 12, f);
  }

  /**
   * h = (h + m)·r mod p for each 16-byte block m of `data[start..end)`, with 2^128·`hibit` added
   * to m (§2.5.1: the appended 1 bit, 0 for a padded last block). The state lives in locals.
   */
  private blocks(data: Uint8Array, start: number, end: number, hibit: number): void {
    const r = this.r;
    const r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5];
    const t1 = r[6], t2 = r[7], t3 = r[8], t4 = r[9], t5 = r[10]; // t_j = 20·r_j
    const top = hibit << 18; // bit 128 is bit 18 of limb 5
    const h = this.h;
    let h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5];
    for (let off = start; off < end; off += 16) {
      // The block's 128 bits as limbs at bits 0, 22, 44, 66, 88 and 110.
      const w0 = le32(data, off);
      const w1 = le32(data, off + 4);
      const w2 = le32(data, off + 8);
      const w3 = le32(data, off + 12);
      h0 += w0 & LimbMask;
      h1 += (w0 >>> 22) | ((w1 << 10) & LimbMask);
      h2 += (w1 >>> 12) | ((w2 << 20) & LimbMask);
      h3 += (w2 >>> 2) & LimbMask;
      h4 += (w2 >>> 24) | ((w3 << 8) & LimbMask);
      h5 += (w3 >>> 14) | top;
      // d_k = Σ_{i+j=k} h_i·r_j + Σ_{i+j=k+6} h_i·20·r_j.
      let d0 = h0 * r0 + h1 * t5 + h2 * t4 + h3 * t3 + h4 * t2 + h5 * t1;
      let d1 = h0 * r1 + h1 * r0 + h2 * t5 + h3 * t4 + h4 * t3 + h5 * t2;
      let d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * t5 + h4 * t4 + h5 * t3;
      let d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * t5 + h5 * t4;
      let d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * t5;
      let d5 = h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0;
      // Carry in three rounds of three carries that do not wait on one another (a chain of six
      // carries one after the other is a third slower): even limbs into odd ones, odd into even
      // (d_5's carry, of weight 2^132, into d_0 as 20·carry), even into odd again.
      let c0 = Math.floor(d0 * InvRadix), c2 = Math.floor(d2 * InvRadix), c4 = Math.floor(d4 * InvRadix);
      d0 -= c0 * Radix; d2 -= c2 * Radix; d4 -= c4 * Radix;
      d1 += c0; d3 += c2; d5 += c4;
      const c1 = Math.floor(d1 * InvRadix), c3 = Math.floor(d3 * InvRadix), c5 = Math.floor(d5 * InvRadix);
      h1 = d1 - c1 * Radix; h3 = d3 - c3 * Radix; h5 = d5 - c5 * Radix;
      d2 += c1; d4 += c3; d0 += 20 * c5;
      c0 = Math.floor(d0 * InvRadix); c2 = Math.floor(d2 * InvRadix); c4 = Math.floor(d4 * InvRadix);
      h0 = d0 - c0 * Radix; h2 = d2 - c2 * Radix; h4 = d4 - c4 * Radix;
      h1 += c0; h3 += c2; h5 += c4;
    }
    h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3; h[4] = h4; h[5] = h5;
  }
}

/** The little-endian 32-bit word at `off` (as a signed 32-bit integer; only its bits matter). */
export function le32(b: Uint8Array, off: number): number {
  return b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24);
}

/** Writes the low 32 bits of `x` (an integer below 2^53) little-endian at `off`. */
export function setLE32(b: Uint8Array, off: number, x: number): void {
  b[off] = x;
  b[off + 1] = x >>> 8;
  b[off + 2] = x >>> 16;
  b[off + 3] = x >>> 24;
}
