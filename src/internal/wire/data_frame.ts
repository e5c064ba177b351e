// What STREAM, CRYPTO and DATAGRAM frames share: a payload that a packer cuts to fit the room left
// in a packet (quic-go: MaxDataLen and MaybeSplitOffFrame of stream_frame.go and crypto_frame.go).
import { varintLen } from './varint.ts';

/**
 * Whether data at [offset, offset+len) would end beyond 2^62-1, the largest offset a varint can
 * carry (RFC 9000 §19.6, §19.8). Near 2^62 doubles are 512 apart: a true end ≥ 2^62 is always
 * caught; only ends in the last 512 bytes below it would be refused too.
 */
export function exceedsMaxOffset(offset: number, len: number): boolean {
  return offset + len >= 2 ** 62;
}

/**
 * The most payload bytes that fit in `maxSize` bytes after `headerLen` bytes of frame header, when
 * a varint Length field precedes the payload (`withLength`) or not. 0 if not even one byte fits.
 */
export function maxDataLen(headerLen: number, maxSize: number, withLength: boolean): number {
  const room = maxSize - headerLen;
  if (room <= 0) return 0;
  if (!withLength) return room;
  // The Length field's own size depends on the length: start from a safe guess, then grow it.
  let n = Math.max(0, room - varintLen(room));
  while (n + 1 + varintLen(n + 1) <= room) n++;
  return n;
}

/** A frame carrying data at a byte offset (STREAM, CRYPTO). */
export interface OffsetDataFrame {
  offset: number;
  data: Uint8Array;
}

/**
 * Cuts f so that it fits in maxSize bytes (quic-go: MaybeSplitOffFrame). Returns
 * - `{ frame: undefined, split: false }` if f fits as it is;
 * - `{ frame: undefined, split: true }` if not even one byte of data fits;
 * - otherwise `{ frame, split: true }`: `frame` carries the first bytes, and f is shortened to the
 *   rest (its offset advanced). The data is not copied.
 */
export function maybeSplitOff<F extends OffsetDataFrame>(
  f: F,
  maxSize: number,
  length: (f: F) => number,
  dataLenFor: (f: F, maxSize: number) => number,
): { frame: F | undefined; split: boolean } {
  if (length(f) <= maxSize) return { frame: undefined, split: false };
  const n = dataLenFor(f, maxSize);
  if (n === 0) return { frame: undefined, split: true };
  const head: F = { ...f, data: f.data.subarray(0, n) };
  f.data = f.data.subarray(n);
  f.offset += n;
  return { frame: head, split: true };
}
