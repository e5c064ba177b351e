// AES-GCM (NIST SP 800-38D), with the per-key work done once per key.
//
// noble's `gcm(key, nonce, aad)` is built for one message: every call expands the AES key and
// builds GHASH's multiplication table again, and its AES allocates a result object per block. QUIC
// seals thousands of packets under one key, so this class keeps the expanded key (aes.ts) and the
// table for H = AES_K(0^128) (ghash.ts) as long as the key, and allocates only the output. Per packet only what GCM defines per message is left: the counter block J0 = nonce‖0³¹1,
// the keystream from inc32(J0) on, and GHASH over (AAD, ciphertext, lengths).
import { equalBytes } from '@noble/ciphers/utils.js';
import { AES } from './aes.ts';
import type { AEAD } from './crypto_backend.ts';
import { GHASH } from './ghash.ts';

const TagLen = 16;

export class AESGCM implements AEAD {
  private readonly aes: AES;
  private readonly h: Uint8Array;
  /** Built on first use: the next key phase's AEADs wait, unused, until a key update (RFC 9001 §6). */
  private ghash: GHASH | undefined;
  private readonly counter = new Uint8Array(16);
  private readonly tagMask = new Uint8Array(16);
  private readonly lengths = new Uint8Array(16);
  private readonly expectedTag = new Uint8Array(TagLen);
  private readonly lengthsView = new DataView(this.lengths.buffer);

  constructor(key: Uint8Array) {
    this.aes = new AES(key);
    this.h = new Uint8Array(16);
    this.aes.encryptBlock(this.h); // H = AES_K(0^128)
  }

  /** Encrypts `plaintext` and appends the 16-byte tag. `nonce` is 12 bytes. */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const out = new Uint8Array(plaintext.length + TagLen);
    const ciphertext = out.subarray(0, plaintext.length);
    this.startMessage(nonce);
    this.aes.ctr32(this.counter, plaintext, ciphertext);
    this.tag(aad, ciphertext, out.subarray(plaintext.length));
    return out;
  }

  /** Checks the tag, then decrypts; `null` if the tag does not match. */
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (sealed.length < TagLen) return null;
    const ciphertext = sealed.subarray(0, sealed.length - TagLen);
    this.startMessage(nonce);
    this.tag(aad, ciphertext, this.expectedTag);
    if (!equalBytes(this.expectedTag, sealed.subarray(sealed.length - TagLen))) return null;
    const plaintext = new Uint8Array(ciphertext.length);
    this.aes.ctr32(this.counter, ciphertext, plaintext);
    return plaintext;
  }

  /** Sets J0 = nonce‖00000001, keeps AES_K(J0) to mask the tag, and leaves the counter at inc32(J0). */
  private startMessage(nonce: Uint8Array): void {
    this.counter.set(nonce);
    this.counter.fill(0, 12);
    this.counter[15] = 1;
    this.tagMask.set(this.counter);
    this.aes.encryptBlock(this.tagMask);
    this.counter[15] = 2;
  }

  /** Writes T = GHASH_H(AAD ‖ 0* ‖ C ‖ 0* ‖ [len(AAD)]₆₄ ‖ [len(C)]₆₄) ⊕ AES_K(J0) into `t`. */
  private tag(aad: Uint8Array, ciphertext: Uint8Array, t: Uint8Array): void {
    // Bit lengths as 64-bit big-endian numbers; a packet's fit in the low 32 bits.
    this.lengthsView.setUint32(4, aad.length * 8);
    this.lengthsView.setUint32(12, ciphertext.length * 8);
    this.ghash ??= new GHASH(this.h);
    this.ghash.reset().update(aad).update(ciphertext).update(this.lengths).digestInto(t);
    for (let i = 0; i < 16; i++) t[i] ^= this.tagMask[i]!;
  }
}
