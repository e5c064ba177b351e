// Stream-level flow control: MAX_STREAM_DATA and STREAM_DATA_BLOCKED, plus the final-size rules
// (quic-go internal/flowcontrol/stream_flow_controller.go; RFC 9000 §4.1, §4.5).
import type { ByteCount, StreamID } from '../protocol/protocol.ts';
import { ConnectionFlowControlMultiplier } from '../protocol/params.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { baseFlowController, type ReceiveWindowConfig } from './base_flow_controller.ts';
import type { connectionFlowControllerI, StreamFlowController } from './interface.ts';

export class streamFlowController extends baseFlowController implements StreamFlowController {
  private receivedFinalOffset = false;

  /**
   * `initialSendWindow` is the peer's initial_max_stream_data_* for this kind of stream
   * (RFC 9000 §18.2); receive-window auto-tuning is switched off by passing maxReceiveWindow = receiveWindow.
   */
  constructor(
    readonly streamID: StreamID,
    private readonly connection: connectionFlowControllerI,
    cfg: Omit<ReceiveWindowConfig, 'allowWindowIncrease'>,
    initialSendWindow: ByteCount,
  ) {
    super(cfg, initialSendWindow);
  }

  updateHighestReceived(offset: ByteCount, final: boolean, now: number): void {
    // RFC 9000 §4.5: once the final size is known it cannot change, and no data may lie beyond it.
    if (this.receivedFinalOffset) {
      if (final && offset !== this.highestReceived) {
        throw finalSizeError(`received inconsistent final offset for stream ${this.streamID} (old: ${this.highestReceived}, new: ${offset} bytes)`);
      }
      if (offset > this.highestReceived) {
        throw finalSizeError(`received offset ${offset} for stream ${this.streamID}, but final offset was already received at ${this.highestReceived}`);
      }
    }
    if (final) this.receivedFinalOffset = true;
    if (offset === this.highestReceived) return;
    if (offset < this.highestReceived) {
      // reordering: a frame below data we already have. A final size below it is a violation.
      if (final) {
        throw finalSizeError(`received final offset ${offset} for stream ${this.streamID}, but already received offset ${this.highestReceived} before`);
      }
      return;
    }

    this.startEpochOnFirstByte(now);
    const increment = offset - this.highestReceived;
    this.highestReceived = offset;
    if (this.checkFlowControlViolation()) {
      throw protocolError(
        TransportErrorCode.FlowControlError,
        `received ${offset} bytes on stream ${this.streamID}, allowed ${this.receiveWindow} bytes`,
      );
    }
    this.connection.incrementHighestReceived(increment, now);
  }

  addBytesRead(n: ByteCount): { hasStreamWindowUpdate: boolean; hasConnWindowUpdate: boolean } {
    this.baseAddBytesRead(n);
    const hasStreamWindowUpdate = this.shouldQueueWindowUpdate();
    const hasConnWindowUpdate = this.connection.addBytesRead(n);
    return { hasStreamWindowUpdate, hasConnWindowUpdate };
  }

  abandon(): void {
    const unread = this.highestReceived - this.bytesRead;
    this.bytesRead = this.highestReceived;
    if (unread > 0) this.connection.addBytesRead(unread);
  }

  override addBytesSent(n: ByteCount): void {
    super.addBytesSent(n);
    this.connection.addBytesSent(n);
  }

  /** What we may send now: the smaller of the stream's and the connection's window. */
  sendWindowSize(): ByteCount {
    return Math.min(this.baseSendWindowSize(), this.connection.sendWindowSize());
  }

  isNewlyBlocked(): boolean {
    return this.newlyBlockedAt() !== undefined;
  }

  /** Once the final size is known the peer needs no more credit (RFC 9000 §4.5). */
  private shouldQueueWindowUpdate(): boolean {
    return !this.receivedFinalOffset && this.hasWindowUpdate();
  }

  getWindowUpdate(now: number): ByteCount {
    if (this.receivedFinalOffset) return 0;
    const oldWindowSize = this.receiveWindowSize;
    const offset = this.baseGetWindowUpdate(now);
    if (this.receiveWindowSize > oldWindowSize) {
      // auto-tuning grew the stream window: the connection window must keep up
      this.connection.ensureMinimumWindowSize(this.receiveWindowSize * ConnectionFlowControlMultiplier, now);
    }
    return offset;
  }
}

function finalSizeError(message: string) {
  return protocolError(TransportErrorCode.FinalSizeError, message);
}
