// The receiving half of a stream (quic-go receive_stream.go; RFC 9000 §2.2, §3.2).
//
// STREAM frames go into a frameSorter; read() hands out the data in order, everything that has
// arrived contiguously at a time, and returns the flow-control credit as it goes (MAX_STREAM_DATA, RFC 9000 §4.2). The final
// size comes from the FIN or a RESET_STREAM and never changes (§4.5). cancelRead() asks the peer to
// stop (STOP_SENDING, §3.5). The stream is complete once its final size is known and the application
// has read to the end, seen the reset, or cancelled.
import type { Frame as AckedFrame } from './internal/ackhandler/frame.ts';
import type { StreamFlowController } from './internal/flowcontrol/interface.ts';
import { MaxByteCount, type ByteCount, type StreamID } from './internal/protocol/protocol.ts';
import { Chan } from './internal/utils/chan.ts';
import type { ResetStreamFrame, StreamFrame } from './internal/wire/frame.ts';
import { frameSorter } from './frame_sorter.ts';
import { StreamError, type ReceiveStream, type StreamErrorCode } from './interface.ts';
import type { streamControlFrameGetter, streamSender } from './stream_sender.ts';

/** What the connection and the streams map use of a receive stream (quic-go's receiveStreamI). */
export interface receiveStreamI extends ReceiveStream {
  /** Throws FLOW_CONTROL_ERROR, FINAL_SIZE_ERROR or the frame sorter's error. */
  handleStreamFrame(f: StreamFrame, now: number): void;
  /** Throws FLOW_CONTROL_ERROR or FINAL_SIZE_ERROR. */
  handleResetStreamFrame(f: ResetStreamFrame, now: number): void;
  closeForShutdown(err: Error): void;
}

/** readImpl's answer when nothing can be read yet. */
const wait = Symbol('wait');

export class receiveStream implements receiveStreamI, streamControlFrameGetter {
  private readonly frameQueue = new frameSorter();
  private finalOffset: ByteCount = MaxByteCount; // unknown until FIN or RESET_STREAM

  private queuedStopSending = false;
  private queuedMaxStreamData = false;

  /** The application has seen the end: all data up to the final size, or the cancellation error. */
  private errorRead = false;
  private completed = false; // reported to the sender as completed
  private cancelledRemotely = false;
  private cancelledLocally = false;
  private cancelErr: StreamError | undefined;
  private closeForShutdownErr: Error | undefined;

  /** Go's `readChan chan struct{}` of capacity 1: "something changed, look again". */
  private readonly readChan = new Chan<void>(1, 'readChan');

  constructor(
    readonly streamID: StreamID,
    private readonly sender: streamSender,
    private readonly flowController: StreamFlowController,
  ) {}

  /**
   * The next chunk of data in order; undefined at the end of the stream. Rejects with a
   * StreamError after RESET_STREAM or cancelRead, with the connection's error when it closes, or
   * with the signal's reason.
   */
  async read(signal?: AbortSignal): Promise<Uint8Array | undefined> {
    for (;;) {
      let result: Uint8Array | undefined | typeof wait;
      try {
        result = this.readImpl();
      } finally {
        if (this.isNewlyCompleted()) this.sender.onStreamCompleted(this.streamID);
      }
      if (result !== wait) return result;
      await this.readChan.recv(signal);
    }
  }

