// GHASH (NIST SP 800-38D §6.4), the authenticator inside AES-GCM, with a per-key table.
//
// GHASH multiplies the running sum Y by the hash key H in GF(2^128) once per 16-byte block.
// Multiplication distributes over XOR, so Y·H is the XOR of (bit i of Y)·(H·x^i). Grouping Y's
// 128 bits into windows of w bits, a table holds, for every window and every value of it, the
// XOR of the H·x^i it selects: a block then costs 128/w lookups and no shifts.
//
// How much table a key gets depends on how much it is used, so that no key pays for more than it
// saves: the first blocks are multiplied bit by bit (SP 800-38D §6.3, Algorithm 1), which is all an
// idle connection's keys ever see; a key that hashes about a packet's worth gets 4-bit windows
// (8 KiB, built in the time of a few blocks): the handshake's keys; a key in bulk use gets 8-bit
// windows (64 KiB, half the lookups).
//
// Bit order (SP 800-38D §6.3): the first byte's most significant bit is the coefficient of x^0,
// so multiplying by x is a right shift of the 128-bit big-endian number, with the reduction
// polynomial R = 0xe1 ‖ 0^120 folded in when a 1 falls off the end.

/** Blocks multiplied bit by bit before the key gets 4-bit windows. */
const SmallTableAfterBlocks = 64;
/** Blocks after which the key's 4-bit windows give way to 8-bit ones. */
const LargeTableAfterBlocks = 1 << 16;

/** A 128-bit field element as four big-endian 32-bit words. */
type Element = Uint32Array;

/** v·x: shift right one bit, reducing by R if a bit fell off (SP 800-38D §6.3). */
function timesX(v: Element): void {
  const carry = -(v[3]! & 1) & 0xe1000000;
  v[3] = (v[3]! >>> 1) | (v[2]! << 31);
  v[2] = (v[2]! >>> 1) | (v[1]! << 31);
  v[1] = (v[1]! >>> 1) | (v[0]! << 31);
  v[0] = (v[0]! >>> 1) ^ carry;
}

export class GHASH {
  private readonly h: Element;
  /** The table and its window width in bits; none while the key is young. */
  private table: Uint32Array | undefined;
  private windowBits = 0;
  private blocks = 0;
  /** The running sum Y. */
  private readonly y: Element = new Uint32Array(4);
  /** A last partial block, zero-padded. */
  private readonly tail = new Uint8Array(16);

  /** `h` is the 16-byte hash key H = AES_K(0^128). */
  constructor(h: Uint8Array) {
    this.h = Uint32Array.of(word(h, 0), word(h, 4), word(h, 8), word(h, 12));
  }

  /** Starts a new message: Y_0 = 0; a key that has been used enough gets a larger table first. */
  reset(): this {
    this.y.fill(0);
    const bits = this.blocks > LargeTableAfterBlocks ? 8 : this.blocks > SmallTableAfterBlocks ? 4 : 0;
    if (bits > this.windowBits) {
      this.table = buildTable(this.h, bits);
      this.windowBits = bits;
    }
    return this;
  }

  /** Absorbs `data` as its own segment: a partial last block is padded with zeros (GCM pads AAD and C separately). */
  update(data: Uint8Array): this {
    const full = data.length & ~15;
    for (let off = 0; off < full; off += 16) this.block(data, off);
    if (full < data.length) {
      this.tail.fill(0).set(data.subarray(full));
      this.block(this.tail, 0);
    }
    return this;
  }

  /** Writes the 16-byte result into `out`. */
  digestInto(out: Uint8Array): void {
    const view = new DataView(out.buffer, out.byteOffset, 16);
    for (let i = 0; i < 4; i++) view.setUint32(4 * i, this.y[i]!);
  }

  /** Y_i = (Y_{i-1} ⊕ X_i)·H, X_i being the 16 bytes of `data` at `off`. */
  private block(data: Uint8Array, off: number): void {
    const y = this.y;
    for (let i = 0; i < 4; i++) y[i] ^= word(data, off + 4 * i);
    this.blocks++;
    if (this.table) multiplyByTable(this.table, this.windowBits, y);
    else multiplyBitwise(this.h, y);
  }
}

/** y ← y·H by Algorithm 1 of SP 800-38D §6.3: for each bit i of y, from x^0 on, add H·x^i. */
function multiplyBitwise(h: Element, y: Element): void {
  const z = new Uint32Array(4);
  const v = h.slice();
  for (let i = 0; i < 128; i++) {
    if ((y[i >>> 5]! >>> (31 - (i & 31))) & 1) for (let j = 0; j < 4; j++) z[j] ^= v[j]!;
    timesX(v);
  }
  y.set(z);
}

/** For every window w of `bits` bits and value n, the XOR of H·x^i over the bits i of window w set in n. */
function buildTable(h: Element, bits: number): Uint32Array {
  const values = 1 << bits;
  const t = new Uint32Array((128 / bits) * values * 4);
  const v = h.slice();
  for (let i = 0; i < 128; i++) {
    // Bit i of a block is bit (bits-1 - i % bits) of window ⌊i / bits⌋'s value.
    const window = Math.floor(i / bits);
    const bit = 1 << (bits - 1 - (i % bits));
    for (let n = bit; n < values; n = (n + 1) | bit) {
      const e = (window * values + n) * 4;
      for (let j = 0; j < 4; j++) t[e + j] ^= v[j]!;
    }
    timesX(v);
  }
  return t;
}

/** y ← y·H as one table lookup per window of `bits` bits, from the most significant bits of y[0]. */
function multiplyByTable(t: Uint32Array, bits: number, y: Element): void {
  const values = 1 << bits;
  let o0 = 0;
  let o1 = 0;
  let o2 = 0;
  let o3 = 0;
  let e = 0; // the current window's first entry
  for (let w = 0; w < 4; w++) {
    const yw = y[w]!;
    for (let shift = 32 - bits; shift >= 0; shift -= bits, e += values * 4) {
      const i = e + ((yw >>> shift) & (values - 1)) * 4;
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
