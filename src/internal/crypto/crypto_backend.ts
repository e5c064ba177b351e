// Which library runs the cryptography: noble (@noble/ciphers, @noble/curves, @noble/hashes: pure
// TypeScript, audited; the default, and the one the course reads) or node (node:crypto, i.e.
// OpenSSL), chosen per connection by Config.crypto. Packet protection, the key exchange and the
// handshake signatures all follow the choice; docs/en/crypto.md lists what comes from where.
// Here: the two primitives packet protection needs, behind one interface, one implementation each:
//   - an AEAD under a fixed key (RFC 5116): AES-GCM or ChaCha20-Poly1305 (RFC 9001 §5.3),
//   - a header-protection mask from a 16-byte sample (RFC 9001 §5.4): AES-ECB or ChaCha20.
// Every object is built once per key, so per-key work (key schedules, tables) is not repeated per packet.
import { NobleAESGCM, NobleAESMask, NobleChaCha20Poly1305, NobleChaChaMask } from './aead_noble.ts';
import { NodeAEAD, NodeAESMask, NodeChaChaMask } from './aead_node.ts';

export type CryptoBackend = 'noble' | 'node';
export const DefaultCryptoBackend: CryptoBackend = 'noble';

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

export function newAEAD(alg: AEADAlgorithm, key: Uint8Array, backend: CryptoBackend): AEAD {
  if (backend === 'node') return new NodeAEAD(alg, key);
  return alg === 'aes-gcm' ? new NobleAESGCM(key) : new NobleChaCha20Poly1305(key);
}

export function newHeaderMaskCipher(alg: AEADAlgorithm, hpKey: Uint8Array, backend: CryptoBackend): HeaderMaskCipher {
  if (alg === 'aes-gcm') return backend === 'node' ? new NodeAESMask(hpKey) : new NobleAESMask(hpKey);
  return backend === 'node' ? new NodeChaChaMask(hpKey) : new NobleChaChaMask(hpKey);
}
