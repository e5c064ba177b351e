// Token-bucket pacing (quic-go internal/congestion/pacer.go; RFC 9002 §7.7).
// The bucket fills at 5/4 of cwnd / smoothed_rtt and holds at most a burst of
// maxBurstSizePackets full-sized packets. The connection asks timeUntilSend() and arms one
// timer for it; nothing here runs on its own.
import type { ByteCount } from '../protocol/protocol.ts';
import { MinPacingDelay, TimerGranularity } from '../protocol/params.ts';

/** The bucket holds at least this many full-sized packets (quic-go pacer.go). */
export const maxBurstSizePackets = 10;

export class pacer {
  private budgetAtLastSent: ByteCount;
  /** undefined until the first packet was sent: the bucket starts full. */
  private lastSentTime: number | undefined;

  /** `getBandwidth` returns the sending rate in bytes per millisecond (Infinity: not known yet). */
  constructor(
    private readonly getBandwidth: () => number,
    private maxDatagramSize: ByteCount,
  ) {
    this.budgetAtLastSent = this.maxBurstSize();
  }

  /**
   * A little faster than cwnd / srtt, so that RTT jitter does not leave the window unused: in the
   * steady state packets then go out as ACKs arrive rather than when the timer fires.
   */
  private adjustedBandwidth(): number {
    return (this.getBandwidth() * 5) / 4;
  }

  sentPacket(sendTime: number, size: ByteCount): void {
    this.budgetAtLastSent = Math.max(0, this.budget(sendTime) - size);
    this.lastSentTime = sendTime;
  }

  /** The bytes that may be sent at `now`. */
  budget(now: number): ByteCount {
    if (this.lastSentTime === undefined) return this.maxBurstSize();
    const elapsed = now - this.lastSentTime;
    const refill = elapsed > 0 ? this.adjustedBandwidth() * elapsed : 0;
    return Math.min(this.maxBurstSize(), this.budgetAtLastSent + refill);
  }

  /** What accrues over one pacing delay plus the timer granularity, but never less than 10 packets. */
  private maxBurstSize(): ByteCount {
    return Math.max((MinPacingDelay + TimerGranularity) * this.adjustedBandwidth(), maxBurstSizePackets * this.maxDatagramSize);
  }

  /**
   * When the bucket will hold a full-sized packet again: 0 if it does now; otherwise never sooner than
   * MinPacingDelay after the last send, so that the connection's timer is not armed for nothing.
   */
  timeUntilSend(): number {
    if (this.lastSentTime === undefined || this.budgetAtLastSent >= this.maxDatagramSize) return 0;
    // Rounded up to the next nanosecond, as quic-go rounds up with `diff%bw` (pacer.go:76): rounded to
    // the nearest, the bucket can still be a hair short of a packet when the timer fires, and the
    // connection would arm the same deadline again without sending (on a virtual clock, forever).
    const wait = Math.ceil(((this.maxDatagramSize - this.budgetAtLastSent) / this.adjustedBandwidth()) * 1e6) / 1e6;
    return this.lastSentTime + Math.max(MinPacingDelay, wait);
  }

  /**
   * Whether a full-sized packet may go at `now`. This can turn true before timeUntilSend(): the
   * timer waits at least MinPacingDelay, but an ACK that wakes the connection earlier finds the
   * bucket refilled and sends (quic-go's HasPacingBudget).
   */
  hasBudget(now: number): boolean {
    return this.budget(now) >= this.maxDatagramSize;
  }

  setMaxDatagramSize(size: ByteCount): void {
    this.maxDatagramSize = size;
  }
}
