// Exercise 07.2's unit tests: the real handler map on a manual clock, with the learner's retire.
import { describe, expect, it, vi } from 'vitest';
import { packetHandlerMap, type packetHandler } from '../../src/packet_handler_map.ts';
import { ManualClock } from '../../src/internal/utils/clock.ts';
import { RetiredConnectionIDDeleteTimeout } from '../../src/internal/protocol/params.ts';

vi.mock(import('../../src/packet_handler_map.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const conn: packetHandler = { handlePacket: () => {}, destroy: () => {}, closeWithTransportError: () => {} };
const clientDCID = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
const ours = Uint8Array.from([0xa, 0xb, 0xc, 0xd]);

function setup(deleteRetiredConnsAfter?: number) {
  const clock = new ManualClock();
  const m = new packetHandlerMap(undefined, () => {}, clock, deleteRetiredConnsAfter);
  expect(m.addWithConnID(clientDCID, ours, conn)).toBe(true);
  return { clock, m };
}

describe('retire', () => {
  it('still routes a retired ID until the delay has passed', () => {
    const { clock, m } = setup();
    m.retire(clientDCID);
    expect(m.get(clientDCID)).toBe(conn);
    clock.advance(RetiredConnectionIDDeleteTimeout - 1);
    expect(m.get(clientDCID)).toBe(conn);
  });

  it('then forgets it', () => {
    const { clock, m } = setup();
    m.retire(clientDCID);
    clock.advance(RetiredConnectionIDDeleteTimeout);
    expect(m.get(clientDCID)).toBeUndefined();
    expect(m.size).toBe(1);
  });

  it('waits the map\'s own delay, whatever it is', () => {
    for (const delay of [1, 250, 7_000, 60_000]) {
      const { clock, m } = setup(delay);
      m.retire(clientDCID);
      clock.advance(delay - 1);
      expect(m.get(clientDCID), `${delay - 1} ms after retiring, with a delay of ${delay} ms`).toBe(conn);
      clock.advance(1);
      expect(m.get(clientDCID), `${delay} ms after retiring`).toBeUndefined();
      expect(m.get(ours)).toBe(conn);
    }
  });

  it('leaves the other IDs of the connection alone', () => {
    const { clock, m } = setup();
    m.retire(clientDCID);
    clock.advance(10 * RetiredConnectionIDDeleteTimeout);
    expect(m.get(ours)).toBe(conn);
  });
});
