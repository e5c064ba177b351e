// Packet protection on @noble/ciphers (the default backend): the AEADs of RFC 9001 §5.3 and the
// header-protection masks of §5.4. Every primitive is noble's; this file only keeps per-key state.
//
// AES-GCM (NIST SP 800-38D §7) is assembled from noble's exported building blocks, as its own
// gcm() is: `unsafe.expandKeyLE` (the AES key schedule), `unsafe.ctr32` (AES in counter mode with
// a 32-bit big-endian counter) and the GHASH class. noble's one-shot `gcm(key, nonce, aad)` expands
// the key and builds GHASH's table for every message; QUIC seals thousands of packets under one key,
// so here the expanded key lives as long as the key, and so does GHASH's table (for
// H = AES_K(0¹²⁸)) once the key has carried enough messages to pay for it.
//
// ChaCha20-Poly1305 is noble's `chacha20poly1305` as is: it keeps no per-key state worth keeping
// (the key is 8 words), so a message costs the same either way.
import { unsafe } from '@noble/ciphers/aes.js';
import { GHASH } from '@noble/ciphers/_polyval.js';
import { chacha20, chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { equalBytes } from '@noble/ciphers/utils.js';
import { AEADTagLen, type AEAD, type HeaderMaskCipher } from './interface.ts';
import { NodeChaChaMask } from './aead_node.ts';

/**
 * noble's GHASH, started over for each message. Its constructor builds the table for H; `restart`
 * only clears the running sum (SP 800-38D §6.4: Y₀ = 0¹²⁸), through the fields noble's class
 * leaves to subclasses (its own Polyval is one).
 */
class KeyedGHASH extends GHASH {
  restart(): this {
    this.s0 = this.s1 = this.s2 = this.s3 = 0;
    this.finished = false;
    return this;
  }
}

/**
 * GHASH's table grows with use, so that no key pays for more table than it uses (noble sizes the
 * table from an expected length). A key's first messages use one of a few tables the process shares
 * (2-bit windows, 256 entries, ~17 KiB each), each remembering the key it was built for: a burst of
 * packets under one key builds one table, and the keys of a handshake and of an idle connection keep
 * none of their own. After that the key keeps its table, and once it has carried a megabyte, a table
 * of 8-bit windows (4,096 entries, one lookup per byte).
 */
const TableAfterMessages = 16;
const BulkAfterBytes = 1 << 20;
const smallTableHint = 1024; // noble: ≤ 1 KiB → 2-bit windows
const bulkTableHint = 1 << 17; // noble: > 64 KiB → 8-bit windows

// Per-message scratch shared by all keys (seal and open run to completion synchronously), 4-byte
// aligned as noble's word views need: the counter block, E_K(J0), the lengths block, the tag.
const counter = new Uint8Array(16);
const zeroBlock = new Uint8Array(16);
const tagMask = new Uint8Array(16);
const lengths = new Uint8Array(16);
const lengthsView = new DataView(lengths.buffer);
const tag = new Uint8Array(16);

/**
 * The shared tables, by the key (its AEAD) each was built for, oldest first: a handshake's six keys
 * per end (RFC 9001 §4: Initial, Handshake and 1-RTT, each way) and some to spare.
 */
const sharedTables = new Map<NobleAESGCM, KeyedGHASH>();
const SharedTables = 8;

function sharedGHASH(key: NobleAESGCM, h: Uint8Array): KeyedGHASH {
  const kept = sharedTables.get(key);
  if (kept) return kept.restart();
  if (sharedTables.size >= SharedTables) sharedTables.delete(sharedTables.keys().next().value!);
  const ghash = new KeyedGHASH(h, smallTableHint);
  sharedTables.set(key, ghash);
  return ghash;
}

export class NobleAESGCM implements AEAD {
  private readonly xk: Uint32Array;
  /** GHASH's key H = E_K(0¹²⁸), computed at first use: the next key phase's AEADs wait, unused, until a key update (RFC 9001 §6). */
  private h: Uint8Array | undefined;
  private ghash: KeyedGHASH | undefined;
  private messages = 0;
  private bytes = 0;

  constructor(key: Uint8Array) {
    this.xk = unsafe.expandKeyLE(key);
  }

  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const n = plaintext.length;
    const out = new Uint8Array(n + AEADTagLen);
    out.set(plaintext); // at offset 0: aligned, so counter mode runs in place on noble's word views
    const ciphertext = out.subarray(0, n);
    this.startMessage(nonce);
    unsafe.ctr32(this.xk, false, counter, ciphertext, ciphertext);
    this.computeTag(aad, ciphertext);
    out.set(tag, n);
    return out;
  }

  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (sealed.length < AEADTagLen) return null;
    const n = sealed.length - AEADTagLen;
    // The ciphertext, copied once into an aligned buffer: GHASH reads it, then it is decrypted in place.
    const plaintext = new Uint8Array(n);
    plaintext.set(sealed.subarray(0, n));
    this.startMessage(nonce);
    this.computeTag(aad, plaintext);
    if (!equalBytes(tag, sealed.subarray(n))) return null; // constant time, all 16 bytes
    unsafe.ctr32(this.xk, false, counter, plaintext, plaintext);
    return plaintext;
  }

  /** J0 = nonce ‖ 0³¹1 (§7.1 step 2): keeps E_K(J0) for the tag and leaves the counter at inc32(J0). */
  private startMessage(nonce: Uint8Array): void {
    if (nonce.length !== 12) throw new Error('AES-GCM: the nonce must be 12 bytes');
    counter.set(nonce);
    counter.fill(0, 12);
    counter[15] = 1;
    unsafe.ctr32(this.xk, false, counter, zeroBlock, tagMask); // increments the counter
  }

  /** tag = GHASH_H(AAD ‖ 0* ‖ C ‖ 0* ‖ [len(AAD)]₆₄ ‖ [len(C)]₆₄) ⊕ E_K(J0) (§7.1 steps 5-6). */
  private computeTag(aad: Uint8Array, ciphertext: Uint8Array): void {
    lengthsView.setUint32(4, aad.length * 8); // lengths in bits; a packet's fit in 32 bits
    lengthsView.setUint32(12, ciphertext.length * 8);
    // noble's update pads each segment to 16 bytes, as GCM pads the AAD and the ciphertext.
    this.ghashFor(ciphertext.length).update(aad).update(ciphertext).update(lengths).digestInto(tag);
    for (let i = 0; i < 16; i++) tag[i] ^= tagMask[i]!;
  }

  private ghashFor(messageBytes: number): KeyedGHASH {
    const before = this.bytes;
    this.bytes += messageBytes;
    if (!this.h) {
      this.h = new Uint8Array(16);
      unsafe.ctr32(this.xk, false, new Uint8Array(16), zeroBlock, this.h); // H = E_K(0¹²⁸)
    }
    if (++this.messages <= TableAfterMessages) return sharedGHASH(this, this.h);
    if (!this.ghash || (before < BulkAfterBytes && this.bytes >= BulkAfterBytes)) {
      this.ghash = new KeyedGHASH(this.h, this.bytes >= BulkAfterBytes ? bulkTableHint : smallTableHint);
    }
    return this.ghash.restart();
  }
}

