// What goes into the next packet besides ACKs and CRYPTO data (quic-go framer.go): queued control
// frames, the streams' own control frames, and STREAM data, shared round-robin among the streams
// that have some. Flow-control updates are produced here too: each stream's MAX_STREAM_DATA comes
// from the stream, the connection's MAX_DATA and DATA_BLOCKED from the connection flow controller
// (quic-go v0.47 has no separate window update queue).
import type { Frame as AckedFrame, StreamFrame as AckedStreamFrame } from './internal/ackhandler/frame.ts';
import type { ConnectionFlowController } from './internal/flowcontrol/interface.ts';
import { MinStreamFrameSize } from './internal/protocol/params.ts';
import type { ByteCount, StreamID } from './internal/protocol/protocol.ts';
import type { Version } from './internal/protocol/version.ts';
import type { Frame, PathResponseFrame } from './internal/wire/frame.ts';
import { frameLength } from './internal/wire/frame_writer.ts';
import { varintLen } from './internal/wire/varint.ts';
import type { sendStreamI } from './send_stream.ts';
import type { streamControlFrameGetter } from './stream.ts';

/** PATH_RESPONSE frames we queue at most: more only happen if the peer misbehaves (it may challenge again). */
const maxPathResponses = 256;
/** Control frames we queue at most; one more closes the connection (quic-go's maxControlFrames). */
export const maxControlFrames = 16 << 10;
/** The largest stream control frame, RESET_STREAM: type + 3 varints of at most 8 bytes. */
const maxStreamControlFrameSize = 25;

/** What the framer needs of a stream with data. */
export type StreamFrameSource = Pick<sendStreamI, 'popStreamFrame'>;

export class framer {
  private readonly activeStreams = new Map<StreamID, StreamFrameSource>();
  /** Round-robin order of the active streams; may hold IDs removed since (skipped when popped). */
  private streamQueue: StreamID[] = [];
  private readonly streamsWithControlFrames = new Map<StreamID, streamControlFrameGetter>();

  private controlFrames: Frame[] = [];
  private pathResponses: PathResponseFrame[] = [];
  private tooManyControlFrames = false;

  constructor(private readonly connFlowController: ConnectionFlowController) {}

  /**
   * Whether appendControlFrames or appendStreamFrames has something to add. A due MAX_DATA counts:
   * it is made in appendControlFrames, and a receiver with nothing else to send must still send it,
   * or a sender that used up the connection window waits forever (quic-go queues it before packing).
   */
  hasData(): boolean {
    return (
      this.streamQueue.length > 0 ||
      this.streamsWithControlFrames.size > 0 ||
      this.controlFrames.length > 0 ||
      this.pathResponses.length > 0 ||
      this.connFlowController.hasWindowUpdate()
    );
  }

  queueControlFrame(frame: Frame): void {
    if (frame.type === 'path_response') {
      if (this.pathResponses.length < maxPathResponses) this.pathResponses.push(frame);
      return;
    }
    if (this.controlFrames.length >= maxControlFrames) {
      this.tooManyControlFrames = true;
      return;
    }
    this.controlFrames.push(frame);
  }

  /**
   * Client: the server rejected 0-RTT (quic-go: Handle0RTTRejection). The streams are gone, and so
   * is everything about them or about flow control that was queued for 0-RTT packets.
   */
  handle0RTTRejection(): void {
    this.activeStreams.clear();
    this.streamQueue = [];
    this.streamsWithControlFrames.clear();
    const flowControl = new Set(['max_data', 'max_stream_data', 'max_streams', 'data_blocked', 'stream_data_blocked', 'streams_blocked']);
    this.controlFrames = this.controlFrames.filter((f) => !flowControl.has(f.type));
  }

  /**
   * The control frame queue overflowed, so a frame was lost for good: the connection checks this on
   * every wake-up of its run loop and closes with INTERNAL_ERROR (quic-go: connection.go:521-523;
   * its framer sets a flag rather than return an error from every queueControlFrame caller).
   */
  queuedTooManyControlFrames(): boolean {
    return this.tooManyControlFrames;
  }

