// Which packets the peer must acknowledge (RFC 9002 §2; quic-go internal/ackhandler/ack_eliciting.go).
import { isAckEliciting } from '../wire/frame.ts';
import type { Frame, StreamFrame } from './frame.ts';

/** A packet is ack-eliciting if it carries a STREAM frame or any frame but ACK, PADDING and CONNECTION_CLOSE. */
export function hasAckElicitingFrames(frames: readonly Frame[], streamFrames: readonly StreamFrame[]): boolean {
  return streamFrames.length > 0 || frames.some((f) => isAckEliciting(f.frame));
}
