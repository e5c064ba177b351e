// The interfaces streams and the connection meet at (quic-go: streamSender and
// streamControlFrameGetter in stream.go, sendStreamI in send_stream.go), in a file of their own so
// that stream.ts, send_stream.ts and receive_stream.ts need not import each other.
import type { Frame as AckedFrame, StreamFrame as AckedStreamFrame } from './internal/ackhandler/frame.ts';
import type { ByteCount, StreamID } from './internal/protocol/protocol.ts';
import type { Version } from './internal/protocol/version.ts';
import type { StopSendingFrame } from './internal/wire/frame.ts';
import type { SendStream } from './interface.ts';

/** How streams tell the connection that they have something to send or are done (quic-go's streamSender). */
export interface streamSender {
  /** The stream has STREAM data (or a FIN) for popStreamFrame: make it active in the framer. */
  onHasStreamData(id: StreamID, str: sendStreamI): void;
  /** The stream has a control frame (RESET_STREAM, STOP_SENDING, MAX_STREAM_DATA, STREAM_DATA_BLOCKED). */
  onHasStreamControlFrame(id: StreamID, str: streamControlFrameGetter): void;
  /** Reading freed enough connection-level credit that a MAX_DATA is due. */
  onHasConnectionData(): void;
  /** Both directions are finished: the stream can be forgotten (and the peer may open another). */
  onStreamCompleted(id: StreamID): void;
}

/** A stream's queued control frames, pulled by the framer (quic-go's streamControlFrameGetter). */
export interface streamControlFrameGetter {
  getControlFrame(now: number): { frame: AckedFrame | undefined; hasMore: boolean };
}

/** What the framer and the connection use of a send stream (quic-go's sendStreamI). */
export interface sendStreamI extends SendStream {
  handleStopSendingFrame(f: StopSendingFrame): void;
  /** The next STREAM frame of at most maxBytes bytes; hasMore: call again for the next packet. */
  popStreamFrame(maxBytes: ByteCount, v: Version): { frame: AckedStreamFrame | undefined; hasMore: boolean };
  /** A MAX_STREAM_DATA arrived (or the peer's transport parameters). */
  updateSendWindow(limit: ByteCount): void;
  closeForShutdown(err: Error): void;
}
