// The congestion controller (quic-go internal/congestion/cubic_sender.go): NewReno as RFC 9002 §7
// specifies it, or CUBIC (RFC 9438) for the congestion-avoidance growth, plus a pacer.
// quic-go v0.47.0 runs this sender in Reno mode. Windows in bytes, times in ms.
import type { ByteCount, PacketNumber } from '../protocol/protocol.ts';
import { InvalidPacketNumber } from '../protocol/protocol.ts';
import { MaxCongestionWindowPackets } from '../protocol/params.ts';
import type { RTTStats } from '../utils/rtt_stats.ts';
import type { SendAlgorithmWithDebugInfos } from './interface.ts';
import { Cubic } from './cubic.ts';
import { HybridSlowStart } from './hybrid_slow_start.ts';
import { pacer } from './pacer.ts';

/** kLossReductionFactor (RFC 9002 §7.3.2, B.1). quic-go's Reno uses 0.7 (renoBeta). */
export const renoBeta = 0.5;
/** kMinimumWindow is two datagrams (RFC 9002 §7.2). */
const minCongestionWindowPackets = 2;
/** Below this many datagrams of room the sender counts as using its window (quic-go maxBurstPackets). */
const maxBurstPackets = 3;

/** kInitialWindow (RFC 9002 §7.2): min(10 · max_datagram_size, max(14720, 2 · max_datagram_size)). */
export function initialCongestionWindow(maxDatagramSize: ByteCount): ByteCount {
  return Math.min(10 * maxDatagramSize, Math.max(14720, 2 * maxDatagramSize));
}

export class cubicSender implements SendAlgorithmWithDebugInfos {
  private readonly hybridSlowStart = new HybridSlowStart();
  private readonly cubic: Cubic;
  private readonly pacer: pacer;

  private largestSentPacketNumber: PacketNumber = InvalidPacketNumber;
  private largestAckedPacketNumber: PacketNumber = InvalidPacketNumber;
  /** The largest packet sent when the window was last cut: its ACK ends the recovery period. */
  private largestSentAtLastCutback: PacketNumber = InvalidPacketNumber;

  private congestionWindow: ByteCount;
  /** ssthresh (RFC 9002 §7.3.1): infinite until the first congestion event. */
  private slowStartThreshold: ByteCount = Infinity;
  /** Reno congestion avoidance: bytes acknowledged since the window last grew by a datagram. */
  private bytesAckedInCongestionAvoidance: ByteCount = 0;

  constructor(
    private readonly rttStats: RTTStats,
    private maxDatagramSize: ByteCount,
    private readonly reno: boolean,
  ) {
    this.congestionWindow = initialCongestionWindow(maxDatagramSize);
    this.cubic = new Cubic(maxDatagramSize);
    this.pacer = new pacer(() => this.bandwidthEstimate(), maxDatagramSize);
  }

  timeUntilSend(): number {
    return this.pacer.timeUntilSend();
  }

  hasPacingBudget(now: number): boolean {
    return this.pacer.hasBudget(now);
  }

  private maxCongestionWindow(): ByteCount {
    return this.maxDatagramSize * MaxCongestionWindowPackets;
  }

  private minCongestionWindow(): ByteCount {
    return this.maxDatagramSize * minCongestionWindowPackets;
  }

  onPacketSent(sentTime: number, _bytesInFlight: ByteCount, packetNumber: PacketNumber, bytes: ByteCount, isRetransmittable: boolean): void {
    this.pacer.sentPacket(sentTime, bytes);
    if (!isRetransmittable) return;
    this.largestSentPacketNumber = packetNumber;
    this.hybridSlowStart.onPacketSent(packetNumber);
  }

  canSend(bytesInFlight: ByteCount): boolean {
    return bytesInFlight < this.congestionWindow;
  }

  /** In recovery until a packet sent after the last reduction is acknowledged (RFC 9002 §7.3.2). */
  inRecovery(): boolean {
    return this.largestAckedPacketNumber !== InvalidPacketNumber && this.largestAckedPacketNumber <= this.largestSentAtLastCutback;
  }

  inSlowStart(): boolean {
    return this.congestionWindow < this.slowStartThreshold;
  }

  getCongestionWindow(): ByteCount {
    return this.congestionWindow;
  }

  maybeExitSlowStart(): void {
    const cwndPackets = Math.floor(this.congestionWindow / this.maxDatagramSize);
    if (this.inSlowStart() && this.hybridSlowStart.shouldExitSlowStart(this.rttStats.latestRTT(), this.rttStats.minRTT(), cwndPackets)) {
      this.slowStartThreshold = this.congestionWindow;
    }
  }

