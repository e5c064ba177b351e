import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameSorter } from '../../src/frame_sorter.ts';
import { MaxStreamFrameSorterGaps } from '../../src/internal/protocol/params.ts';
import { TransportError } from '../../src/internal/qerr/errors.ts';

function drain(s: frameSorter): number[] {
  const out: number[] = [];
  for (let p = s.pop(); p; p = s.pop()) out.push(...p.data);
  return out;
}

const bytes = (...b: number[]) => new Uint8Array(b);

describe('frameSorter', () => {
  it('returns data in order, only when the gap before it is filled', () => {
    const s = new frameSorter();
    s.push(bytes(3, 4), 3);
    expect(s.pop()).toBeUndefined();
    s.push(bytes(0, 1, 2), 0);
    expect(drain(s)).toEqual([0, 1, 2, 3, 4]);
    expect(s.readPosition).toBe(5);
  });

  it('drops duplicates and data below the read position', () => {
    const s = new frameSorter();
    s.push(bytes(0, 1, 2), 0);
    s.push(bytes(0, 1, 2), 0);
    expect(drain(s)).toEqual([0, 1, 2]);
    s.push(bytes(1, 2), 1);
    expect(s.pop()).toBeUndefined();
    expect(s.hasMoreData()).toBe(false);
  });

  it('keeps only the new part of an overlapping frame', () => {
    const s = new frameSorter();
    s.push(bytes(2, 3), 2);
    s.push(bytes(6, 7), 6);
    s.push(bytes(0, 1, 2, 3, 4, 5, 6, 7, 8), 0); // covers both and both gaps around them
    expect(drain(s)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses data that would leave more than MaxStreamFrameSorterGaps gaps', () => {
    const s = new frameSorter();
    // every second byte: each push opens one more gap before it
    for (let i = 1; i < MaxStreamFrameSorterGaps; i++) s.push(bytes(i), 2 * i);
    expect(() => s.push(bytes(0), 2 * MaxStreamFrameSorterGaps)).toThrow(TransportError);
    // filling a gap is always possible
    expect(() => s.push(bytes(0), 0)).not.toThrow();
  });

  it('reassembles any fragmentation, duplication and reordering exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 600 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 80 })), { maxLength: 60 }),
        fc.infiniteStream(fc.nat()),
        (data, extra, order) => {
          // cut the data into consecutive pieces, then add random overlapping duplicates
          const pieces: [number, number][] = [];
          for (let at = 0, i = 0; at < data.length; i++) {
            const len = 1 + ((extra[i % Math.max(extra.length, 1)]?.[1] ?? 7) % 50);
            pieces.push([at, Math.min(data.length, at + len)]);
            at += len;
          }
          for (const [start, len] of extra) {
            const s = start % data.length;
            pieces.push([s, Math.min(data.length, s + len)]);
          }
          // shuffle by the random stream
          const it = order[Symbol.iterator]();
          for (let i = pieces.length - 1; i > 0; i--) {
            const j = it.next().value! % (i + 1);
            [pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
          }
          const sorter = new frameSorter();
          const out: number[] = [];
          for (const [s, e] of pieces) {
            sorter.push(data.subarray(s, e), s);
            for (let p = sorter.pop(); p; p = sorter.pop()) {
              expect(p.offset).toBe(out.length);
              out.push(...p.data);
            }
          }
          expect(Uint8Array.from(out)).toEqual(data);
          expect(sorter.hasMoreData()).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('frameSorter buffer', () => {
  it('hands out everything contiguous at once, and what it handed out stays intact', () => {
    const s = new frameSorter();
    for (let i = 0; i < 10; i++) s.push(bytes(i), i);
    const first = s.pop()!;
    expect([...first.data]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Later data, arriving out of order and growing the buffer, must not overwrite the chunk above.
    s.push(bytes(...Array(5000).fill(0xee)), 20);
    s.push(bytes(...Array(10).fill(0xdd)), 10);
    expect([...first.data]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.pop()!.data.length).toBe(5010);
    expect(s.hasMoreData()).toBe(false);
  });

  it('copies the data: the frame (and the packet it came in) can be let go', () => {
    const s = new frameSorter();
    const packet = bytes(1, 2, 3, 4);
    s.push(packet.subarray(1, 3), 5);
    packet.fill(0);
    s.push(bytes(0, 0, 0, 0, 0), 0);
    expect([...s.pop()!.data]).toEqual([0, 0, 0, 0, 0, 2, 3]);
  });
});

describe('frameSorter in order', () => {
  it('hands out data that arrives in order to a reader that keeps up as it came, without a copy', () => {
    const s = new frameSorter();
    const packet = bytes(9, 0, 1, 2, 3, 9);
    s.push(packet.subarray(1, 5), 0);
    const p = s.pop()!;
    expect([...p.data]).toEqual([0, 1, 2, 3]);
    expect(p.data.buffer).toBe(packet.buffer);
  });

  it('copies that piece once more data arrives before it is read', () => {
    const s = new frameSorter();
    const packet = bytes(0, 1, 2, 3);
    s.push(packet.subarray(0, 2), 0);
    s.push(packet.subarray(2, 4), 2);
    packet.fill(0xff);
    expect([...s.pop()!.data]).toEqual([0, 1, 2, 3]);
    s.push(bytes(4, 5), 3); // overlaps what was read: only byte 5 is new
    expect([...s.pop()!.data]).toEqual([5]);
  });
});
