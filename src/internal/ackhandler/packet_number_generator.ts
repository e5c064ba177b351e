// Packet numbers for our packets (quic-go internal/ackhandler/packet_number_generator.go).
// In the application data space quic-go now and then skips a number: a peer that acknowledges
// a packet we never sent is acknowledging optimistically and commits a PROTOCOL_VIOLATION
// (RFC 9000 §21.4 on optimistic ACK attacks).
import type { PacketNumber } from '../protocol/protocol.ts';
import { random as randomFloat } from '../utils/rand.ts';

export interface packetNumberGenerator {
  peek(): PacketNumber;
  /** Returns the next number and whether the number just before it was skipped. */
  pop(): { skipped: boolean; pn: PacketNumber };
}

export class sequentialPacketNumberGenerator implements packetNumberGenerator {
  constructor(private next: PacketNumber) {}

  peek(): PacketNumber {
    return this.next;
  }

  pop(): { skipped: boolean; pn: PacketNumber } {
    return { skipped: false, pn: this.next++ };
  }
}

/**
 * Skips one number, at random, about once per period; the period doubles after each skip up to
 * maxPeriod. Two numbers in a row are never skipped.
 */
export class skippingPacketNumberGenerator implements packetNumberGenerator {
  private nextToSkip = 0;

  /** `random` returns a number in [0, 1), like Math.random; tests pass a seeded one. */
  constructor(
    private next: PacketNumber,
    private period: number,
    private readonly maxPeriod: number,
    private readonly random: () => number = randomFloat,
  ) {
    this.generateNewSkip();
  }

  peek(): PacketNumber {
    return this.next === this.nextToSkip ? this.next + 1 : this.next;
  }

  pop(): { skipped: boolean; pn: PacketNumber } {
    if (this.next === this.nextToSkip) {
      const pn = this.next + 1;
      this.next += 2;
      this.generateNewSkip();
      return { skipped: true, pn };
    }
    return { skipped: false, pn: this.next++ };
  }

  private generateNewSkip(): void {
    // At least 3 ahead, so that the number after a skipped one is never skipped as well.
    this.nextToSkip = this.next + 3 + Math.floor(this.random() * 2 * this.period);
    this.period = Math.min(2 * this.period, this.maxPeriod);
  }
}
