// The streams we open, of one type (quic-go streams_map_outgoing.go; RFC 9000 §4.6). The peer
// allows us MAX_STREAMS of them; once we reach the limit, openStream fails, openStreamSync waits
// for a higher MAX_STREAMS, and we tell the peer with STREAMS_BLOCKED (once per limit).
import type { ByteCount } from './internal/protocol/protocol.ts';
import { InvalidStreamNum, type StreamNum } from './internal/protocol/stream.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';
import type { Frame, StreamType } from './internal/wire/frame.ts';

/** What the map needs of the streams it holds. */
export interface OutgoingStream {
  updateSendWindow(limit: ByteCount): void;
  closeForShutdown(err: Error): void;
}

/** Returned by openStream when the peer's stream limit is reached (quic-go's StreamLimitReachedError). */
export class StreamLimitReachedError extends Error {
  constructor() {
    super('too many open streams');
    this.name = 'StreamLimitReachedError';
  }
}

interface OpenWaiter<T> {
  resolve: (str: T) => void;
  reject: (err: unknown) => void;
}

export class outgoingStreamsMap<T extends OutgoingStream> {
  private readonly streams = new Map<StreamNum, T>();
  /** openStreamSync calls waiting for the limit to rise, first come first served. */
  private readonly openQueue: OpenWaiter<T>[] = [];
  private nextStream: StreamNum = 1; // the number openStream(Sync) hands out next
  private maxStream: StreamNum = InvalidStreamNum; // the highest number we may open
  private blockedSent = false; // STREAMS_BLOCKED sent for the current maxStream
  private closeErr: Error | undefined;

  constructor(
    private readonly streamType: StreamType,
    private readonly newStream: (num: StreamNum) => T,
    private readonly queueControlFrame: (f: Frame) => void,
    /** The stream ID of a number, for error messages. */
    private readonly streamID: (num: StreamNum) => number,
  ) {}

  openStream(): T {
    if (this.closeErr) throw this.closeErr;
    // waiting openStreamSync calls go first
    if (this.openQueue.length > 0 || this.nextStream > this.maxStream) {
      this.maybeSendBlockedFrame();
      throw new StreamLimitReachedError();
    }
    return this.openNextStream();
  }

  openStreamSync(signal?: AbortSignal): Promise<T> {
    if (this.closeErr) return Promise.reject(this.closeErr);
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.openQueue.length === 0 && this.nextStream <= this.maxStream) return Promise.resolve(this.openNextStream());

    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        this.openQueue.splice(this.openQueue.indexOf(waiter), 1);
        reject(signal!.reason);
      };
      const waiter: OpenWaiter<T> = {
        resolve: (str) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(str);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.openQueue.push(waiter);
      this.maybeSendBlockedFrame();
    });
  }

  private openNextStream(): T {
    const str = this.newStream(this.nextStream);
    this.streams.set(this.nextStream, str);
    this.nextStream++;
    return str;
  }

  /** STREAMS_BLOCKED with the limit that stops us (RFC 9000 §19.14), once per limit. */
  private maybeSendBlockedFrame(): void {
    if (this.blockedSent) return;
    const streamLimit = this.maxStream === InvalidStreamNum ? 0 : this.maxStream;
    this.queueControlFrame({ type: 'streams_blocked', streamType: this.streamType, streamLimit });
    this.blockedSent = true;
  }

  /**
   * The stream with this number, for a frame the peer sent on it; undefined once it has been
   * deleted. A stream we have not opened yet is a STREAM_STATE_ERROR (RFC 9000 §19.8, §19.10, §19.13).
   */
  getStream(num: StreamNum): T | undefined {
    if (num >= this.nextStream) {
      throw protocolError(TransportErrorCode.StreamStateError, `peer attempted to open stream ${this.streamID(num)}`);
    }
    return this.streams.get(num);
  }

  deleteStream(num: StreamNum): void {
    if (!this.streams.delete(num)) {
      throw protocolError(TransportErrorCode.InternalError, `tried to delete unknown outgoing stream ${this.streamID(num)}`);
    }
  }

  /** From MAX_STREAMS or the peer's transport parameters; a lower limit is ignored (RFC 9000 §4.6). */
  setMaxStream(num: StreamNum): void {
    if (num <= this.maxStream) return;
    this.maxStream = num;
    this.blockedSent = false;
    while (this.openQueue.length > 0 && this.nextStream <= this.maxStream) {
      this.openQueue.shift()!.resolve(this.openNextStream());
    }
    if (this.openQueue.length > 0) this.maybeSendBlockedFrame();
  }

  /** The peer's transport parameters arrived: streams opened before (0-RTT) get its initial window. */
  updateSendWindow(limit: ByteCount): void {
    for (const str of this.streams.values()) str.updateSendWindow(limit);
  }

  closeWithError(err: Error): void {
    this.closeErr = err;
    for (const str of this.streams.values()) str.closeForShutdown(err);
    for (const waiter of this.openQueue.splice(0)) waiter.reject(err);
  }
}
