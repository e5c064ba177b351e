// DATAGRAM frames (RFC 9221 §4; quic-go: internal/wire/datagram_frame.go): type 0x30 (data to the
// end of the packet) or 0x31 (a Length field precedes the data). Unreliable, never retransmitted.
import { maxDataLen } from './data_frame.ts';
import { FrameType, type DatagramFrame } from './frame.ts';
import type { ByteSink, Reader } from './varint.ts';

const lenBit = 0x01;

export function parseDatagramFrame(r: Reader, typ: number): DatagramFrame {
  const dataLenPresent = (typ & lenBit) !== 0;
  const data = r.readBytes(dataLenPresent ? r.readVarint() : r.remaining);
  return { type: 'datagram', data, dataLenPresent };
}

/** The Length field is written unless dataLenPresent is explicitly false. */
function hasLength(f: DatagramFrame): boolean {
  return f.dataLenPresent !== false;
}

export function writeDatagramFrame(w: ByteSink, f: DatagramFrame): void {
  w.writeUint8(FrameType.Datagram | (hasLength(f) ? lenBit : 0));
  if (hasLength(f)) w.writeVarint(f.data.length);
  w.writeBytes(f.data);
}

/** The largest payload a DATAGRAM frame can carry in maxSize bytes. */
export function datagramFrameMaxDataLen(f: DatagramFrame, maxSize: number): number {
  return maxDataLen(1, maxSize, hasLength(f));
}
