// The two cryptographic primitives packet protection needs, behind one interface with two
// implementations: noble (pure TypeScript; the default, and the one the course reads: AES-GCM from
// aes.ts and ghash.ts, because noble's AES allocates per block, and ChaCha20-Poly1305 from
// chacha20_poly1305.ts, because noble's builds a cipher per message)
// and node (node:crypto, i.e. OpenSSL), selectable per connection to compare speed.
//   - an AEAD under a fixed key (RFC 5116): AES-GCM or ChaCha20-Poly1305 (RFC 9001 §5.3),
//   - a header-protection mask from a 16-byte sample (RFC 9001 §5.4): AES-ECB or ChaCha20.
// Every object is built once per key, so per-key work (key schedules, tables) is not repeated
// per packet.
import { createCipheriv, createDecipheriv, type Cipher, type CipherGCMTypes } from 'node:crypto';
import { AES } from './aes.ts';
import { AESGCM } from './aes_gcm.ts';
import { chacha20Block, ChaCha20Poly1305 } from './chacha20_poly1305.ts';
import { le32, setLE32 } from './poly1305.ts';

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
  return alg === 'aes-gcm' ? new AESGCM(key) : new ChaCha20Poly1305(key);
}

export function newHeaderMaskCipher(alg: AEADAlgorithm, hpKey: Uint8Array, backend: CryptoBackend): HeaderMaskCipher {
  if (alg === 'aes-gcm') return backend === 'node' ? new NodeAESMask(hpKey) : new NobleAESMask(hpKey);
  return backend === 'node' ? new NodeChaChaMask(hpKey) : new NobleChaChaMask(hpKey);
}

// --- noble ---

/** The last AES mask, shared by all keys: the header protector applies it before the next packet. */
const aesMask = new Uint8Array(16);

/** mask = AES-ECB(hp_key, sample) (RFC 9001 §5.4.3), with the key schedule expanded once. */
class NobleAESMask implements HeaderMaskCipher {
  private readonly aes: AES;
  constructor(hpKey: Uint8Array) {
    this.aes = new AES(hpKey);
  }
  mask(sample: Uint8Array, offset = 0): Uint8Array {
    this.aes.encryptBlock(aesMask, sample, offset);
    return aesMask;
  }
}

/**
 * mask = ChaCha20(hp_key, counter = sample[0..3] little-endian, nonce = sample[4..15], {0,0,0,0,0})
 * (RFC 9001 §5.4.4): the first 5 bytes of one keystream block. Any counter is allowed, 0xffffffff
 * too, which noble's `chacha20()` would refuse.
 */
class NobleChaChaMask implements HeaderMaskCipher {
  private readonly key = new Uint32Array(8);
  private readonly nonce = new Uint32Array(3);
  private readonly block = new Uint32Array(16);
  constructor(hpKey: Uint8Array) {
    for (let i = 0; i < 8; i++) this.key[i] = le32(hpKey, 4 * i);
  }
  mask(sample: Uint8Array, offset = 0): Uint8Array {
    for (let i = 0; i < 3; i++) this.nonce[i] = le32(sample, offset + 4 + 4 * i);
    chacha20Block(this.key, le32(sample, offset), this.nonce, this.block);
    const mask = new Uint8Array(8);
    setLE32(mask, 0, this.block[0]!);
    setLE32(mask, 4, this.block[1]!);
    return mask;
  }
}

// --- node:crypto ---

/** node:crypto's AEADs; OpenSSL sets up a key per call, which with AES-NI costs next to nothing. */
class NodeAEAD implements AEAD {
  constructor(
    private readonly alg: AEADAlgorithm,
    private readonly key: Uint8Array,
  ) {}
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const c = this.alg === 'aes-gcm'
      ? createCipheriv(aesGCMName(this.key), this.key, nonce, { authTagLength: AEADTagLen })
      : createCipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: AEADTagLen });
    c.setAAD(aad, { plaintextLength: plaintext.length });
    const out = new Uint8Array(plaintext.length + AEADTagLen);
    out.set(c.update(plaintext));
    c.final();
    out.set(c.getAuthTag(), plaintext.length);
    return out;
  }
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (sealed.length < AEADTagLen) return null;
    const ciphertext = sealed.subarray(0, sealed.length - AEADTagLen);
    const d = this.alg === 'aes-gcm'
      ? createDecipheriv(aesGCMName(this.key), this.key, nonce, { authTagLength: AEADTagLen })
      : createDecipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: AEADTagLen });
    d.setAAD(aad, { plaintextLength: ciphertext.length });
    d.setAuthTag(sealed.subarray(sealed.length - AEADTagLen));
    const plaintext = d.update(ciphertext);
    try {
      d.final(); // throws if the tag does not match
    } catch {
      return null;
    }
    return plainBytes(plaintext);
  }
}

/** A Buffer as a plain Uint8Array (same memory): a Buffer's `slice` shares memory, a Uint8Array's copies. */
function plainBytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function aesGCMName(key: Uint8Array): CipherGCMTypes {
  return key.length === 32 ? 'aes-256-gcm' : 'aes-128-gcm';
}

/** AES-ECB is stateless, so one OpenSSL context per key serves every sample. */
class NodeAESMask implements HeaderMaskCipher {
  private readonly ecb: Cipher;
  constructor(hpKey: Uint8Array) {
    this.ecb = createCipheriv(`aes-${hpKey.length * 8}-ecb`, hpKey, null).setAutoPadding(false);
  }
  mask(sample: Uint8Array, offset = 0): Uint8Array {
    return plainBytes(this.ecb.update(sample.subarray(offset, offset + 16)));
  }
}

/** OpenSSL's `chacha20` takes a 16-byte IV = 32-bit little-endian counter ‖ 96-bit nonce: the sample as is. */
class NodeChaChaMask implements HeaderMaskCipher {
  private static readonly zeros = new Uint8Array(5);
  constructor(private readonly hpKey: Uint8Array) {}
  mask(sample: Uint8Array, offset = 0): Uint8Array {
    return plainBytes(createCipheriv('chacha20', this.hpKey, sample.subarray(offset, offset + 16)).update(NodeChaChaMask.zeros));
  }
}
