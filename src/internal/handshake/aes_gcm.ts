// AES-GCM (NIST SP 800-38D), with the per-key work done once per key.
//
// noble's `gcm(key, nonce, aad)` is built for one message: every call expands the AES key and
// builds GHASH's multiplication table again, and its AES allocates a result object per block. QUIC
// seals thousands of packets under one key, so this class keeps the expanded key (aes.ts) and the
// table for H = AES_K(0^128) (ghash.ts) as long as the key, and allocates only the output. Per
// packet only what GCM defines per message is left: the counter block J0 = nonce‖0³¹1, the
// keystream from inc32(J0) on, and GHASH over (AAD, ciphertext, lengths). A handshake builds
// some eight of these per endpoint, so an instance holds just its AES key and GHASH table: the
// per-message blocks are module scratch.
import { AES } from './aes.ts';
import type { AEAD } from './crypto_backend.ts';
import { GHASH } from './ghash.ts';

const TagLen = 16;

// Per-message scratch, shared by all keys: seal and open run to completion synchronously, so a
// key needs none of its own. J0 and the counter block, AES_K(J0), the lengths block, the tag to compare.
const counter = new Uint8Array(16);
const tagMask = new Uint8Array(16);
const lengths = new Uint8Array(16);
const expectedTag = new Uint8Array(TagLen);

export class AESGCM implements AEAD {
  private readonly aes: AES;
  /** Built on first use: the next key phase's AEADs wait, unused, until a key update (RFC 9001 §6). */
  private ghash: GHASH | undefined;

  constructor(key: Uint8Array) {
    this.aes = new AES(key);
  }

  /** Encrypts `plaintext` and appends the 16-byte tag. `nonce` is 12 bytes. */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const out = new Uint8Array(plaintext.length + TagLen);
    this.startMessage(nonce);
    this.aes.ctr32(counter, plaintext, out, plaintext.length);
    this.tag(aad, out, plaintext.length, expectedTag);
    out.set(expectedTag, plaintext.length);
    return out;
  }

  /** Checks the tag, then decrypts; `null` if the tag does not match. */
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (sealed.length < TagLen) return null;
    const length = sealed.length - TagLen;
    this.startMessage(nonce);
    this.tag(aad, sealed, length, expectedTag);
    // Constant time: every byte is compared, whatever the first difference.
    let diff = 0;
    for (let i = 0; i < TagLen; i++) diff |= expectedTag[i]! ^ sealed[length + i]!;
    if (diff !== 0) return null;
    const plaintext = new Uint8Array(length);
    this.aes.ctr32(counter, sealed, plaintext, length);
    return plaintext;
  }

  /** Sets J0 = nonce‖00000001, keeps AES_K(J0) to mask the tag, and leaves the counter at inc32(J0). */
  private startMessage(nonce: Uint8Array): void {
    counter.set(nonce);
    counter.fill(0, 12);
    counter[15] = 1;
    this.aes.encryptBlock(tagMask, counter);
    counter[15] = 2;
  }

  /**
   * Writes T = GHASH_H(AAD ‖ 0* ‖ C ‖ 0* ‖ [len(AAD)]₆₄ ‖ [len(C)]₆₄) ⊕ AES_K(J0) into `t`, C being
   * the first `length` bytes of `ciphertext`.
   */
  private tag(aad: Uint8Array, ciphertext: Uint8Array, length: number, t: Uint8Array): void {
    // Bit lengths as 64-bit big-endian numbers; a packet's fit in the low 32 bits.
    writeUint32BE(lengths, 4, aad.length * 8);
    writeUint32BE(lengths, 12, length * 8);
    (this.ghash ??= this.newGHASH()).reset().update(aad).update(ciphertext, length).update(lengths).digestInto(t);
    for (let i = 0; i < 16; i++) t[i] ^= tagMask[i]!;
  }

  /** GHASH under the hash key H = AES_K(0^128). */
  private newGHASH(): GHASH {
    const h = new Uint8Array(16);
    this.aes.encryptBlock(h);
    return new GHASH(h);
  }
}

function writeUint32BE(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 24;
  b[off + 1] = v >>> 16;
  b[off + 2] = v >>> 8;
  b[off + 3] = v;
}
