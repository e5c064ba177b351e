// Round-trip time estimation (RFC 9002 §5; quic-go internal/utils/rtt_stats.go).
// All values are in milliseconds.
import { TimerGranularity } from '../protocol/params.ts';

/**
 * The RTT assumed before the first sample: quic-go's defaultInitialRTT, 100 ms
 * (internal/utils/rtt_stats.go:15), not RFC 9002 §6.2.2's recommended 333 ms.
 */
export const InitialRTT = 100;

/** Weight of a new sample in smoothed_rtt (RFC 9002 §5.3: 1/8). */
const rttAlpha = 1 / 8;
/** Weight of a new deviation in rttvar (RFC 9002 §5.3: 1/4). */
const rttBeta = 1 / 4;

export class RTTStats {
  private hasMeasurement = false;
  private _minRTT = 0;
  private _latestRTT = 0;
  // RFC 9002 §5.3: before the first sample, smoothed_rtt = kInitialRtt and rttvar = kInitialRtt / 2.
  private _smoothedRTT = InitialRTT;
  private _meanDeviation = InitialRTT / 2;
  private _maxAckDelay = 0;

  /** The smallest RTT seen, not corrected for the ack delay (RFC 9002 §5.2); 0 before the first sample. */
  minRTT(): number {
    return this._minRTT;
  }
  /** The most recent raw sample (RFC 9002 §5.1); 0 before the first sample. */
  latestRTT(): number {
    return this._latestRTT;
  }
  /** smoothed_rtt (RFC 9002 §5.3); kInitialRtt before the first sample. */
  smoothedRTT(): number {
    return this._smoothedRTT;
  }
  /** rttvar (RFC 9002 §5.3). */
  meanDeviation(): number {
    return this._meanDeviation;
  }
  /** The peer's max_ack_delay transport parameter (RFC 9000 §18.2). */
  maxAckDelay(): number {
    return this._maxAckDelay;
  }
  /** Whether an RTT sample has been taken yet. */
  hasRTTSample(): boolean {
    return this.hasMeasurement;
  }

  setMaxAckDelay(mad: number): void {
    this._maxAckDelay = mad;
  }

  /**
   * The probe timeout (RFC 9002 §6.2.1): smoothed_rtt + max(4·rttvar, kGranularity), plus max_ack_delay
   * for the application data space (the peer may delay its ACKs there, not in Initial and Handshake).
   */
  pto(includeMaxAckDelay: boolean): number {
    // Before the first sample, 2 × the initial RTT, as quic-go (rtt_stats.go:55-57): 200 ms.
    if (!this.hasMeasurement) return 2 * InitialRTT;
    let pto = this._smoothedRTT + Math.max(4 * this._meanDeviation, TimerGranularity);
    if (includeMaxAckDelay) pto += this._maxAckDelay;
    return pto;
  }

  /**
   * Takes an RTT sample (RFC 9002 §5.3). `sendDelta` is the time from sending the largest newly
   * acknowledged packet to receiving its ACK; `ackDelay` is the delay the peer reported (the caller
   * passes 0 where it must be ignored and caps it at max_ack_delay).
   */
  updateRTT(sendDelta: number, ackDelay: number): void {
    if (sendDelta <= 0) return;
    // min_rtt uses the raw sample: a large reported ack delay must not make it too small (§5.2).
    if (!this.hasMeasurement || sendDelta < this._minRTT) this._minRTT = sendDelta;
    this._latestRTT = sendDelta;
    // Subtract the ack delay only if the result stays at or above min_rtt (§5.3).
    const adjusted = sendDelta - this._minRTT >= ackDelay ? sendDelta - ackDelay : sendDelta;
    if (!this.hasMeasurement) {
      this.hasMeasurement = true;
      this._smoothedRTT = adjusted;
      this._meanDeviation = adjusted / 2;
      return;
    }
    this._meanDeviation = (1 - rttBeta) * this._meanDeviation + rttBeta * Math.abs(this._smoothedRTT - adjusted);
    this._smoothedRTT = (1 - rttAlpha) * this._smoothedRTT + rttAlpha * adjusted;
  }
}
