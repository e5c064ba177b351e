// Header protection (quic-go internal/handshake/header_protector.go; RFC 9001 §5.4).
// After a packet is sealed, its packet number and the low bits of its first byte are hidden by
// XOR with a mask computed from a sample of the ciphertext; the receiver recomputes the same mask
// from the same sample and XORs again. The header-protection key comes from the traffic secret
// ("quic hp") and, unlike the packet protection key, does not change with key updates (RFC 9001 §6).
import type { PacketNumberLen } from '../protocol/packet_number.ts';
import { Version2, type Version } from '../protocol/version.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import type { CipherSuite } from './cipher_suite.ts';
import type { CryptoBackend, HeaderMaskCipher } from '../crypto/crypto_backend.ts';
import { hkdfExpandLabel, noContext } from './hkdf.ts';

/** The sample is 16 bytes of ciphertext (RFC 9001 §5.4.2). */
export const SampleLen = 16;
/** The sample starts 4 bytes after the packet number's first byte, as if it were 4 bytes long (§5.4.2). */
const SampleOffset = 4;

/** RFC 9001 §5.1 uses "quic hp"; QUIC v2 uses "quicv2 hp" (RFC 9369 §3.3.2). */
export function hkdfHeaderProtectionLabel(v: Version): string {
  return v === Version2 ? 'quicv2 hp' : 'quic hp';
}

/** quic-go's headerProtector interface, one class for both of its structs (aes and chacha), the mask from the backend's cipher. */
export class headerProtector {
  constructor(private readonly cipher: HeaderMaskCipher) {}

  /**
   * Protects the header of `packet` (which starts at its first byte and is already sealed):
   * masks the low 4 (long header) or 5 (short header) bits of the first byte and the packet
   * number, whose length the still unprotected first byte gives.
   */
  encryptHeader(packet: Uint8Array, pnOffset: number): void {
    const pnLen = ((packet[0] & 0x03) + 1) as PacketNumberLen;
    const mask = this.mask(packet, pnOffset);
    packet[0] ^= mask[0] & firstByteMaskBits(packet[0]);
    for (let i = 0; i < pnLen; i++) packet[pnOffset + i] ^= mask[1 + i];
  }

  /**
   * Removes header protection in place and returns the packet number length, which is known only
   * once the first byte is unmasked. Throws a PROTOCOL_VIOLATION TransportError if the packet is
   * too short to hold a sample: such a packet cannot be authentic.
   */
  decryptHeader(packet: Uint8Array, pnOffset: number): PacketNumberLen {
    const mask = this.mask(packet, pnOffset);
    packet[0] ^= mask[0] & firstByteMaskBits(packet[0]);
    const pnLen = ((packet[0] & 0x03) + 1) as PacketNumberLen;
    for (let i = 0; i < pnLen; i++) packet[pnOffset + i] ^= mask[1 + i];
    return pnLen;
  }

  private mask(packet: Uint8Array, pnOffset: number): Uint8Array {
    const sampleStart = pnOffset + SampleOffset;
    if (packet.length < sampleStart + SampleLen) {
      throw protocolError(
        TransportErrorCode.ProtocolViolation,
        `packet too small for header protection: ${packet.length} bytes, the sample needs ${sampleStart + SampleLen}`,
      );
    }
    return this.cipher.mask(packet, sampleStart);
  }
}

/** The header form bit is never protected: long headers hide 4 bits (type-specific), short 5 (incl. Key Phase). */
function firstByteMaskBits(firstByte: number): number {
  return firstByte & 0x80 ? 0x0f : 0x1f;
}

/** The header protector for a traffic secret: hp = HKDF-Expand-Label(secret, "quic hp", "", key length). */
export function newHeaderProtector(suite: CipherSuite, trafficSecret: Uint8Array, v: Version, backend: CryptoBackend): headerProtector {
  const hpKey = hkdfExpandLabel(suite.hash, trafficSecret, hkdfHeaderProtectionLabel(v), noContext, suite.keyLen);
  return new headerProtector(suite.headerMaskCipher(hpKey, backend));
}
