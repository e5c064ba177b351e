// What a crypto backend provides for packet protection (crypto_backend.ts picks one): an AEAD
// under a fixed key (RFC 5116) and a header-protection mask (RFC 9001 §5.4).
/** The AEAD algorithms of TLS 1.3's cipher suites. */
export type AEADAlgorithm = 'aes-gcm' | 'chacha20-poly1305';

/** An AEAD with its key fixed: one message per call, 12-byte nonce, 16-byte tag. */
export interface AEAD {
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** The plaintext, or `null` if the ciphertext or the AAD fails authentication. */
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null;
}

/** The header-protection function of RFC 9001 §5.4.1: at least 5 mask bytes from a 16-byte sample. */
export interface HeaderMaskCipher {
  /** The mask for the 16 bytes at sample[offset]; it may be overwritten by the next call. */
  mask(sample: Uint8Array, offset?: number): Uint8Array;
}

export const AEADTagLen = 16;
