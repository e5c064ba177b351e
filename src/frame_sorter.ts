// Reassembly of a byte stream that arrives in pieces (quic-go frame_sorter.go). STREAM and CRYPTO
// frames may arrive out of order, twice, or overlapping (RFC 9000 §2.2, §19.6): data at an offset
// is the same every time it is sent, so any byte we already hold can be dropped.
//
// The sorter keeps the list of gaps: the byte ranges not received yet, sorted. A pushed frame is
// cut down to the parts that fall into gaps; those parts are copied into one buffer that holds the
// stream from the read position on, and the gaps shrink, split or disappear. pop() hands out
// everything from the read position up to the first gap, so data comes out in order and exactly once.
//
// quic-go keeps one map entry per received piece. We copy instead: a peer may fill a stream's
// receive window with 1-byte frames, and an entry per byte would cost ~100 bytes per byte
// received; the buffer costs at most twice the span buffered, which flow control bounds (RFC 9000
// §4.1; for CRYPTO, MaxCryptoStreamOffset, §7.5). The common case, data in order to a reader that
// keeps up, is not copied: the one piece at the read position is kept as it came.
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

export class frameSorter {
  /** The bytes at the read position when nothing else is buffered: a view of the frame, not a copy. */
  private inOrder: Uint8Array | undefined;
  /** The stream's bytes from bufOffset on, as received (bytes inside gaps mean nothing). */
  private buf = new Uint8Array(0);
  private bufOffset: ByteCount = 0;
  private readPos: ByteCount = 0;
  /** Holes not received yet, sorted and disjoint; the last one runs to the largest offset. */
  private gaps: ByteInterval[] = [{ start: 0, end: MaxByteCount }];

  /**
   * Stores the bytes of `data` (which starts at `offset`) that are new: a view of `data` if they
   * are all there is to read, else a copy. The caller bounds the offsets (flow control): the
   * buffer grows to cover them. Throws when the data would leave more
   * than MaxStreamFrameSorterGaps holes, which bounds the bookkeeping a peer can make us do.
   */
  push(data: Uint8Array, offset: ByteCount): void {
    const end = offset + data.length;
    if (data.length === 0 || end <= this.gaps[0]!.start) return; // nothing new
    if (!this.hasMoreData() && offset <= this.readPos) {
      this.inOrder = data.subarray(this.readPos - offset);
      this.gaps[0]!.start = end;
      return;
    }

    const first = this.firstGapEndingAfter(offset);
    let last = first; // one past the last gap the data reaches into
    const remaining: ByteInterval[] = []; // what is left of those gaps
    const pieces: ByteInterval[] = []; // the new bytes
    for (; last < this.gaps.length && this.gaps[last]!.start < end; last++) {
      const gap = this.gaps[last]!;
      const start = Math.max(gap.start, offset);
      const stop = Math.min(gap.end, end);
      pieces.push({ start, end: stop });
      if (gap.start < start) remaining.push({ start: gap.start, end: start });
      if (stop < gap.end) remaining.push({ start: stop, end: gap.end });
    }
    if (pieces.length === 0) return; // the data lies entirely between gaps: all duplicate

    const gapCount = this.gaps.length - (last - first) + remaining.length;
    if (gapCount > MaxStreamFrameSorterGaps) {
      throw protocolError(TransportErrorCode.InternalError, 'too many gaps in received data');
    }
    this.gaps.splice(first, last - first, ...remaining);
    this.reserve(pieces[pieces.length - 1]!.end); // new bytes lie in gaps, beyond the in-order piece
    if (this.inOrder) {
      this.buf.set(this.inOrder, this.readPos - this.bufOffset);
      this.inOrder = undefined;
    }
    for (const p of pieces) this.buf.set(data.subarray(p.start - offset, p.end - offset), p.start - this.bufOffset);
  }

  /** Everything from the read position up to the first gap, or undefined if that byte has not arrived. */
  pop(): { offset: ByteCount; data: Uint8Array } | undefined {
    const end = this.gaps[0]!.start;
    if (end === this.readPos) return undefined;
    const offset = this.readPos;
    const data = this.inOrder ?? this.buf.subarray(offset - this.bufOffset, end - this.bufOffset);
    this.inOrder = undefined;
    this.readPos = end;
    if (!this.hasMoreData()) {
      // Nothing buffered: let the buffer go (the data handed out keeps it while it is used).
      this.buf = new Uint8Array(0);
      this.bufOffset = end;
    }
    return { offset, data };
  }

  /** Says whether any data is stored, at any offset (read or not yet readable). */
  hasMoreData(): boolean {
    return this.gaps[0]!.start > this.readPos || this.gaps.length > 1;
  }

  /** The offset the next pop() starts at. */
  get readPosition(): ByteCount {
    return this.readPos;
  }

  /**
   * Makes the buffer reach `end`. It is replaced, never written below the read position: the data
   * pop() handed out are views into it. Doubling keeps a stream arriving in order linear.
   */
  private reserve(end: ByteCount): void {
    const bufEnd = this.bufOffset + this.buf.length;
    if (end <= bufEnd) return;
    const buffered = Math.max(0, bufEnd - this.readPos);
    const buf = new Uint8Array(Math.max(end - this.readPos, 2 * buffered));
    buf.set(this.buf.subarray(this.readPos - this.bufOffset));
    this.buf = buf;
    this.bufOffset = this.readPos;
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