  /** The chunks until the end of the stream. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = await this.read();
      if (chunk === undefined) return;
      yield chunk;
    }
  }

  private readImpl(): Uint8Array | undefined | typeof wait {
    if (this.closeForShutdownErr) throw this.closeForShutdownErr;
    if (this.cancelErr) {
      this.errorRead = true;
      throw this.cancelErr;
    }
    const piece = this.frameQueue.pop();
    if (!piece) {
      if (this.frameQueue.readPosition < this.finalOffset) return wait;
      this.errorRead = true;
      return undefined; // EOF
    }
    // Handing out the last bytes is where Go's Read would return io.EOF along with them.
    if (piece.offset + piece.data.length >= this.finalOffset) this.errorRead = true;
    const { hasStreamWindowUpdate, hasConnWindowUpdate } = this.flowController.addBytesRead(piece.data.length);
    if (hasStreamWindowUpdate) {
      this.queuedMaxStreamData = true;
      this.sender.onHasStreamControlFrame(this.streamID, this);
    }
    if (hasConnWindowUpdate) this.sender.onHasConnectionData();
    return piece.data;
  }

  /** STOP_SENDING with our code; reads fail from now on (RFC 9000 §3.5). */
  cancelRead(code: StreamErrorCode): void {
    if (this.cancelledLocally) return;
    this.cancelledLocally = true;
    // Nothing to ask of the peer if we already have everything, or it reset the stream itself.
    if (!this.errorRead && !this.cancelledRemotely) {
      this.queuedStopSending = true;
      this.cancelErr = new StreamError(this.streamID, code, false);
      this.signalRead();
      this.sender.onHasStreamControlFrame(this.streamID, this);
    }
    this.maybeComplete();
  }

  handleStreamFrame(f: StreamFrame, now: number): void {
    const maxOffset = f.offset + f.data.length;
    this.flowController.updateHighestReceived(maxOffset, f.fin, now);
    if (f.fin) this.finalOffset = maxOffset;
    if (!this.cancelledLocally) {
      this.frameQueue.push(f.data, f.offset);
      this.signalRead();
    }
    this.maybeComplete();
  }

  /** The peer abandoned the stream (RFC 9000 §3.2 "Reset Recvd"): its final size still counts. */
  handleResetStreamFrame(f: ResetStreamFrame, now: number): void {
    if (this.closeForShutdownErr) return;
    this.flowController.updateHighestReceived(f.finalSize, true, now);
    this.finalOffset = f.finalSize;
    if (this.cancelledRemotely) return; // a duplicate, with a consistent final size
    this.flowController.abandon(); // unread data counts as consumed for the connection window
    if (!this.cancelledLocally) {
      // after cancelRead, the application already has its own error
      this.cancelledRemotely = true;
      this.cancelErr = new StreamError(this.streamID, f.errorCode, true);
      this.signalRead();
    }
    if (this.isNewlyCompleted()) this.sender.onStreamCompleted(this.streamID);
  }

  /** STOP_SENDING or MAX_STREAM_DATA, when queued. */
  getControlFrame(now: number): { frame: AckedFrame | undefined; hasMore: boolean } {
    if (this.queuedStopSending) {
      this.queuedStopSending = false;
      return {
        frame: { frame: { type: 'stop_sending', streamID: this.streamID, errorCode: this.cancelErr!.errorCode } },
        hasMore: this.queuedMaxStreamData,
      };
    }
    if (!this.queuedMaxStreamData) return { frame: undefined, hasMore: false };
    this.queuedMaxStreamData = false;
    const offset = this.flowController.getWindowUpdate(now);
    if (offset === 0) return { frame: undefined, hasMore: false }; // e.g. the FIN arrived meanwhile
    return { frame: { frame: { type: 'max_stream_data', streamID: this.streamID, maximumStreamData: offset } }, hasMore: false };
  }

  /** The connection is gone: fail reads, tell the peer nothing. */
  closeForShutdown(err: Error): void {
    this.closeForShutdownErr = err;
    this.signalRead();
  }

  /** Completion found while handling a frame or cancelRead: the rest of the data will never be read. */
  private maybeComplete(): void {
    if (!this.isNewlyCompleted()) return;
    this.flowController.abandon();
    this.sender.onStreamCompleted(this.streamID);
  }

  private isNewlyCompleted(): boolean {
    if (this.completed) return false;
    // The final size must be known, to account for flow control (RFC 9000 §4.5).
    if (this.finalOffset === MaxByteCount) return false;
    if (this.cancelledLocally || this.errorRead) {
      this.completed = true;
      return true;
    }
    return false;
  }

  /** Go's non-blocking `select { case s.readChan <- struct{}{}: default: }`. */
  private signalRead(): void {
    this.readChan.trySend(undefined);
  }
}
