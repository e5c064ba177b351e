// A frame as the sent packet handler keeps it (quic-go internal/ackhandler/frame.go): the wire frame
// plus whom to tell when the packet carrying it is acknowledged or declared lost. The owner (a stream,
// the framer, the crypto stream) decides on loss whether and how to send the data again.
import type { Frame as WireFrame, StreamFrame as WireStreamFrame } from '../wire/frame.ts';

export interface FrameHandler<F extends WireFrame = WireFrame> {
  onAcked(f: F): void;
  onLost(f: F): void;
}

export interface Frame {
  frame: WireFrame;
  handler?: FrameHandler;
}

/** STREAM frames are kept apart, as in quic-go, so the stream's handler gets the typed frame. */
export interface StreamFrame {
  frame: WireStreamFrame;
  handler?: FrameHandler<WireStreamFrame>;
}
