// The arithmetic shared by stream and connection flow control (quic-go
// internal/flowcontrol/base_flow_controller.go; RFC 9000 §4.1, §4.2).
//
// Send side: we may send up to `sendWindow` (the peer's latest MAX_DATA / MAX_STREAM_DATA).
// Receive side: the peer may send up to `receiveWindow`; once the application has read 25 %
// (WindowUpdateThreshold) of `receiveWindowSize`, we move the limit to bytesRead + receiveWindowSize.
//
// Auto-tuning: if the peer uses up the window within a few RTTs, the window is what limits the
// transfer, so it doubles (up to maxReceiveWindowSize).
import type { ByteCount } from '../protocol/protocol.ts';
import { WindowUpdateThreshold } from '../protocol/params.ts';
import type { AllowWindowIncrease, RTTStats } from './interface.ts';

export interface ReceiveWindowConfig {
  /** The window announced in our transport parameters. */
  receiveWindow: ByteCount;
  /** Auto-tuning never grows the window beyond this. */
  maxReceiveWindow: ByteCount;
  rttStats: RTTStats;
  allowWindowIncrease?: AllowWindowIncrease;
}

export abstract class baseFlowController {
  // for sending data
  protected bytesSent: ByteCount = 0;
  protected sendWindow: ByteCount;
  private lastBlockedAt: ByteCount = 0;

  // for receiving data
  protected bytesRead: ByteCount = 0;
  protected highestReceived: ByteCount = 0;
  protected receiveWindow: ByteCount;
  protected receiveWindowSize: ByteCount;
  protected readonly maxReceiveWindowSize: ByteCount;
  protected readonly allowWindowIncrease: AllowWindowIncrease | undefined;

  // the auto-tuning epoch: when it began and how much had been read then
  private epochStartTime = 0;
  private epochStartOffset: ByteCount = 0;
  private readonly rttStats: RTTStats;

  constructor(cfg: ReceiveWindowConfig, initialSendWindow: ByteCount) {
    this.sendWindow = initialSendWindow;
    this.receiveWindow = cfg.receiveWindow;
    this.receiveWindowSize = cfg.receiveWindow;
    this.maxReceiveWindowSize = cfg.maxReceiveWindow;
    this.rttStats = cfg.rttStats;
    this.allowWindowIncrease = cfg.allowWindowIncrease;
  }

  /** The send limit that blocks us, reported once per limit (for (STREAM_)DATA_BLOCKED, RFC 9000 §4.1). */
  protected newlyBlockedAt(): ByteCount | undefined {
    if (this.baseSendWindowSize() !== 0 || this.sendWindow === this.lastBlockedAt) return undefined;
    this.lastBlockedAt = this.sendWindow;
    return this.sendWindow;
  }

  addBytesSent(n: ByteCount): void {
    this.bytesSent += n;
  }

  /** Called for a MAX_DATA / MAX_STREAM_DATA frame. Limits never decrease (RFC 9000 §4.1). */
  updateSendWindow(offset: ByteCount): boolean {
    if (offset <= this.sendWindow) return false; // reordered or duplicate
    this.sendWindow = offset;
    return true;
  }

  /**
   * 0-RTT was rejected: the bytes sent in it never reached the peer, and the window it used was the
   * remembered one; the peer's new transport parameters set it again (quic-go: connectionFlowController.Reset).
   */
  protected resetSendWindow(): void {
    this.sendWindow = 0;
    this.bytesSent = 0;
    this.lastBlockedAt = 0;
  }

  protected baseSendWindowSize(): ByteCount {
    // Only while the handshake runs: data was sent before the peer's transport parameters arrived.
    if (this.bytesSent > this.sendWindow) return 0;
    return this.sendWindow - this.bytesSent;
  }

  protected baseAddBytesRead(n: ByteCount): void {
    this.bytesRead += n;
  }

  /** The first byte received starts the first auto-tuning epoch. */
  protected startEpochOnFirstByte(now: number): void {
    if (this.highestReceived === 0) this.startNewAutoTuningEpoch(now);
  }

  /** A window update is due once WindowUpdateThreshold of the window has been consumed. */
  hasWindowUpdate(): boolean {
    const bytesRemaining = this.receiveWindow - this.bytesRead;
    return bytesRemaining <= this.receiveWindowSize * (1 - WindowUpdateThreshold);
  }

  /** Moves the receive limit if an update is due, and returns it (0: no update). */
  protected baseGetWindowUpdate(now: number): ByteCount {
    if (!this.hasWindowUpdate()) return 0;
    this.maybeAdjustWindowSize(now);
    this.receiveWindow = this.bytesRead + this.receiveWindowSize;
    return this.receiveWindow;
  }

  /**
   * Doubles the window if the fraction of it read in this epoch took less than 4 RTTs × that
   * fraction: then the peer could send faster than the window lets it.
   */
  private maybeAdjustWindowSize(now: number): void {
    const bytesReadInEpoch = this.bytesRead - this.epochStartOffset;
    // too little data to judge: less than half the window consumed
    if (bytesReadInEpoch <= this.receiveWindowSize / 2) return;
    const rtt = this.rttStats.smoothedRTT();
    if (rtt === 0) return;

    const fraction = bytesReadInEpoch / this.receiveWindowSize;
    if (now - this.epochStartTime < 4 * fraction * rtt) {
      const newSize = Math.min(2 * this.receiveWindowSize, this.maxReceiveWindowSize);
      if (newSize > this.receiveWindowSize && (this.allowWindowIncrease?.(newSize - this.receiveWindowSize) ?? true)) {
        this.receiveWindowSize = newSize;
      }
    }
    this.startNewAutoTuningEpoch(now);
  }

  protected startNewAutoTuningEpoch(now: number): void {
    this.epochStartTime = now;
    this.epochStartOffset = this.bytesRead;
  }

  protected checkFlowControlViolation(): boolean {
    return this.highestReceived > this.receiveWindow;
  }
}
