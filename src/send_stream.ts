// The sending half of a stream (quic-go send_stream.go; RFC 9000 §2.2, §3.1).
//
// write() queues data; the packer pulls it with popStreamFrame() as room in packets and flow-control
// credit allow. A write resolves once the data is queued and no more than a packet's worth
// (MaxPacketBufferSize) of it waits unsent: backpressure, not delivery. Frames that are lost come
// back through their handler and are sent again first. close() queues the FIN; the stream is
// complete when everything up to the FIN (or a RESET_STREAM) has been acknowledged.
import type { Frame as AckedFrame, FrameHandler, StreamFrame as AckedStreamFrame } from './internal/ackhandler/frame.ts';
import type { StreamFlowController } from './internal/flowcontrol/interface.ts';
import { MaxPacketBufferSize, type ByteCount, type StreamID } from './internal/protocol/protocol.ts';
import type { Version } from './internal/protocol/version.ts';
import type { StopSendingFrame, StreamFrame } from './internal/wire/frame.ts';
import { maybeSplitOffStreamFrame, streamFrameMaxDataLen } from './internal/wire/stream_frame.ts';
import { StreamError, type SendStream, type StreamErrorCode } from './interface.ts';
import type { sendStreamI, streamControlFrameGetter, streamSender } from './stream_sender.ts';

export type { sendStreamI };

