// CUBIC's window growth (RFC 9438). quic-go's internal/congestion/cubic.go ports Chromium's
// fixed-point version; this is the RFC's formulation in floating point. Windows in bytes, times in ms.
import type { ByteCount } from '../protocol/protocol.ts';

/** Multiplicative decrease factor β_cubic (RFC 9438 §4.6). */
export const cubicBeta = 0.7;
/** C, in segments per second³ (RFC 9438 §5). */
const cubicC = 0.4;
/** α_cubic makes the Reno-friendly estimate grow like Reno with β_cubic (RFC 9438 §4.3). */
const cubicAlpha = (3 * (1 - cubicBeta)) / (1 + cubicBeta);

export class Cubic {
  /** Start of the current congestion-avoidance epoch; undefined until the first ACK after a loss. */
  private epoch: number | undefined;
  /** W_max: the window just before the last reduction (RFC 9438 §4.1). */
  private lastMaxCongestionWindow: ByteCount = 0;
  /** The plateau the cubic curve is centred on, and K: seconds until it is reached (RFC 9438 §4.2). */
  private originPointCongestionWindow: ByteCount = 0;
  private timeToOriginPoint = 0;
  /** W_est: the window Reno would have (RFC 9438 §4.3). */
  private estimatedRenoCongestionWindow: ByteCount = 0;

  constructor(private maxDatagramSize: ByteCount) {}

  /** After persistent congestion: forget the curve. */
  reset(): void {
    this.epoch = undefined;
    this.lastMaxCongestionWindow = 0;
    this.originPointCongestionWindow = 0;
    this.timeToOriginPoint = 0;
    this.estimatedRenoCongestionWindow = 0;
  }

  /** The sender does not use its window: restart the epoch so the curve does not run ahead (RFC 9438 §5.8). */
  onApplicationLimited(): void {
    this.epoch = undefined;
  }

  /** The window after a congestion event (RFC 9438 §4.6), with fast convergence (§4.7). */
  congestionWindowAfterPacketLoss(currentCongestionWindow: ByteCount): ByteCount {
    this.lastMaxCongestionWindow =
      currentCongestionWindow < this.lastMaxCongestionWindow ? (currentCongestionWindow * (1 + cubicBeta)) / 2 : currentCongestionWindow;
    this.epoch = undefined;
    return currentCongestionWindow * cubicBeta;
  }

  /** W_cubic(t) in bytes, t in seconds since the epoch (RFC 9438 §4.2, Figure 1). */
  private windowAt(t: number): ByteCount {
    return this.originPointCongestionWindow + cubicC * (t - this.timeToOriginPoint) ** 3 * this.maxDatagramSize;
  }

  /** The window after `ackedBytes` were acknowledged in congestion avoidance (RFC 9438 §4.2–4.4). */
  congestionWindowAfterAck(ackedBytes: ByteCount, currentCongestionWindow: ByteCount, minRTT: number, eventTime: number): ByteCount {
    if (this.epoch === undefined) {
      this.epoch = eventTime;
      this.estimatedRenoCongestionWindow = currentCongestionWindow;
      if (this.lastMaxCongestionWindow <= currentCongestionWindow) {
        this.timeToOriginPoint = 0;
        this.originPointCongestionWindow = currentCongestionWindow;
      } else {
        // K = ∛((W_max − cwnd_epoch) / C), in segments (RFC 9438 Figure 2).
        this.timeToOriginPoint = Math.cbrt((this.lastMaxCongestionWindow - currentCongestionWindow) / this.maxDatagramSize / cubicC);
        this.originPointCongestionWindow = this.lastMaxCongestionWindow;
      }
    }
    const t = (eventTime - this.epoch) / 1000;
    // Aim at where the curve will be one RTT from now, growing at most by half the window (§4.2).
    const target = Math.min(Math.max(this.windowAt(t + minRTT / 1000), currentCongestionWindow), 1.5 * currentCongestionWindow);
    // Reno-friendly region (§4.3): W_est grows by α_cubic segments per window acknowledged, by 1 past W_max.
    const alpha = this.estimatedRenoCongestionWindow >= this.lastMaxCongestionWindow ? 1 : cubicAlpha;
    this.estimatedRenoCongestionWindow += (alpha * ackedBytes * this.maxDatagramSize) / currentCongestionWindow;
    if (this.windowAt(t) < this.estimatedRenoCongestionWindow) return this.estimatedRenoCongestionWindow;
    // Concave and convex regions (§4.4, §4.5): close (target − cwnd) / cwnd of the gap per segment acknowledged.
    return currentCongestionWindow + ((target - currentCongestionWindow) * ackedBytes) / currentCongestionWindow;
  }

  setMaxDatagramSize(size: ByteCount): void {
    this.maxDatagramSize = size;
  }
}
