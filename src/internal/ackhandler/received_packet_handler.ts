// The receive side of the ACK machinery (quic-go internal/ackhandler/received_packet_handler.go):
// one tracker per packet number space, dropped with that space's keys (RFC 9001 §4.9).
import type { PacketNumber } from '../protocol/protocol.ts';
import { EncryptionLevel, InvalidPacketNumber, encryptionLevelName } from '../protocol/protocol.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import type { AckFrame } from '../wire/frame.ts';
import { appDataReceivedPacketTracker, receivedPacketTracker } from './received_packet_tracker.ts';

/** What the receive side needs from the send side (quic-go's sentPacketTracker). */
export interface sentPacketTracker {
  /** 1-RTT packets below this number were covered by an ACK of ours that the peer has acknowledged. */
  getLowestPacketNotConfirmedAcked(): PacketNumber;
  /** A packet of this level was received and decrypted (a Handshake packet validates the client's address). */
  receivedPacket(level: EncryptionLevel, now: number): void;
}

export class receivedPacketHandler {
  private initialPackets: receivedPacketTracker | undefined = new receivedPacketTracker();
  private handshakePackets: receivedPacketTracker | undefined = new receivedPacketTracker();
  private readonly appDataPackets = new appDataReceivedPacketTracker();
  private lowest1RTTPacket: PacketNumber = InvalidPacketNumber;

  constructor(private readonly sentPackets: sentPacketTracker) {}

  /**
   * Records a decrypted packet. The caller has already discarded duplicates with isPotentiallyDuplicate.
   * Throws PROTOCOL_VIOLATION for a 0-RTT packet numbered above a 1-RTT packet: a client sends
   * no 0-RTT packet once it has 1-RTT keys.
   */
  receivedPacket(pn: PacketNumber, level: EncryptionLevel, rcvTime: number, ackEliciting: boolean): void {
    this.sentPackets.receivedPacket(level, rcvTime);
    switch (level) {
      case EncryptionLevel.Initial:
        this.initialPackets?.receivedPacket(pn, ackEliciting);
        return;
      case EncryptionLevel.Handshake:
        // The space may have been dropped while processing this very packet's CRYPTO frame.
        this.handshakePackets?.receivedPacket(pn, ackEliciting);
        return;
      case EncryptionLevel.ZeroRTT:
        if (this.lowest1RTTPacket !== InvalidPacketNumber && pn > this.lowest1RTTPacket) {
          throw protocolError(
            TransportErrorCode.ProtocolViolation,
            `received packet number ${pn} on a 0-RTT packet after receiving ${this.lowest1RTTPacket} on a 1-RTT packet`,
          );
        }
        this.appDataPackets.receivedPacket(pn, rcvTime, ackEliciting);
        return;
      case EncryptionLevel.OneRTT:
        if (this.lowest1RTTPacket === InvalidPacketNumber || pn < this.lowest1RTTPacket) this.lowest1RTTPacket = pn;
        this.appDataPackets.receivedPacket(pn, rcvTime, ackEliciting);
        this.appDataPackets.ignoreBelow(this.sentPackets.getLowestPacketNotConfirmedAcked());
        return;
    }
  }

  /** Keys for Initial or Handshake were discarded: forget that space. Dropping 0-RTT changes nothing here. */
  dropPackets(level: EncryptionLevel): void {
    if (level === EncryptionLevel.Initial) this.initialPackets = undefined;
    else if (level === EncryptionLevel.Handshake) this.handshakePackets = undefined;
    else if (level !== EncryptionLevel.ZeroRTT) throw new Error(`cannot drop keys for encryption level ${encryptionLevelName(level)}`);
  }

  /** When a delayed 1-RTT ACK falls due; Infinity if none is pending. */
  getAlarmTimeout(): number {
    return this.appDataPackets.getAlarmTimeout();
  }

  /**
   * The ACK frame to send in a packet of this level, or undefined. Initial and Handshake ACKs are
   * always due once something ack-eliciting arrived; for 1-RTT see appDataReceivedPacketTracker.
   */
  getAckFrame(level: EncryptionLevel, now: number, onlyIfQueued: boolean): AckFrame | undefined {
    switch (level) {
      case EncryptionLevel.Initial:
        return this.initialPackets?.getAckFrame();
      case EncryptionLevel.Handshake:
        return this.handshakePackets?.getAckFrame();
      case EncryptionLevel.OneRTT:
        return this.appDataPackets.getAckFrame(onlyIfQueued, now);
      default:
        // 0-RTT packets cannot carry ACK frames (RFC 9000 §17.2.3).
        return undefined;
    }
  }

  /** Whether this packet number was (possibly) seen before: such a packet is dropped before decryption. */
  isPotentiallyDuplicate(pn: PacketNumber, level: EncryptionLevel): boolean {
    switch (level) {
      case EncryptionLevel.Initial:
        return this.initialPackets?.isPotentiallyDuplicate(pn) ?? false;
      case EncryptionLevel.Handshake:
        return this.handshakePackets?.isPotentiallyDuplicate(pn) ?? false;
      default:
        return this.appDataPackets.isPotentiallyDuplicate(pn);
    }
  }
}