  onPacketAcked(ackedPacketNumber: PacketNumber, ackedBytes: ByteCount, priorInFlight: ByteCount, eventTime: number): void {
    this.largestAckedPacketNumber = Math.max(ackedPacketNumber, this.largestAckedPacketNumber);
    // RFC 9002 §7.3.2: the window does not grow during recovery.
    if (this.inRecovery()) return;
    this.maybeIncreaseCwnd(ackedBytes, priorInFlight, eventTime);
    if (this.inSlowStart()) this.hybridSlowStart.onPacketAcked(ackedPacketNumber);
  }

  onCongestionEvent(packetNumber: PacketNumber, _lostBytes: ByteCount, _priorInFlight: ByteCount): void {
    // Losses of packets sent before the last reduction belong to the same event (RFC 9002 §7.3.2).
    if (packetNumber <= this.largestSentAtLastCutback) return;
    const reduced = this.reno ? this.congestionWindow * renoBeta : this.cubic.congestionWindowAfterPacketLoss(this.congestionWindow);
    this.congestionWindow = Math.max(Math.floor(reduced), this.minCongestionWindow());
    this.slowStartThreshold = this.congestionWindow;
    this.largestSentAtLastCutback = this.largestSentPacketNumber;
    this.bytesAckedInCongestionAvoidance = 0;
  }

  private maybeIncreaseCwnd(ackedBytes: ByteCount, priorInFlight: ByteCount, eventTime: number): void {
    // RFC 9002 §7.8: do not grow a window the sender is not using.
    if (!this.isCwndLimited(priorInFlight)) {
      this.cubic.onApplicationLimited();
      return;
    }
    if (this.congestionWindow >= this.maxCongestionWindow()) return;
    if (this.inSlowStart()) {
      // RFC 9002 §7.3.1: grow by the bytes acknowledged.
      this.congestionWindow += ackedBytes;
      return;
    }
    if (this.reno) {
      // RFC 9002 §7.3.3: one datagram per window acknowledged, counted in bytes.
      this.bytesAckedInCongestionAvoidance += ackedBytes;
      if (this.bytesAckedInCongestionAvoidance >= this.congestionWindow) {
        this.bytesAckedInCongestionAvoidance -= this.congestionWindow;
        this.congestionWindow += this.maxDatagramSize;
      }
      return;
    }
    const grown = this.cubic.congestionWindowAfterAck(ackedBytes, this.congestionWindow, this.rttStats.minRTT(), eventTime);
    this.congestionWindow = Math.min(this.maxCongestionWindow(), Math.floor(grown));
  }

  private isCwndLimited(bytesInFlight: ByteCount): boolean {
    if (bytesInFlight >= this.congestionWindow) return true;
    const availableBytes = this.congestionWindow - bytesInFlight;
    const slowStartLimited = this.inSlowStart() && bytesInFlight > this.congestionWindow / 2;
    return slowStartLimited || availableBytes <= maxBurstPackets * this.maxDatagramSize;
  }

  /** cwnd / smoothed_rtt in bytes per ms; unknown (Infinity, no pacing) before the first RTT sample. */
  private bandwidthEstimate(): number {
    if (!this.rttStats.hasRTTSample()) return Infinity;
    return this.congestionWindow / this.rttStats.smoothedRTT();
  }

  /**
   * Persistent congestion (RFC 9002 §7.6.2): collapse to the minimum window and leave recovery;
   * ssthresh keeps the value the loss set. `packetsRetransmitted` false only ends recovery.
   */
  onRetransmissionTimeout(packetsRetransmitted: boolean): void {
    this.largestSentAtLastCutback = InvalidPacketNumber;
    if (!packetsRetransmitted) return;
    this.hybridSlowStart.restart();
    this.cubic.reset();
    this.congestionWindow = this.minCongestionWindow();
  }

  setMaxDatagramSize(size: ByteCount): void {
    if (size < this.maxDatagramSize) {
      throw new Error(`congestion BUG: decreased max datagram size from ${this.maxDatagramSize} to ${size}`);
    }
    const cwndIsMinCwnd = this.congestionWindow === this.minCongestionWindow();
    this.maxDatagramSize = size;
    if (cwndIsMinCwnd) this.congestionWindow = this.minCongestionWindow();
    this.cubic.setMaxDatagramSize(size);
    this.pacer.setMaxDatagramSize(size);
  }
}
