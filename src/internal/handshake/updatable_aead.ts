// 1-RTT packet protection with key updates (quic-go internal/handshake/updatable_aead.go;
// RFC 9001 §6). Either endpoint may switch to the next generation of 1-RTT keys at any time
// once the handshake is confirmed; the Key Phase bit of the short header tells the peer which
// generation protects a packet. Each generation's secret follows from the previous one:
//   secret_<n+1> = HKDF-Expand-Label(secret_<n>, "quic ku", "", Hash.length)      (RFC 9001 §6.1)
// and key and IV are derived from it as usual. The header protection key is not updated.
// Times are in milliseconds.
import { InvalidPacketLimitAES, InvalidPacketLimitChaCha, InvalidPacketNumber, type PacketNumber } from '../protocol/protocol.ts';
import { KeyUpdateInterval } from '../protocol/params.ts';
import { decodePacketNumber, type PacketNumberLen } from '../protocol/packet_number.ts';
import { Version2, type Version } from '../protocol/version.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { TransportError } from '../qerr/errors.ts';
import type { RTTStats } from '../utils/rtt_stats.ts';
import type { KeyPhaseBit } from '../wire/short_header.ts';
import { createAEAD, ErrDecryptionFailed, ErrKeysDropped, type ShortHeaderOpener, type ShortHeaderSealer } from './aead.ts';
import type { CipherSuite, xorNonceAEAD } from './cipher_suite.ts';
import { DefaultCryptoBackend, type CryptoBackend } from '../crypto/crypto_backend.ts';
import { newHeaderProtector, type headerProtector } from './header_protector.ts';
import { hkdfExpandLabel, noContext, type Hash } from './hkdf.ts';
import { TLS_CHACHA20_POLY1305_SHA256 } from '../tls/cipher_suites.ts';

/**
 * quic-go updates the keys for the first time soon after the handshake, so that every connection
 * exercises key updates (and a peer that cannot handle them is found early).
 */
export const FirstKeyUpdateInterval = 100;

/** After how many packets sent or received with one key phase we start a key update. */
export interface KeyUpdateIntervals {
  first: number;
  subsequent: number;
}

/** "quic ku" in QUIC v1, "quicv2 ku" in QUIC v2 (RFC 9369 §3.3.2). quic-go v0.47.0 uses "quic ku" for both. */
export function hkdfLabelKeyUpdate(v: Version): string {
  return v === Version2 ? 'quicv2 ku' : 'quic ku';
}

function keyPhaseBit(phase: number): KeyPhaseBit {
  return phase % 2 === 0 ? 0 : 1;
}

export class updatableAEAD implements ShortHeaderSealer, ShortHeaderOpener {
  private suite: CipherSuite | undefined;

  /** How many key updates have happened; the Key Phase bit is its parity. */
  private phase = 0;
  private largestAcked: PacketNumber = InvalidPacketNumber;
  private handshakeConfirmed = false;

  /** Packets that failed authentication, counted against the AEAD's integrity limit (RFC 9001 §6.6). */
  private invalidPacketLimit = 0;
  private invalidPacketCount = 0;

  /** The previous generation's receive key, kept for reordered packets until `prevRcvAEADExpiry`. */
  private prevRcvAEAD: xorNonceAEAD | undefined;
  private prevRcvAEADExpiry: number | undefined;

  private firstRcvdWithCurrentKey: PacketNumber = InvalidPacketNumber;
  private firstSentWithCurrentKey: PacketNumber = InvalidPacketNumber;
  /** The highest packet number successfully opened: the base for decoding the next one. */
  private highestRcvdPN: PacketNumber = 0;
  private numRcvdWithCurrentKey = 0;
  private numSentWithCurrentKey = 0;
  private rcvAEAD!: xorNonceAEAD;
  private sendAEAD!: xorNonceAEAD;

  // The next generation is derived ahead of time: a packet in the next key phase can be
  // opened without delay, and a failed attempt costs no key derivation (RFC 9001 §9.5).
  private nextRcvAEAD!: xorNonceAEAD;
  private nextSendAEAD!: xorNonceAEAD;
  private nextRcvTrafficSecret!: Uint8Array;
  private nextSendTrafficSecret!: Uint8Array;

  private headerDecrypter!: headerProtector;
  private headerEncrypter!: headerProtector;

  constructor(
    private readonly rttStats: Pick<RTTStats, 'pto'>,
    private readonly version: Version,
    private readonly backend: CryptoBackend = DefaultCryptoBackend,
    private readonly intervals: KeyUpdateIntervals = { first: FirstKeyUpdateInterval, subsequent: KeyUpdateInterval },
  ) {}