/** What the framer, the packer and the streams map use of a send stream (quic-go's sendStreamI). */
/** A write waiting until at most MaxPacketBufferSize bytes remain unsent up to its end. */
interface BlockedWrite {
  end: ByteCount;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class sendStream implements sendStreamI, streamControlFrameGetter {
  /** STREAM and RESET_STREAM frames sent and neither acknowledged nor lost yet. */
  private numOutstandingFrames = 0;
  private retransmissionQueue: StreamFrame[] = [];

  /** Offset of the next new byte to send; everything below was handed to the packer. */
  private writeOffset: ByteCount = 0;
  /** Offset after the last byte written by the application. */
  private writtenOffset: ByteCount = 0;
  /** Written but unsent data: chunks copied on write, the first one consumed from `headPos`. */
  private readonly dataForWriting: Uint8Array[] = [];
  private headPos = 0;
  private readonly blockedWrites: BlockedWrite[] = [];

  private cancelWriteErr: StreamError | undefined;
  private closeForShutdownErr: Error | undefined;
  private queuedResetStreamFrame = false;
  private queuedBlockedFrame = false;

  private finishedWriting = false; // close() was called
  private finSent = false;
  /** The application knows of the cancellation: it cancelled, or a write/close saw the error. */
  private cancellationFlagged = false;
  private completed = false; // reported to the sender as completed

  private readonly ackHandler: FrameHandler<StreamFrame> = {
    onAcked: () => this.onStreamFrameAcked(),
    onLost: (f) => this.onStreamFrameLost(f),
  };
  private readonly resetStreamHandler: FrameHandler = {
    onAcked: () => this.onResetStreamAcked(),
    onLost: () => this.onResetStreamLost(),
  };

  constructor(
    readonly streamID: StreamID,
    private readonly sender: streamSender,
    private readonly flowController: StreamFlowController,
  ) {}

  /** Queues a copy of data. Aborting the signal stops the waiting only: the data is still sent. */
  async write(data: Uint8Array, signal?: AbortSignal): Promise<void> {
    if (this.finishedWriting) throw new Error(`write on closed stream ${this.streamID}`);
    if (this.cancelWriteErr) {
      this.cancellationFlagged = true;
      if (this.isNewlyCompleted()) this.sender.onStreamCompleted(this.streamID);
      throw this.cancelWriteErr;
    }
    if (this.closeForShutdownErr) throw this.closeForShutdownErr;
    signal?.throwIfAborted();
    if (data.length === 0) return;

    this.dataForWriting.push(data.slice());
    this.writtenOffset += data.length;
    this.sender.onHasStreamData(this.streamID, this);
    if (this.writtenOffset - this.writeOffset <= MaxPacketBufferSize) return;

    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.blockedWrites.splice(this.blockedWrites.indexOf(waiter), 1);
        reject(signal!.reason);
      };
      const waiter: BlockedWrite = {
        end: this.writtenOffset,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.blockedWrites.push(waiter);
    });
  }

  /** Sends the FIN after all data written so far (RFC 9000 §3.1 "Data Sent"). */
  close(): void {
    if (this.closeForShutdownErr) return;
    this.finishedWriting = true;
    if (this.cancelWriteErr) {
      // closing a cancelled stream: nothing to send, but the application now knows
      this.cancellationFlagged = true;
      if (this.isNewlyCompleted()) this.sender.onStreamCompleted(this.streamID);
      return;
    }
    this.sender.onHasStreamData(this.streamID, this); // the FIN has to be sent
  }

  /** Abandons the stream: RESET_STREAM with our error code (RFC 9000 §3.1 "Reset Sent", §19.4). */
  cancelWrite(code: StreamErrorCode): void {
    this.cancelWriteImpl(code, false);
  }

  /** STOP_SENDING: the peer wants no more data, we answer with RESET_STREAM and its code (RFC 9000 §3.5). */
  handleStopSendingFrame(f: StopSendingFrame): void {
    this.cancelWriteImpl(f.errorCode, true);
  }

  private cancelWriteImpl(code: StreamErrorCode, remote: boolean): void {
    if (!remote) {
      this.cancellationFlagged = true;
      if (this.cancelWriteErr) {
        // Already reset after a STOP_SENDING: the application now knows, the stream may be done.
        if (this.isNewlyCompleted()) this.sender.onStreamCompleted(this.streamID);
        return;
      }
    }
    if (this.cancelWriteErr) return;
    this.cancelWriteErr = new StreamError(this.streamID, code, remote);
    // Nothing written will be delivered any more; outstanding frames no longer matter.
    this.numOutstandingFrames = 0;
    this.retransmissionQueue = [];
    this.dataForWriting.length = 0;
    this.writtenOffset = this.writeOffset;
    this.queuedResetStreamFrame = true;
    this.failBlockedWrites(this.cancelWriteErr);
    this.sender.onHasStreamControlFrame(this.streamID, this);
  }

  updateSendWindow(limit: ByteCount): void {
    if (!this.flowController.updateSendWindow(limit)) return; // duplicate or reordered MAX_STREAM_DATA
    if (this.hasUnsentData()) this.sender.onHasStreamData(this.streamID, this);
  }

  popStreamFrame(maxBytes: ByteCount, _v: Version): { frame: AckedStreamFrame | undefined; hasMore: boolean } {
    const { frame, hasMore, queuedControlFrame } = this.popNewOrRetransmittedStreamFrame(maxBytes);
    if (frame) this.numOutstandingFrames++;
    if (queuedControlFrame) this.sender.onHasStreamControlFrame(this.streamID, this);
    return { frame: frame && { frame, handler: this.ackHandler }, hasMore };
  }

  private popNewOrRetransmittedStreamFrame(maxBytes: ByteCount): {
    frame?: StreamFrame;
    hasMore: boolean;
    queuedControlFrame?: boolean;
  } {
    if (this.cancelWriteErr || this.closeForShutdownErr) return { hasMore: false };

    if (this.retransmissionQueue.length > 0) {
      const { frame, hasMore } = this.maybeGetRetransmission(maxBytes);
      // We claim to have more even if this was the last retransmission: at worst one spurious call.
      if (frame || hasMore) return { frame, hasMore: true };
    }

    if (!this.hasUnsentData()) {
      if (this.finishedWriting && !this.finSent) {
        this.finSent = true; // a frame that carries only the FIN
        return { frame: this.newFrame(new Uint8Array(0), true), hasMore: false };
      }
      return { hasMore: false };
    }

    const sendWindow = this.flowController.sendWindowSize();
    if (sendWindow === 0) {
      // Blocked by the stream's window: tell the peer once (STREAM_DATA_BLOCKED, RFC 9000 §4.1) and
      // wait for MAX_STREAM_DATA to make us active again. Blocked by the connection's window: stay
      // active, MAX_DATA does not wake streams.
      if (this.flowController.isNewlyBlocked()) {
        this.queuedBlockedFrame = true;
        return { hasMore: false, queuedControlFrame: true };
      }
      return { hasMore: true };
    }

    const unsent = this.writtenOffset - this.writeOffset;
    const n = Math.min(unsent, sendWindow, streamFrameMaxDataLen(this.newFrame(new Uint8Array(0), false), maxBytes));
    if (n === 0) return { hasMore: true }; // not even one byte fits into this packet
    const data = this.takeData(n);
    const frame = this.newFrame(data, false);
    this.writeOffset += data.length;
    this.flowController.addBytesSent(data.length);
    frame.fin = this.finishedWriting && !this.hasUnsentData();
    if (frame.fin) this.finSent = true;
    this.unblockWrites();
    return { frame, hasMore: this.hasUnsentData() || (this.finishedWriting && !this.finSent) };
  }

  private newFrame(data: Uint8Array, fin: boolean): StreamFrame {
    return { type: 'stream', streamID: this.streamID, offset: this.writeOffset, data, fin, dataLenPresent: true };
  }

  /** A lost frame, cut to maxBytes if needed (the rest stays queued). */
  private maybeGetRetransmission(maxBytes: ByteCount): { frame?: StreamFrame; hasMore: boolean } {
    const f = this.retransmissionQueue[0]!;
    const { frame, split } = maybeSplitOffStreamFrame(f, maxBytes);
    if (split) return { frame, hasMore: true };
    this.retransmissionQueue.shift();
    return { frame: f, hasMore: this.retransmissionQueue.length > 0 };
  }

  private hasUnsentData(): boolean {
    return this.writtenOffset > this.writeOffset;
  }

  /** Removes the next n unsent bytes from the queue. Views when possible, one copy otherwise. */
  private takeData(n: number): Uint8Array {
    const head = this.dataForWriting[0]!;
    if (head.length - this.headPos >= n) {
      const data = head.subarray(this.headPos, this.headPos + n);
      this.advance(n);
      return data;
    }
    const data = new Uint8Array(n);
    for (let copied = 0; copied < n; ) {
      const chunk = this.dataForWriting[0]!;
      const m = Math.min(n - copied, chunk.length - this.headPos);
      data.set(chunk.subarray(this.headPos, this.headPos + m), copied);
      copied += m;
      this.advance(m);
    }
    return data;
  }

  /** Consumes m bytes of the first chunk. */
  private advance(m: number): void {
    this.headPos += m;
    if (this.headPos === this.dataForWriting[0]!.length) {
      this.dataForWriting.shift();
      this.headPos = 0;
    }
  }

  /** Resolves the writes whose unsent remainder now fits the buffer. */
  private unblockWrites(): void {
    while (this.blockedWrites.length > 0 && this.blockedWrites[0]!.end - this.writeOffset <= MaxPacketBufferSize) {
      this.blockedWrites.shift()!.resolve();
    }
  }

  private failBlockedWrites(err: Error): void {
    if (this.blockedWrites.length === 0) return;
    if (err === this.cancelWriteErr) this.cancellationFlagged = true; // the rejected write tells the application
    for (const w of this.blockedWrites.splice(0)) w.reject(err);
  }

  /** RFC 9000 §3.1: "Data Recvd" (all data and the FIN acknowledged) or "Reset Recvd". */
  private isNewlyCompleted(): boolean {
    if (this.completed) return false;
    // Keep the stream until everything sent has been acknowledged.
    if (this.numOutstandingFrames > 0 || this.retransmissionQueue.length > 0 || this.queuedResetStreamFrame) return false;
    // Done if the FIN was sent (and, by the above, acknowledged) …
    // … or if it was reset and the application knows: it cancelled, or saw the error, or closed.
    if (this.finSent || (this.cancelWriteErr && (this.cancellationFlagged || this.finishedWriting))) {
      this.completed = true;
      return true;
    }
    return false;
  }

  /** STREAM_DATA_BLOCKED or RESET_STREAM, when queued. */
  getControlFrame(_now: number): { frame: AckedFrame | undefined; hasMore: boolean } {
    if (this.queuedBlockedFrame) {
      this.queuedBlockedFrame = false;
      return {
        frame: { frame: { type: 'stream_data_blocked', streamID: this.streamID, maximumStreamData: this.writeOffset } },
        hasMore: this.queuedResetStreamFrame,
      };
    }
    if (!this.queuedResetStreamFrame) return { frame: undefined, hasMore: false };
    this.queuedResetStreamFrame = false;
    this.numOutstandingFrames++;
    return {
      frame: {
        frame: { type: 'reset_stream', streamID: this.streamID, errorCode: this.cancelWriteErr!.errorCode, finalSize: this.writeOffset },
        handler: this.resetStreamHandler,
      },
      hasMore: false,
    };
  }

  /** The connection is gone: fail writes, send nothing more (no FIN, no RESET_STREAM). */
  closeForShutdown(err: Error): void {
    this.closeForShutdownErr = err;
    this.failBlockedWrites(err);
  }

  private onStreamFrameAcked(): void {
    if (this.cancelWriteErr) return; // reset: outstanding frames were forgotten
    this.numOutstandingFrames--;
    if (this.isNewlyCompleted()) this.sender.onStreamCompleted(this.streamID);
  }

  private onStreamFrameLost(f: StreamFrame): void {
    if (this.cancelWriteErr) return;
    this.retransmissionQueue.push({ ...f, dataLenPresent: true });
    this.numOutstandingFrames--;
    this.sender.onHasStreamData(this.streamID, this);
  }

  private onResetStreamAcked(): void {
    this.numOutstandingFrames--;
    if (this.isNewlyCompleted()) this.sender.onStreamCompleted(this.streamID);
  }

  private onResetStreamLost(): void {
    this.numOutstandingFrames--;
    this.queuedResetStreamFrame = true;
    this.sender.onHasStreamControlFrame(this.streamID, this);
  }
}
