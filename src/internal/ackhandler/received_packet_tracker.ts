// When to acknowledge, per packet number space (quic-go internal/ackhandler/received_packet_tracker.go;
// RFC 9000 §13.2). Initial and Handshake packets are acknowledged at once; application data every
// second ack-eliciting packet, at once on reordering, and otherwise within max_ack_delay.
import type { PacketNumber } from '../protocol/protocol.ts';
import { MaxAckDelay } from '../protocol/params.ts';
import type { AckFrame, AckRange } from '../wire/frame.ts';
import { receivedPacketHistory } from './received_packet_history.ts';

/** Ack-eliciting packets received before an ACK is sent (RFC 9000 §13.2.2). */
export const packetsBeforeAck = 2;

function largestAcked(ack: AckFrame): PacketNumber {
  return ack.ackRanges[0].largest;
}

function acksPacket(ack: AckFrame, pn: PacketNumber): boolean {
  return ack.ackRanges.some((r) => pn >= r.smallest && pn <= r.largest);
}

/** The Initial and Handshake spaces: every new ack-eliciting packet makes an ACK due. */
export class receivedPacketTracker {
  private readonly packetHistory = new receivedPacketHistory();
  private lastAck: AckFrame | undefined;
  /** An ack-eliciting packet arrived since the last ACK frame. */
  private hasNewAck = false;

  /** The connection drops duplicates (isPotentiallyDuplicate) before it decrypts; a duplicate here is a bug. */
  receivedPacket(pn: PacketNumber, ackEliciting: boolean): void {
    if (!this.packetHistory.receivedPacket(pn)) {
      throw new Error(`receivedPacketTracker BUG: receivedPacket called for old / duplicate packet ${pn}`);
    }
    // RFC 9000 §13.2.1: packets that are not ack-eliciting are acknowledged only along with others.
    if (ackEliciting) this.hasNewAck = true;
  }

  /** A new ACK frame, or undefined if nothing ack-eliciting arrived since the last one. */
  getAckFrame(delayTime = 0): AckFrame | undefined {
    if (!this.hasNewAck) return undefined;
    const ack: AckFrame = { type: 'ack', ackRanges: this.packetHistory.getAckRanges(), delayTime };
    this.lastAck = ack;
    this.hasNewAck = false;
    return ack;
  }

  /** The ACK frame handed out last. */
  lastAckFrame(): AckFrame | undefined {
    return this.lastAck;
  }

  highestAckRange(): AckRange | undefined {
    return this.packetHistory.getHighestAckRange();
  }

  deleteBelow(pn: PacketNumber): void {
    this.packetHistory.deleteBelow(pn);
  }

  isPotentiallyDuplicate(pn: PacketNumber): boolean {
    return this.packetHistory.isPotentiallyDuplicate(pn);
  }
}

/** The application data space: ACKs are delayed, up to max_ack_delay, and sent every second packet. */
export class appDataReceivedPacketTracker {
  private readonly tracker = new receivedPacketTracker();
  private largestObserved: PacketNumber = 0;
  private largestObservedRcvdTime = 0;
  private ignoreBelowPN: PacketNumber = 0;
  /** An ACK must go out with the next packet. */
  private ackQueued = false;
  private ackElicitingPacketsReceivedSinceLastAck = 0;
  /** When a delayed ACK falls due; Infinity when none is pending. */
  private ackAlarm = Infinity;

  constructor(private readonly maxAckDelay: number = MaxAckDelay) {}

  receivedPacket(pn: PacketNumber, rcvTime: number, ackEliciting: boolean): void {
    this.tracker.receivedPacket(pn, ackEliciting);
    if (pn >= this.largestObserved) {
      this.largestObserved = pn;
      this.largestObservedRcvdTime = rcvTime;
    }
    if (!ackEliciting) return;
    this.ackElicitingPacketsReceivedSinceLastAck++;
    if (!this.ackQueued && this.shouldQueueAck(pn)) {
      this.ackQueued = true;
      this.ackAlarm = Infinity;
    }
    // Not due yet, but it must go within max_ack_delay (RFC 9000 §13.2.1).
    if (!this.ackQueued) this.ackAlarm = rcvTime + this.maxAckDelay;
  }

  private shouldQueueAck(pn: PacketNumber): boolean {
    const lastAck = this.tracker.lastAckFrame();
    // Always acknowledge the first packet.
    if (!lastAck) return true;
    // RFC 9000 §13.2.1: a packet our last ACK reported missing is acknowledged at once…
    if (pn >= this.ignoreBelowPN && pn < largestAcked(lastAck) && !acksPacket(lastAck, pn)) return true;
    // …as is every second ack-eliciting packet (§13.2.2)…
    if (this.ackElicitingPacketsReceivedSinceLastAck >= packetsBeforeAck) return true;
    // …and a packet that opens a new gap, so the peer's loss detection hears of it soon.
    const highest = this.tracker.highestAckRange()!;
    return highest.smallest > largestAcked(lastAck) + 1 && highest.smallest === highest.largest;
  }

  /**
   * Stops acknowledging packets below pn: the peer has seen an ACK of ours that covered them
   * (it acknowledged the packet that carried it), so it needs no more news of them.
   */
  ignoreBelow(pn: PacketNumber): void {
    if (pn <= this.ignoreBelowPN) return;
    this.ignoreBelowPN = pn;
    this.tracker.deleteBelow(pn);
  }

  /**
   * The ACK frame to send at `now`, with the time since the largest packet arrived as its ack delay.
   * With onlyIfQueued, only if one is due (queued, or the alarm has fired); otherwise whenever there
   * is something new to acknowledge (to bundle it with other frames).
   */
  getAckFrame(onlyIfQueued: boolean, now: number): AckFrame | undefined {
    if (onlyIfQueued && !this.ackQueued && this.ackAlarm > now) return undefined;
    const ack = this.tracker.getAckFrame(Math.max(0, now - this.largestObservedRcvdTime));
    if (!ack) return undefined;
    this.ackQueued = false;
    this.ackAlarm = Infinity;
    this.ackElicitingPacketsReceivedSinceLastAck = 0;
    return ack;
  }

  getAlarmTimeout(): number {
    return this.ackAlarm;
  }

  isPotentiallyDuplicate(pn: PacketNumber): boolean {
    return this.tracker.isPotentiallyDuplicate(pn);
  }
}
