// The TLS 1.3 cipher suites as QUIC packet protection uses them (quic-go
// internal/handshake/cipher_suite.go; RFC 9001 §5.3): each names a hash for HKDF, an AEAD with
// its key length, and — by the AEAD's family — the header-protection cipher (RFC 9001 §5.4.3-4).
import type { PacketNumber } from '../protocol/protocol.ts';
import { sha256, sha384, type Hash } from './hkdf.ts';
import { TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256 } from '../tls/cipher_suites.ts';
import {
  AEADTagLen,
  newAEAD,
  newHeaderMaskCipher,
  type AEAD,
  type AEADAlgorithm,
  type CryptoBackend,
  type HeaderMaskCipher,
} from '../crypto/crypto_backend.ts';

/** Every TLS 1.3 AEAD takes a 12-byte nonce (RFC 8446 §5.3), so every IV is 12 bytes. */
const aeadNonceLength = 12;

export interface CipherSuite {
  readonly id: number;
  readonly hash: Hash;
  /** Length of the AEAD key and of the header-protection key. */
  readonly keyLen: number;
  readonly ivLen: number;
  /** The suite's AEAD under `key`, with `iv` as the nonce mask (RFC 9001 §5.3). */
  aead(key: Uint8Array, iv: Uint8Array, backend: CryptoBackend): xorNonceAEAD;
  /** The header-protection cipher under `hpKey`: AES-ECB (RFC 9001 §5.4.3) or ChaCha20 (§5.4.4). */
  headerMaskCipher(hpKey: Uint8Array, backend: CryptoBackend): HeaderMaskCipher;
}

function cipherSuite(id: number, hash: Hash, keyLen: number, alg: AEADAlgorithm): CipherSuite {
  return {
    id,
    hash,
    keyLen,
    ivLen: aeadNonceLength,
    aead: (key, iv, backend) => new xorNonceAEAD(newAEAD(alg, key, backend), iv),
    headerMaskCipher: (hpKey, backend) => newHeaderMaskCipher(alg, hpKey, backend),
  };
}

const suites: readonly CipherSuite[] = [
  cipherSuite(TLS_AES_128_GCM_SHA256, sha256, 16, 'aes-gcm'),
  cipherSuite(TLS_AES_256_GCM_SHA384, sha384, 32, 'aes-gcm'),
  cipherSuite(TLS_CHACHA20_POLY1305_SHA256, sha256, 32, 'chacha20-poly1305'),
];

/** The suite with this TLS id. The handshake only negotiates these three, so another id is a bug. */
export function getCipherSuite(id: number): CipherSuite {
  const suite = suites.find((s) => s.id === id);
  if (!suite) throw new Error(`unknown cipher suite: 0x${id.toString(16)}`);
  return suite;
}

/**
 * An AEAD whose nonce is derived from the packet number (RFC 9001 §5.3): "The 62 bits of the
 * reconstructed QUIC packet number in network byte order are left-padded with zeros to the size
 * of the IV. The exclusive OR of the padded packet number and the IV forms the AEAD nonce."
 * Go's crypto/tls xorNonceAEAD, which quic-go uses through its aead.go.
 */
export class xorNonceAEAD {
  private readonly nonce = new Uint8Array(aeadNonceLength);

  constructor(
    private readonly aead: AEAD,
    private readonly iv: Uint8Array,
  ) {}

  overhead(): number {
    return AEADTagLen;
  }

  seal(plaintext: Uint8Array, pn: PacketNumber, associatedData: Uint8Array): Uint8Array {
    return this.aead.seal(this.nonceFor(pn), plaintext, associatedData);
  }

  /** The plaintext, or `null` if the packet fails authentication. */
  open(ciphertext: Uint8Array, pn: PacketNumber, associatedData: Uint8Array): Uint8Array | null {
    return this.aead.open(this.nonceFor(pn), ciphertext, associatedData);
  }

  private nonceFor(pn: PacketNumber): Uint8Array {
    this.nonce.set(this.iv);
    // Packet numbers stay below 2^53, so they are exact in a double: take bytes by division.
    for (let i = aeadNonceLength - 1, rest = pn; rest > 0; i--, rest = Math.floor(rest / 256)) {
      this.nonce[i] ^= rest % 256;
    }
    return this.nonce;
  }
}
