// STREAM frames (RFC 9000 §19.8; quic-go: internal/wire/stream_frame.go). The type byte 0x08–0x0f
// carries three flags: OFF (0x04) an Offset field follows, LEN (0x02) a Length field follows
// (otherwise the data runs to the end of the packet), FIN (0x01) this is the end of the stream.
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { exceedsMaxOffset, maxDataLen, maybeSplitOff } from './data_frame.ts';
import { FrameType, type StreamFrame } from './frame.ts';
import { encodedLength, varintLen, type ByteSink, type Reader } from './varint.ts';

const offBit = 0x04;
const lenBit = 0x02;
const finBit = 0x01;

export function isStreamFrameType(typ: number): boolean {
  return (typ & ~0x07) === FrameType.Stream;
}

export function parseStreamFrame(r: Reader, typ: number): StreamFrame {
  const streamID = r.readVarint();
  const offset = typ & offBit ? r.readVarint() : 0;
  const dataLenPresent = (typ & lenBit) !== 0;
  const data = r.readBytes(dataLenPresent ? r.readVarint() : r.remaining);
  if (exceedsMaxOffset(offset, data.length)) {
    throw protocolError(TransportErrorCode.FrameEncodingError, 'stream data overflows maximum offset');
  }
  return { type: 'stream', streamID, offset, data, fin: (typ & finBit) !== 0, dataLenPresent };
}

/** The Length field is written unless dataLenPresent is explicitly false. */
function hasLength(f: StreamFrame): boolean {
  return f.dataLenPresent !== false;
}

export function writeStreamFrame(w: ByteSink, f: StreamFrame): void {
  if (f.data.length === 0 && !f.fin) throw new Error('StreamFrame: attempting to write empty frame without FIN');
  const withOffset = f.offset !== 0;
  w.writeUint8(FrameType.Stream | (withOffset ? offBit : 0) | (hasLength(f) ? lenBit : 0) | (f.fin ? finBit : 0));
  w.writeVarint(f.streamID);
  if (withOffset) w.writeVarint(f.offset);
  if (hasLength(f)) w.writeVarint(f.data.length);
  w.writeBytes(f.data);
}

export function streamFrameLength(f: StreamFrame): number {
  return encodedLength((sink) => writeStreamFrame(sink, f));
}

/** The most data a STREAM frame with f's stream ID, offset and LEN flag can carry in maxSize bytes. */
export function streamFrameMaxDataLen(f: StreamFrame, maxSize: number): number {
  const headerLen = 1 + varintLen(f.streamID) + (f.offset !== 0 ? varintLen(f.offset) : 0);
  return maxDataLen(headerLen, maxSize, hasLength(f));
}

/** Splits off the head of f that fits in maxSize bytes (see maybeSplitOff); the head never has FIN. */
export function maybeSplitOffStreamFrame(f: StreamFrame, maxSize: number): { frame: StreamFrame | undefined; split: boolean } {
  const result = maybeSplitOff(f, maxSize, streamFrameLength, streamFrameMaxDataLen);
  if (result.frame) result.frame.fin = false;
  return result;
}
