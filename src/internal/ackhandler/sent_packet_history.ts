// The sent packets of one packet number space that are still of interest (quic-go
// internal/ackhandler/sent_packet_history.go). Entries are indexed by packet number: slot i holds
// packet number first + i, and holds null once that packet is acknowledged or declared lost, or if
// it was never ack-eliciting (those need no loss detection, RFC 9002 §2).
import type { PacketNumber } from '../protocol/protocol.ts';
import { EncryptionLevel, InvalidPacketNumber } from '../protocol/protocol.ts';
import type { SentPacket } from './packet.ts';
import { isOutstanding } from './packet.ts';

export class sentPacketHistory {
  private packets: (SentPacket | null)[] = [];
  /** Index of the first live slot; the slots before it are dead and dropped when the array grows. */
  private head = 0;
  private numOutstanding = 0;
  private highestPacketNumber: PacketNumber = InvalidPacketNumber;

  private checkSequentialPacketNumberUse(pn: PacketNumber): void {
    if (this.highestPacketNumber !== InvalidPacketNumber && pn !== this.highestPacketNumber + 1) {
      throw new Error(`non-sequential packet number use: ${pn} after ${this.highestPacketNumber}`);
    }
    this.highestPacketNumber = pn;
  }

  private append(p: SentPacket | null): void {
    // Compact lazily, never while someone iterates (iteration only ever nulls slots).
    if (this.head > 32 && this.head * 2 > this.packets.length) {
      this.packets = this.packets.slice(this.head);
      this.head = 0;
    }
    this.packets.push(p);
  }

  skippedPacket(pn: PacketNumber): void {
    this.checkSequentialPacketNumberUse(pn);
    this.append(skippedEntry(pn));
  }

  sentNonAckElicitingPacket(pn: PacketNumber): void {
    this.checkSequentialPacketNumberUse(pn);
    // A hole keeps the indexes dense; an empty history needs none.
    if (this.len() > 0) this.append(null);
  }

  sentAckElicitingPacket(p: SentPacket): void {
    this.checkSequentialPacketNumberUse(p.packetNumber);
    this.append(p);
    if (isOutstanding(p)) this.numOutstanding++;
  }

  /** The remembered packets (skipped numbers included), in packet number order. Safe to remove while iterating. */
  *iterate(): Generator<SentPacket> {
    const packets = this.packets;
    for (let i = this.head; i < packets.length; i++) {
      const p = packets[i];
      if (p) yield p;
    }
  }

  firstOutstanding(): SentPacket | undefined {
    if (!this.hasOutstandingPackets()) return undefined;
    for (const p of this.iterate()) if (isOutstanding(p)) return p;
    return undefined;
  }

  /** Slots in use, holes included: what MaxTrackedSentPackets limits. */
  len(): number {
    return this.packets.length - this.head;
  }

  hasOutstandingPackets(): boolean {
    return this.numOutstanding > 0;
  }

  /** Removes an acknowledged packet, and the skipped numbers just before it (they cannot be acknowledged any more). */
  remove(pn: PacketNumber): void {
    let idx = this.getIndex(pn);
    if (idx === undefined) throw new Error(`packet ${pn} not found in sent packet history`);
    this.clear(idx);
    while (idx > this.head) {
      const before = this.packets[--idx];
      if (!before?.skippedPacket) break;
      this.packets[idx] = null;
    }
    this.cleanupStart();
  }

  declareLost(pn: PacketNumber): void {
    const idx = this.getIndex(pn);
    if (idx === undefined) return;
    this.clear(idx);
    this.cleanupStart();
  }

  private clear(idx: number): void {
    const p = this.packets[idx];
    if (p && isOutstanding(p)) this.numOutstanding--;
    this.packets[idx] = null;
  }

  private getIndex(pn: PacketNumber): number | undefined {
    const first = this.packets[this.head];
    if (!first || pn < first.packetNumber) return undefined;
    const idx = this.head + (pn - first.packetNumber);
    return idx < this.packets.length && this.packets[idx] ? idx : undefined;
  }

  /** Advances head past dead slots, so that packets[head] is always a packet (or the history is empty). */
  private cleanupStart(): void {
    while (this.head < this.packets.length && this.packets[this.head] === null) this.head++;
    if (this.head === this.packets.length) {
      this.packets = [];
      this.head = 0;
    }
  }
}

/** Only the application data space skips packet numbers. */
function skippedEntry(pn: PacketNumber): SentPacket {
  return {
    packetNumber: pn,
    encryptionLevel: EncryptionLevel.OneRTT,
    length: 0,
    sendTime: 0,
    largestAcked: InvalidPacketNumber,
    frames: [],
    streamFrames: [],
    includedInBytesInFlight: false,
    skippedPacket: true,
    isPathMTUProbePacket: false,
  };
}
