// Packet protection on node:crypto (OpenSSL), the opt-in backend: the AEADs of RFC 9001 §5.3 and
// the header-protection masks of §5.4.
import type { Cipher, CipherGCMTypes } from 'node:crypto';
import { nodeBuiltin } from '../utils/node_builtin.ts';

const nodeCrypto = () => nodeBuiltin('node:crypto'); // looked up on first use: never in a page that keeps to noble
import { AEADTagLen, type AEAD, type AEADAlgorithm, type HeaderMaskCipher } from './interface.ts';

/** node:crypto's AEADs; OpenSSL sets up a key per call, which with AES-NI costs next to nothing. */
export class NodeAEAD implements AEAD {
  constructor(
    private readonly alg: AEADAlgorithm,
    private readonly key: Uint8Array,
  ) {}
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const c = this.alg === 'aes-gcm'
      ? nodeCrypto().createCipheriv(aesGCMName(this.key), this.key, nonce, { authTagLength: AEADTagLen })
      : nodeCrypto().createCipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: AEADTagLen });
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
      ? nodeCrypto().createDecipheriv(aesGCMName(this.key), this.key, nonce, { authTagLength: AEADTagLen })
      : nodeCrypto().createDecipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: AEADTagLen });
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

function aesGCMName(key: Uint8Array): CipherGCMTypes {
  return key.length === 32 ? 'aes-256-gcm' : 'aes-128-gcm';
}

/** A Buffer as a plain Uint8Array (same memory): a Buffer's `slice` shares memory, a Uint8Array's copies. */
function plainBytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** mask = AES-ECB(hp_key, sample) (RFC 9001 §5.4.3): ECB is stateless, so one OpenSSL context per key serves every sample. */
export class NodeAESMask implements HeaderMaskCipher {
  private readonly ecb: Cipher;
  constructor(hpKey: Uint8Array) {
    this.ecb = nodeCrypto().createCipheriv(`aes-${hpKey.length * 8}-ecb`, hpKey, null).setAutoPadding(false);
  }
  mask(sample: Uint8Array, offset = 0): Uint8Array {
    return plainBytes(this.ecb.update(sample.subarray(offset, offset + 16)));
  }
}

/**
 * mask = ChaCha20 (RFC 9001 §5.4.4). OpenSSL's `chacha20` takes a 16-byte IV = 32-bit
 * little-endian counter ‖ 96-bit nonce: the sample as is, whatever the counter.
 */
export class NodeChaChaMask implements HeaderMaskCipher {
  private static readonly zeros = new Uint8Array(5);
  constructor(private readonly hpKey: Uint8Array) {}
  mask(sample: Uint8Array, offset = 0): Uint8Array {
    return plainBytes(nodeCrypto().createCipheriv('chacha20', this.hpKey, sample.subarray(offset, offset + 16)).update(NodeChaChaMask.zeros));
  }
}
