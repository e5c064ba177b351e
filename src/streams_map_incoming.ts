// The streams the peer opens, of one type (quic-go streams_map_incoming.go; RFC 9000 §2.1, §4.6).
// A frame on stream n opens every lower-numbered stream of that type too. The peer may open up to
// our limit; each time one of its streams is completed (and accepted), we raise the limit with
// MAX_STREAMS so that the number it may have open stays the same.
import { MaxStreamCount, type StreamNum } from './internal/protocol/stream.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';
import { Chan } from './internal/utils/chan.ts';
import type { Frame, StreamType } from './internal/wire/frame.ts';

/** What the map needs of the streams it holds. */
export interface IncomingStream {
  closeForShutdown(err: Error): void;
}

/** A stream completed before the application accepted it is deleted when it is accepted. */
interface IncomingStreamEntry<T> {
  stream: T;
  shouldDelete: boolean;
}

export class incomingStreamsMap<T extends IncomingStream> {
  /** Go's `newStreamChan chan struct{}` of capacity 1: "a stream was opened, look again". */
  private readonly newStreamChan = new Chan<void>(1, 'newStreamChan');
  private readonly streams = new Map<StreamNum, IncomingStreamEntry<T>>();
  private nextStreamToAccept: StreamNum = 1; // returned by the next acceptStream
  private nextStreamToOpen: StreamNum = 1; // one above the highest the peer opened
  private maxStream: StreamNum; // the highest the peer may open
  private closeErr: Error | undefined;

  constructor(
    private readonly streamType: StreamType,
    private readonly newStream: (num: StreamNum) => T,
    /** Our limit: how many of these streams the peer may have open at once. */
    private readonly maxNumStreams: number,
    private readonly queueControlFrame: (f: Frame) => void,
    /** The stream ID of a number, for error messages. */
    private readonly streamID: (num: StreamNum) => number,
  ) {
    this.maxStream = maxNumStreams;
  }

  async acceptStream(signal?: AbortSignal): Promise<T> {
    this.newStreamChan.tryRecv(); // drain, so we don't look at the map twice for nothing
    let entry: IncomingStreamEntry<T> | undefined;
    for (;;) {
      if (this.closeErr) throw this.closeErr;
      entry = this.streams.get(this.nextStreamToAccept);
      if (entry) break;
      await this.newStreamChan.recv(signal);
    }
    const num = this.nextStreamToAccept++;
    if (entry.shouldDelete) this.deleteStream(num);
    return entry.stream;
  }

  /**
   * The stream for a frame the peer sent: opens it (and every lower-numbered one) if it is new;
   * undefined if it was already completed and deleted. STREAM_LIMIT_ERROR beyond our limit.
   */
  getOrOpenStream(num: StreamNum): T | undefined {
    if (num > this.maxStream) {
      throw protocolError(
        TransportErrorCode.StreamLimitError,
        `peer tried to open stream ${this.streamID(num)} (current limit: ${this.maxStream} streams)`,
      );
    }
    if (num < this.nextStreamToOpen) {
      const entry = this.streams.get(num);
      return entry && !entry.shouldDelete ? entry.stream : undefined;
    }
    for (let n = this.nextStreamToOpen; n <= num; n++) {
      this.streams.set(n, { stream: this.newStream(n), shouldDelete: false });
      this.newStreamChan.trySend(undefined);
    }
    this.nextStreamToOpen = num + 1;
    return this.streams.get(num)!.stream;
  }

  deleteStream(num: StreamNum): void {
    const entry = this.streams.get(num);
    if (!entry) {
      throw protocolError(TransportErrorCode.InternalError, `tried to delete unknown incoming stream ${this.streamID(num)}`);
    }
    // Not accepted yet: keep it for acceptStream, and delete it then.
    if (num >= this.nextStreamToAccept) {
      if (entry.shouldDelete) {
        throw protocolError(TransportErrorCode.InternalError, `tried to delete incoming stream ${this.streamID(num)} multiple times`);
      }
      entry.shouldDelete = true;
      return;
    }
    this.streams.delete(num);
    // Let the peer open one more: the limit moves so that maxNumStreams may be open again.
    if (this.maxNumStreams > this.streams.size) {
      const maxStream = this.nextStreamToOpen + (this.maxNumStreams - this.streams.size) - 1;
      if (maxStream <= MaxStreamCount) {
        this.maxStream = maxStream;
        this.queueControlFrame({ type: 'max_streams', streamType: this.streamType, maxStreamNum: maxStream });
      }
    }
  }

  closeWithError(err: Error): void {
    if (this.closeErr) return;
    this.closeErr = err;
    for (const entry of this.streams.values()) entry.stream.closeForShutdown(err);
    this.newStreamChan.close(); // wakes every acceptStream
  }
}
