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
import type { AEAD, AEADAlgorithm, HeaderMaskCipher } from './interface.ts';

export type CryptoBackend = 'noble' | 'node';
export const DefaultCryptoBackend: CryptoBackend = 'noble';

export { AEADTagLen, type AEAD, type AEADAlgorithm, type HeaderMaskCipher } from './interface.ts';

export function newAEAD(alg: AEADAlgorithm, key: Uint8Array, backend: CryptoBackend): AEAD {
  if (backend === 'node') return new NodeAEAD(alg, key);
  return alg === 'aes-gcm' ? new NobleAESGCM(key) : new NobleChaCha20Poly1305(key);
}

export function newHeaderMaskCipher(alg: AEADAlgorithm, hpKey: Uint8Array, backend: CryptoBackend): HeaderMaskCipher {
  if (alg === 'aes-gcm') return backend === 'node' ? new NodeAESMask(hpKey) : new NobleAESMask(hpKey);
  return backend === 'node' ? new NodeChaChaMask(hpKey) : new NobleChaChaMask(hpKey);
}
