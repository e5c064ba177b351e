// Sealing and opening packets of one encryption level (quic-go internal/handshake/aead.go, and the
// interfaces of interface.go). A sealer protects outgoing packets: seal the payload with the
// header as associated data (RFC 9001 §5.3), then protect the header (§5.4). An opener undoes
// both, in the opposite order, for incoming packets.
import { decodePacketNumber, type PacketNumberLen } from '../protocol/packet_number.ts';
import type { PacketNumber } from '../protocol/protocol.ts';
import { Version2, type Version } from '../protocol/version.ts';
import type { KeyPhaseBit } from '../wire/short_header.ts';
import type { CipherSuite, xorNonceAEAD } from './cipher_suite.ts';
import type { CryptoBackend } from '../crypto/crypto_backend.ts';
import type { headerProtector } from './header_protector.ts';
import { hkdfExpandLabel, noContext } from './hkdf.ts';

/** A packet that fails authentication: dropped without a reply (RFC 9001 §5.3 / RFC 9000 §12.2). */
export const ErrDecryptionFailed = new Error('decryption failed');
/** A packet for keys we have already discarded (quic-go's wording). */
export const ErrKeysDropped = new Error('CryptoSetup: keys were already dropped');

/** Seals Initial, Handshake and 0-RTT packets. */
export interface LongHeaderSealer {
  /** Returns the ciphertext followed by the AEAD tag; `associatedData` is the whole header. */
  seal(plaintext: Uint8Array, pn: PacketNumber, associatedData: Uint8Array): Uint8Array;
  /** Protects the header of the sealed `packet` in place (see headerProtector.encryptHeader). */
  encryptHeader(packet: Uint8Array, pnOffset: number): void;
  /** Bytes the AEAD adds: the 16-byte tag. */
  overhead(): number;
}

/** Seals 1-RTT packets, which also carry a key phase. */
export interface ShortHeaderSealer extends LongHeaderSealer {
  /** The Key Phase bit for the next packet; may start a key update first (RFC 9001 §6.1). */
  keyPhase(): KeyPhaseBit;
}

interface HeaderDecrypter {
  /** Removes header protection in place; returns the packet number length. */
  decryptHeader(packet: Uint8Array, pnOffset: number): PacketNumberLen;
  /** Restores the full packet number from its truncated form (RFC 9000 §17.1). */
  decodePacketNumber(wirePN: PacketNumber, wirePNLen: PacketNumberLen): PacketNumber;
}

/** Opens Initial, Handshake and 0-RTT packets. */
export interface LongHeaderOpener extends HeaderDecrypter {
  /** Returns the plaintext; throws ErrDecryptionFailed if the packet fails authentication. */
  open(ciphertext: Uint8Array, pn: PacketNumber, associatedData: Uint8Array): Uint8Array;
}

/** Opens 1-RTT packets, whose key phase may change (RFC 9001 §6). Time is in ms. */
export interface ShortHeaderOpener extends HeaderDecrypter {
  /** Returns the plaintext; throws ErrDecryptionFailed, ErrKeysDropped or a KEY_UPDATE_ERROR / AEAD_LIMIT_REACHED TransportError. */
  open(ciphertext: Uint8Array, rcvTime: number, pn: PacketNumber, kp: KeyPhaseBit, associatedData: Uint8Array): Uint8Array;
}

/** RFC 9001 §5.1 uses "quic key" / "quic iv"; QUIC v2 uses "quicv2 key" / "quicv2 iv" (RFC 9369 §3.3.2). */
export function hkdfLabelKey(v: Version): string {
  return v === Version2 ? 'quicv2 key' : 'quic key';
}
export function hkdfLabelIV(v: Version): string {
  return v === Version2 ? 'quicv2 iv' : 'quic iv';
}

/** The packet protection AEAD for a traffic secret: key and IV by HKDF-Expand-Label (RFC 9001 §5.1). */
export function createAEAD(suite: CipherSuite, trafficSecret: Uint8Array, v: Version, backend: CryptoBackend): xorNonceAEAD {
  const key = hkdfExpandLabel(suite.hash, trafficSecret, hkdfLabelKey(v), noContext, suite.keyLen);
  const iv = hkdfExpandLabel(suite.hash, trafficSecret, hkdfLabelIV(v), noContext, suite.ivLen);
  return suite.aead(key, iv, backend);
}

export function newLongHeaderSealer(aead: xorNonceAEAD, hp: headerProtector): LongHeaderSealer {
  return new longHeaderSealer(aead, hp);
}

export function newLongHeaderOpener(aead: xorNonceAEAD, hp: headerProtector): LongHeaderOpener {
  return new longHeaderOpener(aead, hp);
}

// The class names are quic-go's (unexported there, unexported here).
class longHeaderSealer implements LongHeaderSealer {
  constructor(
    private readonly aead: xorNonceAEAD,
    private readonly headerProtector: headerProtector,
  ) {}

  seal(plaintext: Uint8Array, pn: PacketNumber, associatedData: Uint8Array): Uint8Array {
    return this.aead.seal(plaintext, pn, associatedData);
  }

  encryptHeader(packet: Uint8Array, pnOffset: number): void {
    this.headerProtector.encryptHeader(packet, pnOffset);
  }

  overhead(): number {
    return this.aead.overhead();
  }
}

class longHeaderOpener implements LongHeaderOpener {
  /** The highest packet number successfully opened: the base for decoding the next one. */
  private highestRcvdPN: PacketNumber = 0;

  constructor(
    private readonly aead: xorNonceAEAD,
    private readonly headerProtector: headerProtector,
  ) {}

  decryptHeader(packet: Uint8Array, pnOffset: number): PacketNumberLen {
    return this.headerProtector.decryptHeader(packet, pnOffset);
  }

  decodePacketNumber(wirePN: PacketNumber, wirePNLen: PacketNumberLen): PacketNumber {
    return decodePacketNumber(wirePNLen, this.highestRcvdPN, wirePN);
  }

  open(ciphertext: Uint8Array, pn: PacketNumber, associatedData: Uint8Array): Uint8Array {
    const plaintext = this.aead.open(ciphertext, pn, associatedData);
    if (!plaintext) throw ErrDecryptionFailed;
    // Only an authenticated packet may move the decoding window (RFC 9000 §17.1).
    this.highestRcvdPN = Math.max(this.highestRcvdPN, pn);
    return plaintext;
  }
}
