// Connection-level flow control: MAX_DATA and DATA_BLOCKED (quic-go
// internal/flowcontrol/connection_flow_controller.go; RFC 9000 §4.1). Every stream's bytes count
// against it too, so the stream flow controllers report to it.
import type { ByteCount } from '../protocol/protocol.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { baseFlowController, type ReceiveWindowConfig } from './base_flow_controller.ts';
import type { connectionFlowControllerI } from './interface.ts';

export class connectionFlowController extends baseFlowController implements connectionFlowControllerI {
  /** Created before the peer's transport parameters arrive, so the send window starts at 0. */
  constructor(cfg: ReceiveWindowConfig) {
    super(cfg, 0);
  }

  /** Client: the server rejected 0-RTT, so what we sent in it does not count against its window. */
  reset(): void {
    this.resetSendWindow();
  }

  sendWindowSize(): ByteCount {
    return this.baseSendWindowSize();
  }

  isNewlyBlocked(): { blocked: boolean; offset: ByteCount } {
    const offset = this.newlyBlockedAt();
    return offset === undefined ? { blocked: false, offset: 0 } : { blocked: true, offset };
  }

  incrementHighestReceived(increment: ByteCount, now: number): void {
    this.startEpochOnFirstByte(now);
    this.highestReceived += increment;
    if (this.checkFlowControlViolation()) {
      throw protocolError(
        TransportErrorCode.FlowControlError,
        `received ${this.highestReceived} bytes for the connection, allowed ${this.receiveWindow} bytes`,
      );
    }
  }

  addBytesRead(n: ByteCount): boolean {
    this.baseAddBytesRead(n);
    return this.hasWindowUpdate();
  }

  getWindowUpdate(now: number): ByteCount {
    return this.baseGetWindowUpdate(now);
  }

  /** A stream window grew: a connection window smaller than it would throttle that one stream. */
  ensureMinimumWindowSize(inc: ByteCount, now: number): void {
    if (inc <= this.receiveWindowSize) return;
    const newSize = Math.min(inc, this.maxReceiveWindowSize);
    const delta = newSize - this.receiveWindowSize;
    if (delta > 0 && (this.allowWindowIncrease?.(delta) ?? true)) this.receiveWindowSize = newSize;
    this.startNewAutoTuningEpoch(now);
  }
}
