// The in-memory network itself: datagrams cross a link per direction, delayed on the network's clock,
// lost and held back by a generator seeded per link, so one direction's decisions never shift the other's.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/internal/utils/clock.ts';
import { MemoryNetwork } from '../../src/memory_packet_conn.ts';

const bytes = (n: number) => new Uint8Array([n]);

async function drain(conn: { readPacket(): Promise<{ data: Uint8Array; rcvTime: number }> }, n: number) {
  const out: { byte: number; at: number }[] = [];
  for (let i = 0; i < n; i++) {
    const p = await conn.readPacket();
    out.push({ byte: p.data[0]!, at: p.rcvTime });
  }
  return out;
}

describe('MemoryNetwork', () => {
  it('delivers after the link delay, on the clock, and not before', async () => {
    const clock = new ManualClock();
    const net = new MemoryNetwork(clock, 1, { delayMs: 30 });
    const [a, b] = [net.listen(), net.listen()];
    a.writePacket(bytes(1), b.localAddr());
    clock.advance(29);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1);
    expect(await drain(b, 1)).toEqual([{ byte: 1, at: 30 }]);
  });

  it('holds back reordered datagrams so that later ones overtake them', async () => {
    const clock = new ManualClock();
    const net = new MemoryNetwork(clock, 3);
    const [a, b] = [net.listen(), net.listen()];
    net.setLink(a.localAddr(), b.localAddr(), { reorder: 0.5, reorderDelayMs: 5 });
    for (let i = 0; i < 20; i++) a.writePacket(bytes(i), b.localAddr());
    clock.advance(5);
    const got = (await drain(b, 20)).map((p) => p.byte);
    expect(got.slice().sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
    expect(got).not.toEqual([...Array(20).keys()]);
    // the ones held back arrive after all the others, in the order they were sent
    const held = net.events.flatMap((e, i) => (e.fate === 'reordered' ? [i] : []));
    expect(held.length).toBeGreaterThan(0);
    expect(got.slice(20 - held.length)).toEqual(held);
  });

  it('loses datagrams on one direction only, and the same ones for the same seed', () => {
    const run = (seed: number) => {
      const net = new MemoryNetwork(new ManualClock(), seed);
      const [a, b] = [net.listen(), net.listen()];
      net.setLink(a.localAddr(), b.localAddr(), { loss: 0.3 });
      for (let i = 0; i < 100; i++) {
        a.writePacket(bytes(i), b.localAddr());
        b.writePacket(bytes(i), a.localAddr());
      }
      return net.events.map((e) => `${e.from}>${e.to} ${e.fate}`);
    };
    const events = run(5);
    const lostAB = events.filter((e) => e.startsWith('10.0.0.1:443>') && e.endsWith('lost')).length;
    expect(lostAB).toBeGreaterThan(15);
    expect(lostAB).toBeLessThan(45);
    expect(events.filter((e) => e.startsWith('10.0.0.2:443>') && e.endsWith('lost'))).toEqual([]);
    expect(run(5)).toEqual(events);
    expect(run(6)).not.toEqual(events);
  });

  it('drops datagrams to a closed or unknown address, and a closed connection reads ErrClosed', async () => {
    const net = new MemoryNetwork(new ManualClock());
    const [a, b] = [net.listen(), net.listen()];
    b.close();
    a.writePacket(bytes(1), b.localAddr());
    a.writePacket(bytes(2), { address: '192.0.2.1', port: 1, family: 'IPv4' });
    expect(net.events.map((e) => e.fate)).toEqual(['unreachable', 'unreachable']);
    await expect(b.readPacket()).rejects.toThrow('use of closed network connection');
    expect(() => net.listen(a.localAddr())).toThrow('address already in use');
  });
});
