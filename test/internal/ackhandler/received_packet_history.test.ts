import { describe, expect, it } from 'vitest';
import { MaxNumAckRanges } from '../../../src/internal/protocol/params.ts';
import { receivedPacketHistory } from '../../../src/internal/ackhandler/received_packet_history.ts';

function receive(h: receivedPacketHistory, ...pns: number[]): boolean[] {
  return pns.map((pn) => h.receivedPacket(pn));
}

describe('receivedPacketHistory', () => {
  it('builds descending ACK ranges with gaps', () => {
    const h = new receivedPacketHistory();
    receive(h, 0, 1, 2, 5, 6, 9);
    expect(h.getAckRanges()).toEqual([
      { smallest: 9, largest: 9 },
      { smallest: 5, largest: 6 },
      { smallest: 0, largest: 2 },
    ]);
  });

  it('handles reordering: fills gaps and merges ranges', () => {
    const h = new receivedPacketHistory();
    receive(h, 10, 4, 2, 3, 8, 9, 5, 6, 7);
    expect(h.getAckRanges()).toEqual([{ smallest: 2, largest: 10 }]);
    receive(h, 0);
    expect(h.getAckRanges()).toEqual([
      { smallest: 2, largest: 10 },
      { smallest: 0, largest: 0 },
    ]);
  });

  it('reports duplicates', () => {
    const h = new receivedPacketHistory();
    expect(receive(h, 1, 2, 1, 5, 2)).toEqual([true, true, false, true, false]);
    expect(h.isPotentiallyDuplicate(1)).toBe(true);
    expect(h.isPotentiallyDuplicate(3)).toBe(false);
    expect(h.isPotentiallyDuplicate(6)).toBe(false);
  });

  it(`keeps at most MaxNumAckRanges = ${MaxNumAckRanges} ranges, dropping the oldest`, () => {
    const h = new receivedPacketHistory();
    for (let pn = 0; pn <= 100; pn += 2) h.receivedPacket(pn); // 51 one-packet ranges
    const ranges = h.getAckRanges();
    expect(ranges).toHaveLength(32);
    expect(ranges[0]).toEqual({ smallest: 100, largest: 100 });
    expect(ranges[31]).toEqual({ smallest: 38, largest: 38 });
  });

  it('deleteBelow forgets lower packets and treats them as duplicates', () => {
    const h = new receivedPacketHistory();
    receive(h, 0, 1, 2, 3, 6, 7);
    h.deleteBelow(2);
    expect(h.getAckRanges()).toEqual([
      { smallest: 6, largest: 7 },
      { smallest: 2, largest: 3 },
    ]);
    h.deleteBelow(5);
    expect(h.getAckRanges()).toEqual([{ smallest: 6, largest: 7 }]);
    expect(h.isPotentiallyDuplicate(4)).toBe(true);
    expect(h.receivedPacket(4)).toBe(false);
  });
});
