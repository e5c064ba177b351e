// A bidirectional stream: a send half and a receive half under one stream ID (quic-go stream.go;
// RFC 9000 §2.1, §3). Also the two small interfaces between streams and the connection.
import type { Frame as AckedFrame, StreamFrame as AckedStreamFrame } from './internal/ackhandler/frame.ts';
import type { StreamFlowController } from './internal/flowcontrol/interface.ts';
import type { ByteCount, StreamID } from './internal/protocol/protocol.ts';
import type { Version } from './internal/protocol/version.ts';
import type { ResetStreamFrame, StopSendingFrame, StreamFrame } from './internal/wire/frame.ts';
import type { Stream, StreamErrorCode } from './interface.ts';
import { receiveStream, type receiveStreamI } from './receive_stream.ts';
import { sendStream } from './send_stream.ts';
import type { sendStreamI, streamControlFrameGetter, streamSender } from './stream_sender.ts';

export type { streamControlFrameGetter, streamSender };

/** What the connection and the streams map use of a bidirectional stream (quic-go's streamI). */
export interface streamI extends Stream, sendStreamI, receiveStreamI {}

export class stream implements streamI, streamControlFrameGetter {
  private readonly sendStream: sendStream;
  private readonly receiveStream: receiveStream;
  private sendStreamCompleted = false;
  private receiveStreamCompleted = false;

  constructor(
    readonly streamID: StreamID,
    sender: streamSender,
    flowController: StreamFlowController,
  ) {
    // Each half reports to the connection through this stream, which completes when both have.
    const halfSender = (onCompleted: () => void): streamSender => ({
      onHasStreamData: (id, str) => sender.onHasStreamData(id, str),
      onHasStreamControlFrame: (id) => sender.onHasStreamControlFrame(id, this),
      onHasConnectionData: () => sender.onHasConnectionData(),
      onStreamCompleted: () => {
        onCompleted();
        if (this.sendStreamCompleted && this.receiveStreamCompleted) sender.onStreamCompleted(streamID);
      },
    });
    this.sendStream = new sendStream(streamID, halfSender(() => (this.sendStreamCompleted = true)), flowController);
    this.receiveStream = new receiveStream(streamID, halfSender(() => (this.receiveStreamCompleted = true)), flowController);
  }

  // the application's side
  read(signal?: AbortSignal): Promise<Uint8Array | undefined> {
    return this.receiveStream.read(signal);
  }
  [Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    return this.receiveStream[Symbol.asyncIterator]();
  }
  cancelRead(code: StreamErrorCode): void {
    this.receiveStream.cancelRead(code);
  }
  write(data: Uint8Array, signal?: AbortSignal): Promise<void> {
    return this.sendStream.write(data, signal);
  }
  close(): void {
    this.sendStream.close();
  }
  cancelWrite(code: StreamErrorCode): void {
    this.sendStream.cancelWrite(code);
  }

  // the connection's side
  handleStreamFrame(f: StreamFrame, now: number): void {
    this.receiveStream.handleStreamFrame(f, now);
  }
  handleResetStreamFrame(f: ResetStreamFrame, now: number): void {
    this.receiveStream.handleResetStreamFrame(f, now);
  }
  handleStopSendingFrame(f: StopSendingFrame): void {
    this.sendStream.handleStopSendingFrame(f);
  }
  popStreamFrame(maxBytes: ByteCount, v: Version): { frame: AckedStreamFrame | undefined; hasMore: boolean } {
    return this.sendStream.popStreamFrame(maxBytes, v);
  }
  updateSendWindow(limit: ByteCount): void {
    this.sendStream.updateSendWindow(limit);
  }

  /** The send half's frames first; hasMore stays true while the receive half may have one. */
  getControlFrame(now: number): { frame: AckedFrame | undefined; hasMore: boolean } {
    const { frame } = this.sendStream.getControlFrame(now);
    if (frame) return { frame, hasMore: true };
    return this.receiveStream.getControlFrame(now);
  }

  /** The connection is gone: both halves fail, nothing is sent to the peer. */
  closeForShutdown(err: Error): void {
    this.sendStream.closeForShutdown(err);
    this.receiveStream.closeForShutdown(err);
  }
}
