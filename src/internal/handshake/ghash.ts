// GHASH (NIST SP 800-38D §6.4), the authenticator inside AES-GCM, with a per-key table.
//
// GHASH multiplies the running sum Y by the hash key H in GF(2^128) once per 16-byte block.
// Multiplication distributes over XOR, so Y·H is the XOR of (bit i of Y)·(H·x^i). Grouping Y's
// 128 bits into windows of w bits, a table holds, for every window and every value of it, the
// XOR of the H·x^i it selects: a block then costs 128/w lookups and no shifts.
//
// How much table a key gets depends on how much it is used, so that no key pays for more than it
// saves. A new key gets Shoup's 4-bit method: a table of H times each of the 16 four-bit values
// (256 bytes, built from three doublings), and Y·H by Horner's rule, four bits of Y at a time, from
// the highest power of x down: Z ← Z·x⁴ ⊕ table[nibble]. Z·x⁴ is a 4-bit right shift whose 4 lost
// bits are folded back in from a 16-entry reduction table shared by all keys. That is all an idle
// connection's and a handshake's keys need. A key in bulk use gets 8-bit windows (64 KiB of table,
// one lookup per byte of Y and no shifts).
//
// Bit order (SP 800-38D §6.3): the first byte's most significant bit is the coefficient of x^0,
// so multiplying by x is a right shift of the 128-bit big-endian number, with the reduction
// polynomial R = 0xe1 ‖ 0^120 folded in when a 1 falls off the end.

/** Blocks after which a key's 4-bit table gives way to 8-bit windows. */
const LargeTableAfterBlocks = 1 << 16;

/** A 128-bit field element as four big-endian 32-bit words. */
type Element = Uint32Array;

/** v·x: shift right one bit, reducing by R if a bit fell off (SP 800-38D §6.3). */
function timesX(v: Element): void {
  timesXInto(v, 0, 0);
}

/** t[to..to+4) ← t[from..from+4)·x, the elements being 4 words of t. */
function timesXInto(t: Uint32Array, from: number, to: number): void {
  const v0 = t[from]!, v1 = t[from + 1]!, v2 = t[from + 2]!, v3 = t[from + 3]!;
  t[to + 3] = (v3 >>> 1) | (v2 << 31);
  t[to + 2] = (v2 >>> 1) | (v1 << 31);
  t[to + 1] = (v1 >>> 1) | (v0 << 31);
  t[to] = (v0 >>> 1) ^ (-(v3 & 1) & 0xe1000000);
}

/**
 * reduce4[r]: the 4 bits r that fall off the end in Z·x⁴, times x⁴ and reduced: the 16 possible
 * corrections to Z's first word. Built by the definition: put r in the last 4 bits, multiply by x
 * four times.
 */
const reduce4 = Uint32Array.from({ length: 16 }, (_, r) => {
  const v = Uint32Array.of(0, 0, 0, r);
  for (let i = 0; i < 4; i++) timesX(v);
  return v[0]!; // the other words are 0: only R's first byte is ever folded in
});

/** A last partial block, zero-padded: scratch shared by all keys (update() uses it and is done). */
const tail = new Uint8Array(16);

/** Where H·1 = H sits in Shoup's table: entry 8 (bit 8 of a nibble is x⁰). */
const H = 8 * 4;

export class GHASH {
  /** Shoup's table: entry n is H times the 4-bit value n (its bit 8 is x⁰, bit 1 is x³). */
  private readonly nibbles = new Uint32Array(16 * 4);
  /** The 8-bit windows, once the key is in bulk use. */
  private windows: Uint32Array | undefined;
  private blocks = 0;
  /** The running sum Y. */
  private readonly y: Element = new Uint32Array(4);

  /** `h` is the 16-byte hash key H = AES_K(0^128). */
  constructor(h: Uint8Array) {
    const t = this.nibbles;
    for (let j = 0; j < 4; j++) t[H + j] = word(h, 4 * j);
    // H·x¹ … H·x³ in entries 4, 2, 1, each the one before times x.
    for (let bit = 4; bit > 0; bit >>= 1) timesXInto(t, 8 * bit, 4 * bit);
    for (let n = 1; n < 16; n++) {
      const low = n & -n; // n's lowest set bit; n ⊕ low has one bit fewer, so its entry is ready
      if (n === low) continue;
      for (let j = 0; j < 4; j++) t[4 * n + j] = t[4 * low + j]! ^ t[4 * (n ^ low) + j]!;
    }
  }

