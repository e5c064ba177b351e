// The AES block cipher (FIPS 197), encryption only, and the counter mode GCM runs it in.
//
// QUIC only ever encrypts with AES: GCM's keystream (SP 800-38D §6.5) and the header-protection
// mask (RFC 9001 §5.4.3) both use the forward cipher. This is the classic 32-bit table form of
// FIPS 197 §5.1: SubBytes, ShiftRows and MixColumns of one column folded into four 256-entry
// tables, so a round is 16 lookups and XORs. It allocates nothing per block, which matters at
// ~85 blocks per packet: the garbage collector's pauses stall the whole connection.
// Words are big-endian: word i of the state is column i, its first byte row 0.

/** The S-box (FIPS 197 §5.1.1): the multiplicative inverse in GF(2^8), then an affine map. */
const sbox = new Uint8Array(256);
/** te[r][x]: column (2·S[x], S[x], S[x], 3·S[x]) rotated right by r bytes (MixColumns of one byte). */
const te = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)] as const;

/** Multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS 197 §4.2.1). */
function xtime(b: number): number {
  return ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;
}

function rotl8(b: number, n: number): number {
  return ((b << n) | (b >>> (8 - n))) & 0xff;
}

{
  // Powers of the generator 3 give logarithms, and inverses as 3^(255 - log x).
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  for (let i = 0, x = 1; i < 255; i++, x ^= xtime(x)) {
    exp[i] = x;
    log[x] = i;
  }
  for (let x = 0; x < 256; x++) {
    const inv = x === 0 ? 0 : exp[(255 - log[x]!) % 255]!;
    sbox[x] = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
    const s = sbox[x]!;
    const column = ((xtime(s) << 24) | (s << 16) | (s << 8) | (xtime(s) ^ s)) >>> 0;
    for (let r = 0; r < 4; r++) te[r]![x] = ((column >>> (8 * r)) | (column << (32 - 8 * r))) >>> 0;
  }
}
const [te0, te1, te2, te3] = te;

function subWord(w: number): number {
  return ((sbox[w >>> 24]! << 24) | (sbox[(w >>> 16) & 0xff]! << 16) | (sbox[(w >>> 8) & 0xff]! << 8) | sbox[w & 0xff]!) >>> 0;
}

/** KeyExpansion (FIPS 197 §5.2): 4·(Nr+1) round-key words for a 16- or 32-byte key. */
function expandKey(key: Uint8Array): Uint32Array {
  const nk = key.length / 4;
  if (nk !== 4 && nk !== 8) throw new Error(`AES: invalid key length ${key.length}`);
  const w = new Uint32Array(4 * (nk + 7));
  for (let i = 0; i < nk; i++) w[i] = word(key, 4 * i);
  for (let i = nk, rcon = 1; i < w.length; i++) {
    let t = w[i - 1]!;
    if (i % nk === 0) {
      t = subWord(((t << 8) | (t >>> 24)) >>> 0) ^ (rcon << 24); // SubWord(RotWord(t)) ⊕ Rcon
      rcon = xtime(rcon);
    } else if (nk > 6 && i % nk === 4) {
      t = subWord(t);
    }
    w[i] = w[i - nk]! ^ t;
  }
  return w;
}

function word(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

/** The output of the last encrypt(), shared by all keys: it is read before the next block starts. */
const out = new Uint32Array(4);

export class AES {
  private readonly rk: Uint32Array;

  constructor(key: Uint8Array) {
    this.rk = expandKey(key);
  }

  /** Encrypts the 16-byte block at src[srcOffset] into dst (which may be src itself). */
  encryptBlock(dst: Uint8Array, src: Uint8Array = dst, srcOffset = 0): void {
    this.encrypt(word(src, srcOffset), word(src, srcOffset + 4), word(src, srcOffset + 8), word(src, srcOffset + 12));
    for (let i = 0; i < 4; i++) {
      const w = out[i]!;
      dst[4 * i] = w >>> 24;
      dst[4 * i + 1] = w >>> 16;
      dst[4 * i + 2] = w >>> 8;
      dst[4 * i + 3] = w;
    }
  }

  /**
   * GCTR (SP 800-38D §6.5) on the first `length` bytes: dst = src ⊕ AES(cb₁) ‖ AES(cb₂) ‖ …, where
   * cb₁ = `icb` and each next counter block increments the last 32 bits (inc32). src and dst may
   * be the same bytes.
   */
  ctr32(icb: Uint8Array, src: Uint8Array, dst: Uint8Array, length = src.length): void {
    const c0 = word(icb, 0);
    const c1 = word(icb, 4);
    const c2 = word(icb, 8);
    let counter = word(icb, 12);
    const s = new DataView(src.buffer, src.byteOffset, length);
    const d = new DataView(dst.buffer, dst.byteOffset, length);
    const full = length & ~15;
    for (let off = 0; off < full; off += 16, counter = (counter + 1) >>> 0) {
      this.encrypt(c0, c1, c2, counter);
      for (let i = 0; i < 16; i += 4) d.setUint32(off + i, s.getUint32(off + i) ^ out[i >>> 2]!);
    }
    if (full < length) {
      this.encrypt(c0, c1, c2, counter);
      for (let i = full; i < length; i++) {
        const k = out[(i - full) >>> 2]! >>> (24 - 8 * ((i - full) & 3));
        dst[i] = src[i]! ^ (k & 0xff);
      }
    }
  }

  /** Cipher (FIPS 197 §5.1) on the state's four columns; the result goes to `out`. */
  private encrypt(s0: number, s1: number, s2: number, s3: number): void {
    const rk = this.rk;
    s0 ^= rk[0]!;
    s1 ^= rk[1]!;
    s2 ^= rk[2]!;
    s3 ^= rk[3]!;
    // Every round but the last: SubBytes, ShiftRows (which column each byte comes from), MixColumns, AddRoundKey.
    let k = 4;
    for (const last = rk.length - 4; k < last; k += 4) {
      const t0 = te0[s0 >>> 24]! ^ te1[(s1 >>> 16) & 0xff]! ^ te2[(s2 >>> 8) & 0xff]! ^ te3[s3 & 0xff]! ^ rk[k]!;
      const t1 = te0[s1 >>> 24]! ^ te1[(s2 >>> 16) & 0xff]! ^ te2[(s3 >>> 8) & 0xff]! ^ te3[s0 & 0xff]! ^ rk[k + 1]!;
      const t2 = te0[s2 >>> 24]! ^ te1[(s3 >>> 16) & 0xff]! ^ te2[(s0 >>> 8) & 0xff]! ^ te3[s1 & 0xff]! ^ rk[k + 2]!;
      const t3 = te0[s3 >>> 24]! ^ te1[(s0 >>> 16) & 0xff]! ^ te2[(s1 >>> 8) & 0xff]! ^ te3[s2 & 0xff]! ^ rk[k + 3]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
    }
    // The last round has no MixColumns: the S-box alone.
    out[0] = lastRound(s0, s1, s2, s3) ^ rk[k]!;
    out[1] = lastRound(s1, s2, s3, s0) ^ rk[k + 1]!;
    out[2] = lastRound(s2, s3, s0, s1) ^ rk[k + 2]!;
    out[3] = lastRound(s3, s0, s1, s2) ^ rk[k + 3]!;
  }
}

/** One output column of the last round: row r's byte from column (c + r), through the S-box. */
function lastRound(a: number, b: number, c: number, d: number): number {
  return (sbox[a >>> 24]! << 24) | (sbox[(b >>> 16) & 0xff]! << 16) | (sbox[(c >>> 8) & 0xff]! << 8) | sbox[d & 0xff]!;
}
