// What the streams and the connection see of flow control (quic-go internal/flowcontrol/interface.go).
// RFC 9000 §4: a receiver announces how far the sender may write (MAX_STREAM_DATA per stream,
// MAX_DATA for the whole connection); a sender that reaches the limit says so (STREAM_DATA_BLOCKED,
// DATA_BLOCKED) and waits for more credit.
import type { ByteCount } from '../protocol/protocol.ts';

/** The one RTT figure auto-tuning needs; utils/rtt_stats.ts's RTTStats satisfies it. */
export interface RTTStats {
  /** The smoothed RTT in ms (RFC 9002 §5.3); auto-tuning is off while it is 0. */
  smoothedRTT(): number;
}

/** Called before a receive window grows; false keeps it at its size (quic-go's AllowConnectionWindowIncrease). */
export type AllowWindowIncrease = (increase: ByteCount) => boolean;

interface flowController {
  // for sending
  sendWindowSize(): ByteCount;
  /** A MAX_DATA / MAX_STREAM_DATA arrived; true if it raised the limit. */
  updateSendWindow(offset: ByteCount): boolean;
  addBytesSent(n: ByteCount): void;
  // for receiving
  /** The new limit to announce, or 0 if no update is due. */
  getWindowUpdate(now: number): ByteCount;
}

export interface StreamFlowController extends flowController {
  /**
   * A STREAM or RESET_STREAM frame reached `offset` (`final`: it carries the final size).
   * Throws FLOW_CONTROL_ERROR or FINAL_SIZE_ERROR.
   */
  updateHighestReceived(offset: ByteCount, final: boolean, now: number): void;
  /** The application consumed n bytes; says which window updates became due. */
  addBytesRead(n: ByteCount): { hasStreamWindowUpdate: boolean; hasConnWindowUpdate: boolean };
  /** Reading stopped early: count everything received as read, for the connection's window. */
  abandon(): void;
  /** True once per send-window limit that stops us: time for STREAM_DATA_BLOCKED. */
  isNewlyBlocked(): boolean;
}

export interface ConnectionFlowController extends flowController {
  /** The application consumed n bytes on some stream; true if a MAX_DATA is due. */
  addBytesRead(n: ByteCount): boolean;
  /** The limit that stops us, once per limit: time for DATA_BLOCKED. */
  isNewlyBlocked(): { blocked: boolean; offset: ByteCount };
  /** Is a MAX_DATA due? (The packer must know before it packs: quic-go connection.go:1882.) */
  hasWindowUpdate(): boolean;
}

/** What a stream flow controller needs from the connection's (not for other callers). */
export interface connectionFlowControllerI extends ConnectionFlowController {
  /** A stream window grew to `inc`: keep the connection window at least that large. */
  ensureMinimumWindowSize(inc: ByteCount, now: number): void;
  /** New bytes arrived on some stream. Throws FLOW_CONTROL_ERROR. */
  incrementHighestReceived(increment: ByteCount, now: number): void;
}
