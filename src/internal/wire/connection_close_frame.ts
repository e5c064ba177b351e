// CONNECTION_CLOSE frames (RFC 9000 §19.19; quic-go: internal/wire/connection_close_frame.go):
// type 0x1c (a transport error, with the Frame Type that caused it) or 0x1d (an application error),
// Error Code, [Frame Type], Reason Phrase Length, Reason Phrase (UTF-8).
import { FrameType, type ConnectionCloseFrame } from './frame.ts';
import type { ByteSink, Reader } from './varint.ts';

const decoder = new TextDecoder(); // invalid UTF-8 becomes U+FFFD: the phrase is only for humans
const encoder = new TextEncoder();

export function parseConnectionCloseFrame(r: Reader, typ: number): ConnectionCloseFrame {
  const isApplicationError = typ === FrameType.ApplicationClose;
  const errorCode = r.readVarint();
  const frameType = isApplicationError ? 0 : r.readVarint();
  const reasonPhrase = decoder.decode(r.readBytes(r.readVarint()));
  return { type: 'connection_close', isApplicationError, errorCode, frameType, reasonPhrase };
}

export function writeConnectionCloseFrame(w: ByteSink, f: ConnectionCloseFrame): void {
  w.writeUint8(f.isApplicationError ? FrameType.ApplicationClose : FrameType.ConnectionClose);
  w.writeVarint(f.errorCode);
  if (!f.isApplicationError) w.writeVarint(f.frameType);
  const reason = encoder.encode(f.reasonPhrase);
  w.writeVarint(reason.length);
  w.writeBytes(reason);
}