  /** Installs the peer's 1-RTT secret (the client gets it before its write key, the server after). */
  setReadKey(suite: CipherSuite, trafficSecret: Uint8Array): void {
    this.rcvAEAD = createAEAD(suite, trafficSecret, this.version, this.backend);
    this.headerDecrypter = newHeaderProtector(suite, trafficSecret, this.version, this.backend);
    this.setAEADParameters(suite);
    this.nextRcvTrafficSecret = this.getNextTrafficSecret(suite.hash, trafficSecret);
    this.nextRcvAEAD = createAEAD(suite, this.nextRcvTrafficSecret, this.version, this.backend);
  }

  /** Installs our own 1-RTT secret. */
  setWriteKey(suite: CipherSuite, trafficSecret: Uint8Array): void {
    this.sendAEAD = createAEAD(suite, trafficSecret, this.version, this.backend);
    this.headerEncrypter = newHeaderProtector(suite, trafficSecret, this.version, this.backend);
    this.setAEADParameters(suite);
    this.nextSendTrafficSecret = this.getNextTrafficSecret(suite.hash, trafficSecret);
    this.nextSendAEAD = createAEAD(suite, this.nextSendTrafficSecret, this.version, this.backend);
  }

  private setAEADParameters(suite: CipherSuite): void {
    if (this.suite) return;
    this.suite = suite;
    this.invalidPacketLimit = suite.id === TLS_CHACHA20_POLY1305_SHA256 ? InvalidPacketLimitChaCha : InvalidPacketLimitAES;
  }

  private getNextTrafficSecret(hash: Hash, secret: Uint8Array): Uint8Array {
    return hkdfExpandLabel(hash, secret, hkdfLabelKeyUpdate(this.version), noContext, hash.outputLen);
  }

  /** Moves to the next key phase: the current receive key becomes the previous one. */
  private rollKeys(): void {
    const suite = this.suite!;
    this.phase++;
    this.firstRcvdWithCurrentKey = InvalidPacketNumber;
    this.firstSentWithCurrentKey = InvalidPacketNumber;
    this.numRcvdWithCurrentKey = 0;
    this.numSentWithCurrentKey = 0;
    // A key two generations old is dropped now, even if its timer has not fired.
    this.prevRcvAEAD = this.rcvAEAD;
    this.prevRcvAEADExpiry = undefined;
    this.rcvAEAD = this.nextRcvAEAD;
    this.sendAEAD = this.nextSendAEAD;
    this.nextRcvTrafficSecret = this.getNextTrafficSecret(suite.hash, this.nextRcvTrafficSecret);
    this.nextSendTrafficSecret = this.getNextTrafficSecret(suite.hash, this.nextSendTrafficSecret);
    this.nextRcvAEAD = createAEAD(suite, this.nextRcvTrafficSecret, this.version, this.backend);
    this.nextSendAEAD = createAEAD(suite, this.nextSendTrafficSecret, this.version, this.backend);
  }

  /** The previous receive key is kept for three PTOs after both sides use the new phase (RFC 9001 §6.5). */
  private startKeyDropTimer(now: number): void {
    this.prevRcvAEADExpiry = now + 3 * this.rttStats.pto(true);
  }

  decryptHeader(packet: Uint8Array, pnOffset: number): PacketNumberLen {
    return this.headerDecrypter.decryptHeader(packet, pnOffset);
  }

  decodePacketNumber(wirePN: PacketNumber, wirePNLen: PacketNumberLen): PacketNumber {
    return decodePacketNumber(wirePNLen, this.highestRcvdPN, wirePN);
  }

  open(ciphertext: Uint8Array, rcvTime: number, pn: PacketNumber, kp: KeyPhaseBit, associatedData: Uint8Array): Uint8Array {
    const plaintext = this.openWithKeyPhase(ciphertext, rcvTime, pn, kp, associatedData);
    if (!plaintext) {
      this.invalidPacketCount++;
      if (this.invalidPacketCount >= this.invalidPacketLimit) {
        throw new TransportError({ errorCode: TransportErrorCode.AEADLimitReached });
      }
      throw ErrDecryptionFailed;
    }
    this.highestRcvdPN = Math.max(this.highestRcvdPN, pn);
    return plaintext;
  }