/** noble's ChaCha20-Poly1305 (RFC 8439 §2.8), one cipher object per message. */
export class NobleChaCha20Poly1305 implements AEAD {
  constructor(private readonly key: Uint8Array) {
    if (key.length !== 32) throw new Error('ChaCha20-Poly1305: the key must be 32 bytes');
  }

  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    return chacha20poly1305(this.key, nonce, aad).encrypt(plaintext);
  }

  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (sealed.length < AEADTagLen) return null;
    try {
      return chacha20poly1305(this.key, nonce, aad).decrypt(sealed);
    } catch {
      return null; // the tag does not match
    }
  }
}

/** The last AES mask, shared by all keys: the header protector applies it before the next packet. */
const aesMask = new Uint8Array(16);

/** mask = AES-ECB(hp_key, sample) (RFC 9001 §5.4.3): one block on the expanded key. */
export class NobleAESMask implements HeaderMaskCipher {
  private readonly xk: Uint32Array;
  constructor(hpKey: Uint8Array) {
    this.xk = unsafe.expandKeyLE(hpKey);
  }
  mask(sample: Uint8Array, offset = 0): Uint8Array {
    aesMask.set(sample.subarray(offset, offset + 16));
    return unsafe.encryptBlock(this.xk, aesMask);
  }
}

const maskInput = new Uint8Array(5);
/** The last ChaCha20 mask, shared as the AES one is: noble writes into it instead of a new array each time. */
const chachaMask = new Uint8Array(5);

/**
 * mask = ChaCha20(hp_key, counter = sample[0..3] little-endian, nonce = sample[4..15], {0,0,0,0,0})
 * (RFC 9001 §5.4.4). Any counter is allowed; noble's `chacha20` refuses 0xffffffff (it never lets
 * a counter wrap, even when one block is all that is asked), so that one sample in 2³² is
 * masked by node:crypto, which computes the same function.
 */
export class NobleChaChaMask implements HeaderMaskCipher {
  private lastCounterFallback: NodeChaChaMask | undefined;
  constructor(private readonly hpKey: Uint8Array) {}
  mask(sample: Uint8Array, offset = 0): Uint8Array {
    const c = sample[offset]! | (sample[offset + 1]! << 8) | (sample[offset + 2]! << 16) | (sample[offset + 3]! << 24);
    if (c === -1) return (this.lastCounterFallback ??= new NodeChaChaMask(this.hpKey)).mask(sample, offset);
    return chacha20(this.hpKey, sample.subarray(offset + 4, offset + 16), maskInput, chachaMask, c >>> 0);
  }
}