  /** Starts a new message: Y_0 = 0; a key in bulk use gets its 8-bit windows first. */
  reset(): this {
    this.y.fill(0);
    if (!this.windows && this.blocks > LargeTableAfterBlocks) this.windows = buildWindows(this.nibbles.slice(H, H + 4));
    return this;
  }

  /**
   * Absorbs the first `length` bytes of `data` as their own segment: a partial last block is
   * padded with zeros (GCM pads AAD and C separately).
   */
  update(data: Uint8Array, length = data.length): this {
    const full = length & ~15;
    for (let off = 0; off < full; off += 16) this.block(data, off);
    if (full < length) {
      tail.fill(0);
      for (let i = full; i < length; i++) tail[i - full] = data[i]!;
      this.block(tail, 0);
    }
    return this;
  }

  /** Writes the 16-byte result into `out`. */
  digestInto(out: Uint8Array): void {
    for (let i = 0; i < 4; i++) {
      const w = this.y[i]!;
      out[4 * i] = w >>> 24;
      out[4 * i + 1] = w >>> 16;
      out[4 * i + 2] = w >>> 8;
      out[4 * i + 3] = w;
    }
  }

  /** Y_i = (Y_{i-1} ⊕ X_i)·H, X_i being the 16 bytes of `data` at `off`. */
  private block(data: Uint8Array, off: number): void {
    const y = this.y;
    for (let i = 0; i < 4; i++) y[i] ^= word(data, off + 4 * i);
    this.blocks++;
    if (this.windows) multiplyByWindows(this.windows, y);
    else multiplyByNibbles(this.nibbles, y);
  }
}

/** y ← y·H by Shoup's method: Horner's rule over y's 32 nibbles, the last (highest powers of x) first. */
function multiplyByNibbles(t: Uint32Array, y: Element): void {
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  for (let w = 3; w >= 0; w--) {
    const yw = y[w]!;
    for (let shift = 0; shift < 32; shift += 4) {
      // Z ← Z·x⁴: shift right 4, fold the 4 bits that fell off back in.
      const lost = z3 & 15;
      z3 = (z3 >>> 4) | (z2 << 28);
      z2 = (z2 >>> 4) | (z1 << 28);
      z1 = (z1 >>> 4) | (z0 << 28);
      z0 = (z0 >>> 4) ^ reduce4[lost]!;
      // Z ← Z ⊕ H·nibble
      const e = ((yw >>> shift) & 15) * 4;
      z0 ^= t[e]!;
      z1 ^= t[e + 1]!;
      z2 ^= t[e + 2]!;
      z3 ^= t[e + 3]!;
    }
  }
  y[0] = z0;
  y[1] = z1;
  y[2] = z2;
  y[3] = z3;
}

/** For each of the 16 byte positions w and byte value n, the XOR of H·x^i over the bits i of byte w set in n. */
function buildWindows(h: Element): Uint32Array {
  const t = new Uint32Array(16 * 256 * 4);
  const v = h.slice();
  for (let i = 0; i < 128; i++) {
    // Bit i of a block is bit (7 - i % 8) of byte ⌊i / 8⌋.
    const window = i >>> 3;
    const bit = 1 << (7 - (i & 7));
    for (let n = bit; n < 256; n = (n + 1) | bit) {
      const e = (window * 256 + n) * 4;
      for (let j = 0; j < 4; j++) t[e + j] ^= v[j]!;
    }
    timesX(v);
  }
  return t;
}

/** y ← y·H as one table lookup per byte of y. */
function multiplyByWindows(t: Uint32Array, y: Element): void {
  let o0 = 0;
  let o1 = 0;
  let o2 = 0;
  let o3 = 0;
  let e = 0; // the current window's first entry
  for (let w = 0; w < 4; w++) {
    const yw = y[w]!;
    for (let shift = 24; shift >= 0; shift -= 8, e += 256 * 4) {
      const i = e + ((yw >>> shift) & 255) * 4;
      o0 ^= t[i]!;
      o1 ^= t[i + 1]!;
      o2 ^= t[i + 2]!;
      o3 ^= t[i + 3]!;
    }
  }
  y[0] = o0;
  y[1] = o1;
  y[2] = o2;
  y[3] = o3;
}

function word(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}
