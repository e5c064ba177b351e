// Reassembly of a byte stream that arrives in pieces (quic-go frame_sorter.go). STREAM and CRYPTO
// frames may arrive out of order, twice, or overlapping (RFC 9000 §2.2, §19.6): data at an offset
// is the same every time it is sent, so any byte we already hold can be dropped.
//
// The sorter keeps the list of gaps: the byte ranges not received yet, sorted. A pushed frame is
// cut down to the parts that fall into gaps; those parts are stored by offset and the gaps shrink,
// split or disappear. pop() hands out the stored piece at the read position, so data comes out in
// order and exactly once.
import type { ByteCount } from './internal/protocol/protocol.ts';
import { MaxByteCount } from './internal/protocol/protocol.ts';
import { MaxStreamFrameSorterGaps } from './internal/protocol/params.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';

/** The byte range [start, end). */
interface ByteInterval {
  start: ByteCount;
  end: ByteCount;
}

export class FrameSorter {
  /** Received pieces that do not overlap, by offset. */
  private readonly queue = new Map<ByteCount, Uint8Array>();
  private readPos: ByteCount = 0;
  /** Holes not received yet, sorted and disjoint; the last one runs to the largest offset. */
  private gaps: ByteInterval[] = [{ start: 0, end: MaxByteCount }];

  /**
   * Stores the bytes of `data` (which starts at `offset`) that are new. Keeps a view of `data`,
   * not a copy. Throws when the data would leave more than MaxStreamFrameSorterGaps holes, which
   * bounds the bookkeeping a peer can make us do.
   */
  push(data: Uint8Array, offset: ByteCount): void {
    const end = offset + data.length;
    if (data.length === 0 || end <= this.gaps[0]!.start) return; // nothing new

    const first = this.firstGapEndingAfter(offset);
    let last = first; // one past the last gap the data reaches into
    const remaining: ByteInterval[] = []; // what is left of those gaps
    const pieces: [ByteCount, Uint8Array][] = [];
    for (; last < this.gaps.length && this.gaps[last]!.start < end; last++) {
      const gap = this.gaps[last]!;
      const start = Math.max(gap.start, offset);
      const stop = Math.min(gap.end, end);
      pieces.push([start, data.subarray(start - offset, stop - offset)]);
      if (gap.start < start) remaining.push({ start: gap.start, end: start });
      if (stop < gap.end) remaining.push({ start: stop, end: gap.end });
    }
    if (pieces.length === 0) return; // the data lies entirely between gaps: all duplicate

    const gapCount = this.gaps.length - (last - first) + remaining.length;
    if (gapCount > MaxStreamFrameSorterGaps) {
      throw protocolError(TransportErrorCode.InternalError, 'too many gaps in received data');
    }
    this.gaps.splice(first, last - first, ...remaining);
    for (const [at, piece] of pieces) this.queue.set(at, piece);
  }

  /** The next in-order piece, or undefined if the byte at the read position has not arrived. */
  pop(): { offset: ByteCount; data: Uint8Array } | undefined {
    const data = this.queue.get(this.readPos);
    if (data === undefined) return undefined;
    this.queue.delete(this.readPos);
    const offset = this.readPos;
    this.readPos += data.length;
    return { offset, data };
  }

  /** Says whether any data is stored, at any offset (read or not yet readable). */
  hasMoreData(): boolean {
    return this.queue.size > 0;
  }

  /** The offset the next pop() starts at. */
  get readPosition(): ByteCount {
    return this.readPos;
  }

  /** Binary search: the first gap whose end lies beyond offset. */
  private firstGapEndingAfter(offset: ByteCount): number {
    let lo = 0;
    let hi = this.gaps.length - 1; // the last gap ends at MaxByteCount, beyond any offset
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.gaps[mid]!.end > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