  /**
   * Appends control frames of at most maxLen bytes in total to `frames`; returns their length.
   * Frames without a handler are retransmitted as they are if lost (by the packer's retransmission
   * queue); RESET_STREAM carries its stream's handler.
   */
  appendControlFrames(frames: AckedFrame[], maxLen: ByteCount, now: number): ByteCount {
    const windowUpdate = this.connFlowController.getWindowUpdate(now);
    if (windowUpdate > 0) this.queueControlFrame({ type: 'max_data', maximumData: windowUpdate });

    let length = 0;
    // one PATH_RESPONSE per packet (RFC 9000 §8.2.2)
    const pathResponse = this.pathResponses[0];
    if (pathResponse && frameLength(pathResponse) <= maxLen) {
      frames.push({ frame: pathResponse });
      length += frameLength(pathResponse);
      this.pathResponses.shift();
    }

    for (const [id, str] of this.streamsWithControlFrames) {
      let hasMore = true;
      while (hasMore && maxLen - length > maxStreamControlFrameSize) {
        const res = str.getControlFrame(now);
        hasMore = res.hasMore;
        if (!hasMore) this.streamsWithControlFrames.delete(id);
        if (res.frame) {
          frames.push(res.frame);
          length += frameLength(res.frame.frame);
        }
      }
      if (maxLen - length <= maxStreamControlFrameSize) break;
    }

    let sent = 0;
    for (const frame of this.controlFrames) {
      const frameLen = frameLength(frame);
      if (length + frameLen > maxLen) break;
      frames.push({ frame });
      length += frameLen;
      sent++;
    }
    this.controlFrames = this.controlFrames.slice(sent);
    return length;
  }

  /** The stream has data: it joins the round-robin (once). */
  addActiveStream(id: StreamID, str: StreamFrameSource): void {
    if (this.activeStreams.has(id)) return;
    this.activeStreams.set(id, str);
    this.streamQueue.push(id);
  }

  addStreamWithControlFrames(id: StreamID, str: streamControlFrameGetter): void {
    if (!this.streamsWithControlFrames.has(id)) this.streamsWithControlFrames.set(id, str);
  }

  /** The stream completed; its entry in streamQueue is skipped when reached. */
  removeActiveStream(id: StreamID): void {
    this.activeStreams.delete(id);
  }

  /**
   * Appends STREAM frames of at most maxLen bytes in total, taking one frame per active stream in
   * turn until fewer than MinStreamFrameSize bytes are left; returns their length. The last frame
   * goes without its Length field: it runs to the end of the packet (RFC 9000 §19.8).
   */
  appendStreamFrames(frames: AckedStreamFrame[], maxLen: ByteCount, v: Version): ByteCount {
    const startLen = frames.length;
    let length = 0;
    const numActiveStreams = this.streamQueue.length;
    for (let i = 0; i < numActiveStreams; i++) {
      if (MinStreamFrameSize + length > maxLen) break;
      const id = this.streamQueue.shift()!;
      const str = this.activeStreams.get(id);
      if (!str) continue; // removed after it was queued
      // The last frame will lose its Length field, so it may use those bytes.
      let remainingLen = maxLen - length;
      remainingLen += varintLen(remainingLen);
      const { frame, hasMore } = str.popStreamFrame(remainingLen, v);
      if (hasMore) this.streamQueue.push(id); // back of the queue: round-robin
      else this.activeStreams.delete(id);
      // no frame: the stream was cancelled, is blocked, or nothing fitted
      if (!frame) continue;
      frames.push(frame);
      length += frameLength(frame.frame);
    }
    if (frames.length > startLen) {
      const last = frames[frames.length - 1]!.frame;
      const withLength = frameLength(last);
      last.dataLenPresent = false;
      length += frameLength(last) - withLength;
    }

    // Sending STREAM data is the only way to use up the connection's window (RFC 9000 §4.1).
    const { blocked, offset } = this.connFlowController.isNewlyBlocked();
    if (blocked) this.queueControlFrame({ type: 'data_blocked', maximumData: offset });
    return length;
  }
}