  /** Picks the key by the Key Phase bit (RFC 9001 §6.3); `null` if authentication fails. */
  private openWithKeyPhase(ciphertext: Uint8Array, rcvTime: number, pn: PacketNumber, kp: KeyPhaseBit, ad: Uint8Array): Uint8Array | null {
    if (this.prevRcvAEAD && this.prevRcvAEADExpiry !== undefined && rcvTime > this.prevRcvAEADExpiry) {
      this.prevRcvAEAD = undefined;
      this.prevRcvAEADExpiry = undefined;
    }
    if (kp !== keyPhaseBit(this.phase)) {
      // The other phase: a late packet of the previous one if we updated and have not seen the
      // new phase from the peer yet, or if it is older than the first packet of this phase…
      if ((this.phase > 0 && this.firstRcvdWithCurrentKey === InvalidPacketNumber) || pn < this.firstRcvdWithCurrentKey) {
        if (!this.prevRcvAEAD) throw ErrKeysDropped;
        return this.prevRcvAEAD.open(ciphertext, pn, ad);
      }
      // …otherwise the peer has started a key update (RFC 9001 §6.2).
      const plaintext = this.nextRcvAEAD.open(ciphertext, pn, ad);
      if (!plaintext) return null;
      // It may do so only after we acknowledged a packet of the current phase, which needs us to have sent one.
      if (this.phase > 0 && this.firstSentWithCurrentKey === InvalidPacketNumber) {
        throw new TransportError({ errorCode: TransportErrorCode.KeyUpdateError, errorMessage: 'keys updated too quickly' });
      }
      this.rollKeys();
      this.startKeyDropTimer(rcvTime);
      this.firstRcvdWithCurrentKey = pn;
      return plaintext;
    }
    const plaintext = this.rcvAEAD.open(ciphertext, pn, ad);
    if (!plaintext) return null;
    this.numRcvdWithCurrentKey++;
    if (this.firstRcvdWithCurrentKey === InvalidPacketNumber) {
      // We initiated the update and this is the peer's first packet in the new phase: the peer
      // has the new keys too, so the old ones may go after the drop timer.
      if (this.phase > 0) this.startKeyDropTimer(rcvTime);
      this.firstRcvdWithCurrentKey = pn;
    }
    return plaintext;
  }

  seal(plaintext: Uint8Array, pn: PacketNumber, associatedData: Uint8Array): Uint8Array {
    if (this.firstSentWithCurrentKey === InvalidPacketNumber) this.firstSentWithCurrentKey = pn;
    this.numSentWithCurrentKey++;
    return this.sendAEAD.seal(plaintext, pn, associatedData);
  }

  /**
   * Tells the AEAD the largest 1-RTT packet number the peer acknowledged. Throws a KEY_UPDATE_ERROR
   * if the peer acknowledged a packet of our new key phase without having updated its keys (RFC 9001 §6.2).
   */
  setLargestAcked(pn: PacketNumber): void {
    if (this.firstSentWithCurrentKey !== InvalidPacketNumber && pn >= this.firstSentWithCurrentKey && this.numRcvdWithCurrentKey === 0) {
      throw new TransportError({
        errorCode: TransportErrorCode.KeyUpdateError,
        errorMessage: `received ACK for key phase ${this.phase}, but peer didn't update keys`,
      });
    }
    this.largestAcked = pn;
  }

  /** Key updates are allowed only once the handshake is confirmed (RFC 9001 §6.1). */
  setHandshakeConfirmed(): void {
    this.handshakeConfirmed = true;
  }

  /** The first update right after confirmation; later ones once a packet of the current phase was acknowledged (RFC 9001 §6.1). */
  private updateAllowed(): boolean {
    if (!this.handshakeConfirmed) return false;
    return (
      this.phase === 0 ||
      (this.firstSentWithCurrentKey !== InvalidPacketNumber &&
        this.largestAcked !== InvalidPacketNumber &&
        this.largestAcked >= this.firstSentWithCurrentKey)
    );
  }

  private shouldInitiateKeyUpdate(): boolean {
    if (!this.updateAllowed()) return false;
    const interval = this.phase === 0 ? this.intervals.first : this.intervals.subsequent;
    return this.numRcvdWithCurrentKey >= interval || this.numSentWithCurrentKey >= interval;
  }

  keyPhase(): KeyPhaseBit {
    if (this.shouldInitiateKeyUpdate()) this.rollKeys();
    return keyPhaseBit(this.phase);
  }

  overhead(): number {
    return this.sendAEAD.overhead();
  }

  encryptHeader(packet: Uint8Array, pnOffset: number): void {
    this.headerEncrypter.encryptHeader(packet, pnOffset);
  }
}
