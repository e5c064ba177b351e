// Which packet numbers we received, as ranges for ACK frames (quic-go
// internal/ackhandler/received_packet_history.go). Stores no packet contents.
import type { PacketNumber } from '../protocol/protocol.ts';
import { MaxNumAckRanges } from '../protocol/params.ts';
import type { AckRange } from '../wire/frame.ts';

/** Ascending, disjoint and non-adjacent ranges of received packet numbers. */
export class receivedPacketHistory {
  private ranges: AckRange[] = [];
  /** Packets below this number are forgotten and treated as duplicates. */
  private deletedBelow: PacketNumber = 0;

  /** Records a packet; returns false for a duplicate or a packet below deletedBelow. */
  receivedPacket(pn: PacketNumber): boolean {
    if (pn < this.deletedBelow) return false;
    const isNew = this.addToRanges(pn);
    // A peer that leaves many gaps must not grow our state: keep the newest MaxNumAckRanges ranges.
    if (this.ranges.length > MaxNumAckRanges) this.ranges.splice(0, this.ranges.length - MaxNumAckRanges);
    return isNew;
  }

  private addToRanges(pn: PacketNumber): boolean {
    // Packets mostly arrive in order, so search from the highest range down.
    for (let i = this.ranges.length - 1; i >= 0; i--) {
      const r = this.ranges[i];
      if (pn >= r.smallest && pn <= r.largest) return false;
      if (pn === r.largest + 1) {
        r.largest = pn;
        return true;
      }
      if (pn === r.smallest - 1) {
        r.smallest = pn;
        // The range now touches the one below it: merge the two.
        const below = this.ranges[i - 1];
        if (below && below.largest + 1 === pn) {
          below.largest = r.largest;
          this.ranges.splice(i, 1);
        }
        return true;
      }
      if (pn > r.largest) {
        this.ranges.splice(i + 1, 0, { smallest: pn, largest: pn });
        return true;
      }
    }
    this.ranges.unshift({ smallest: pn, largest: pn });
    return true;
  }

  /** Forgets every packet number below pn (quic-go's DeleteBelow). */
  deleteBelow(pn: PacketNumber): void {
    if (pn < this.deletedBelow) return;
    this.deletedBelow = pn;
    while (this.ranges.length > 0 && this.ranges[0].largest < pn) this.ranges.shift();
    if (this.ranges.length > 0 && this.ranges[0].smallest < pn) this.ranges[0].smallest = pn;
  }

  /** The ranges for an ACK frame: descending, as the frame lists them (RFC 9000 §19.3.1). */
  getAckRanges(): AckRange[] {
    return this.ranges.map((r) => ({ smallest: r.smallest, largest: r.largest })).reverse();
  }

  getHighestAckRange(): AckRange | undefined {
    return this.ranges[this.ranges.length - 1];
  }

  /** Whether pn may have been received already: it lies in a range, or below what we forgot. */
  isPotentiallyDuplicate(pn: PacketNumber): boolean {
    if (pn < this.deletedBelow) return true;
    for (let i = this.ranges.length - 1; i >= 0; i--) {
      const r = this.ranges[i];
      if (pn > r.largest) return false;
      if (pn >= r.smallest) return true;
    }
    return false;
  }
}
