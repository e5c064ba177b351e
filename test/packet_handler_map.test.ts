// The handler map's retired routes (RFC 9000 §5.1.2): a retired ID keeps leading to its connection
// until RetiredConnectionIDDeleteTimeout, unless the connection closes first, when it leads to a
// placeholder that swallows packets and the map lets go of the connection.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/internal/utils/clock.ts';
import { packetHandlerMap, type packetHandler } from '../src/packet_handler_map.ts';
import { RetiredConnectionIDDeleteTimeout } from '../src/internal/protocol/params.ts';
import type { receivedPacket } from '../src/sys_conn.ts';

class fakeConn implements packetHandler {
  readonly received: receivedPacket[] = [];
  handlePacket(p: receivedPacket): void {
    this.received.push(p);
  }
  destroy(): void {}
  closeWithTransportError(): void {}
}

const packet = (): receivedPacket => ({ remoteAddr: { address: '127.0.0.1', port: 1, family: 'IPv4' }, rcvTime: 0, data: new Uint8Array(20) });
const id = (b: number) => Uint8Array.of(b, b, b, b);

/** A map with one connection reachable by `active` and by the retired `retired`; the resent CONNECTION_CLOSEs. */
function setUp() {
  const clock = new ManualClock();
  const sent: unknown[] = [];
  const m = new packetHandlerMap(undefined, (p) => sent.push(p), clock);
  const conn = new fakeConn();
  expect(m.addWithConnID(id(1), id(2), conn)).toBe(true);
  m.retire(id(1));
  return { clock, sent, m, conn, retired: id(1), active: id(2) };
}

describe('packetHandlerMap retired routes', () => {
  it('routes a retired ID to its connection until the timeout, then forgets it', () => {
    const { clock, m, conn, retired } = setUp();
    clock.advance(RetiredConnectionIDDeleteTimeout - 1);
    expect(m.get(retired)).toBe(conn);
    clock.advance(1);
    expect(m.get(retired)).toBeUndefined();
    expect(m.size).toBe(1);
  });

  it('once the connection closes, leads its retired ID to a placeholder that swallows packets, and forgets it at the same time as before', () => {
    const { clock, sent, m, conn, retired, active } = setUp();
    clock.advance(1000);
    m.replaceWithClosed([active], new Uint8Array(30));
    const placeholder = m.get(retired)!;
    expect(placeholder).toBeDefined();
    expect(placeholder).not.toBe(conn);
    placeholder.handlePacket(packet());
    expect(conn.received).toHaveLength(0);
    expect(sent).toHaveLength(0); // silent, as the closed connection was
    m.get(active)!.handlePacket(packet());
    expect(sent).toHaveLength(1); // the active ID's placeholder re-sends the CONNECTION_CLOSE
    clock.advance(RetiredConnectionIDDeleteTimeout - 1000);
    expect(m.get(retired)).toBeUndefined();
    clock.advance(1000);
    expect(m.size).toBe(0);
  });

  it('keeps no reference to a connection whose retired route has expired, nor to one that closed', () => {
    const { clock, m, conn, retired, active } = setUp();
    clock.advance(RetiredConnectionIDDeleteTimeout);
    m.replaceWithClosed([active], undefined);
    expect(m.get(retired)).toBeUndefined();
    const other = new fakeConn();
    m.add(id(3), other);
    m.retire(id(3));
    m.replaceWithClosed([id(9)], undefined); // an ID that routes elsewhere: other is untouched
    expect(m.get(id(3))).toBe(other);
    // Nothing in the map leads to the closed connections any more.
    const internals = m as unknown as { retiredRoutes: Map<packetHandler, Set<string>>; retiredOwners: Map<string, packetHandler> };
    expect([...internals.retiredRoutes.keys()]).toEqual([other]);
    expect([...internals.retiredOwners.values()]).toEqual([other]);
    expect([...m.handlers.values()]).not.toContain(conn);
  });
});

describe('packetHandlerMap.close', () => {
  it('cancels the pending deletions: a closed map has nothing left to delete', () => {
    const { clock, m, active } = setUp();
    m.replaceWithClosed([active], undefined);
    expect(clock.pendingTimers).toBe(2); // the retired ID's deletion, and the placeholder's
    m.close(new Error('transport closed'));
    expect(clock.pendingTimers).toBe(0);
    expect(m.size).toBe(0);
  });
});

describe('packetHandlerMap after close', () => {
  it('takes nothing in and arms no timer: connections that close after the transport add nothing', () => {
    const { clock, m, conn, active } = setUp();
    m.addResetToken(new Uint8Array(16).fill(1), conn);
    m.close(new Error('transport closed'));
    expect(clock.pendingTimers).toBe(0);

    // What a connection does as it winds down after the transport closed, and what a late one would do.
    m.replaceWithClosed([active], new Uint8Array(30));
    m.replaceWithClosed([id(5)], undefined);
    m.retire(active);
    m.addResetToken(new Uint8Array(16).fill(2), conn);
    expect(m.add(id(6), new fakeConn())).toBe(false);
    expect(m.addWithConnID(id(7), id(8), new fakeConn())).toBe(false);

    expect(m.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(m.getByResetToken(new Uint8Array(16).fill(1))).toBeUndefined();
    expect(m.getByResetToken(new Uint8Array(16).fill(2))).toBeUndefined();
    // Nor does it keep the connections it destroyed.
    const internals = m as unknown as { retiredRoutes: Map<unknown, unknown>; retiredOwners: Map<unknown, unknown> };
    expect(internals.retiredRoutes.size + internals.retiredOwners.size).toBe(0);
  });
});
