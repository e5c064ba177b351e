// HyStart's delay-increase test (quic-go internal/congestion/hybrid_slow_start.go, after
// Ha & Rhee, "Taming the elephants", and Linux tcp_cubic.c): leave slow start before the first
// loss once the RTT of a round's first packets has risen noticeably above the connection's min RTT.
import type { PacketNumber } from '../protocol/protocol.ts';
import { InvalidPacketNumber } from '../protocol/protocol.ts';

/** Never leave slow start below this window, in packets. */
const hybridStartLowWindow = 16;
/** RTT samples compared per round. */
const hybridStartMinSamples = 8;
/** Leave when the round's RTT exceeds min RTT by min RTT / 8, clamped to 4 … 16 ms. */
const hybridStartDelayFactor = 8;
const hybridStartDelayMinThreshold = 4;
const hybridStartDelayMaxThreshold = 16;

export class HybridSlowStart {
  private endPacketNumber: PacketNumber = InvalidPacketNumber;
  private lastSentPacketNumber: PacketNumber = InvalidPacketNumber;
  private started = false;
  private currentMinRTT = 0;
  private rttSampleCount = 0;
  private hystartFound = false;

  /** A round lasts until the packet sent last when it started is acknowledged. */
  private startReceiveRound(lastSent: PacketNumber): void {
    this.endPacketNumber = lastSent;
    this.currentMinRTT = 0;
    this.rttSampleCount = 0;
    this.started = true;
  }

  /** Called on each RTT sample; `congestionWindow` is in packets. */
  shouldExitSlowStart(latestRTT: number, minRTT: number, congestionWindow: number): boolean {
    if (!this.started) this.startReceiveRound(this.lastSentPacketNumber);
    if (this.hystartFound) return true;
    // Only the first few samples of a round count: they show the queue the previous round built.
    this.rttSampleCount++;
    if (this.rttSampleCount <= hybridStartMinSamples && (this.currentMinRTT === 0 || latestRTT < this.currentMinRTT)) {
      this.currentMinRTT = latestRTT;
    }
    if (this.rttSampleCount === hybridStartMinSamples) {
      const threshold = Math.min(hybridStartDelayMaxThreshold, Math.max(hybridStartDelayMinThreshold, minRTT / hybridStartDelayFactor));
      if (this.currentMinRTT > minRTT + threshold) this.hystartFound = true;
    }
    return congestionWindow >= hybridStartLowWindow && this.hystartFound;
  }

  onPacketSent(packetNumber: PacketNumber): void {
    this.lastSentPacketNumber = packetNumber;
  }

  /** The round ends when its last packet is acknowledged; the next sample starts a new one. */
  onPacketAcked(ackedPacketNumber: PacketNumber): void {
    if (ackedPacketNumber > this.endPacketNumber) this.started = false;
  }

  restart(): void {
    this.started = false;
    this.hystartFound = false;
  }
}

