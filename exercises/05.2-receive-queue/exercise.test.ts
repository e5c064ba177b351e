// Exercise 05.2's unit tests: the learner's handlePacket on a stand-in server with the real channel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { baseServer } from '../../src/server.ts';
import { Chan } from '../../src/internal/utils/chan.ts';
import { MaxServerUnprocessedPackets } from '../../src/internal/protocol/params.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const packet = (n: number): receivedPacket => ({ remoteAddr: { address: '127.0.0.1', port: n, family: 'IPv4' }, rcvTime: 0, data: new Uint8Array([0xc0]) });

function standIn(capacity = MaxServerUnprocessedPackets) {
  const receivedPackets = new Chan<receivedPacket>(capacity, 'receivedPackets');
  const server = { receivedPackets, queueLevel: () => ({ name: 'receivedPackets', len: receivedPackets.length, cap: receivedPackets.capacity }) };
  const events: TraceEvent[] = [];
  setTraceSink((e) => events.push(e));
  const handlePacket = (p: receivedPacket): unknown => (baseServer.prototype.handlePacket as (p: receivedPacket) => unknown).call(server, p);
  return { server, events, handlePacket };
}
afterEach(() => setTraceSink(undefined));

describe('handlePacket', () => {
  it('queues a packet and traces the queue level', () => {
    const { server, events, handlePacket } = standIn();
    handlePacket(packet(1));
    expect(server.receivedPackets.length).toBe(1);
    expect(events.map((e) => [e.goroutine, e.step, e.queue])).toEqual([
      ['transport.listen', 'server.handlePacket → receivedPackets', { name: 'receivedPackets', len: 1, cap: 1024 }],
    ]);
  });

  it('never waits, even when the queue is full', async () => {
    const { server, handlePacket } = standIn();
    for (let i = 0; i < 1100; i++) expect(handlePacket(packet(i))).toBeUndefined();
    expect(server.receivedPackets.length).toBe(1024);
    expect(server.receivedPackets.waiting.senders, 'sends left waiting for room').toBe(0);
    // Drain the queue: nothing may have been left waiting to get in.
    for (let i = 0; i < 1024; i++) expect(server.receivedPackets.tryRecv()?.value?.remoteAddr.port).toBe(i);
    await new Promise((r) => setImmediate(r));
    expect(server.receivedPackets.length).toBe(0);
  });

  it('drops what does not fit and says so', () => {
    const { events, handlePacket } = standIn();
    for (let i = 0; i < 1030; i++) handlePacket(packet(i));
    const drops = events.filter((e) => e.step === 'drop: server receive queue full');
    expect(drops).toHaveLength(6);
    expect(drops[0]!.queue).toEqual({ name: 'receivedPackets', len: 1024, cap: 1024 });
    expect(events.filter((e) => e.step === 'server.handlePacket → receivedPackets')).toHaveLength(1024);
  });

  it('a queue of any capacity: full is full', async () => {
    // quic-go's queue holds 1024 (protocol.MaxServerUnprocessedPackets); the rule is "full", not "1024".
    for (const capacity of [1, 7, 100, 2048]) {
      const { server, events, handlePacket } = standIn(capacity);
      for (let i = 0; i < capacity + 3; i++) expect(handlePacket(packet(i))).toBeUndefined();
      expect(server.receivedPackets.length).toBe(capacity);
      expect(server.receivedPackets.waiting.senders, `capacity ${capacity}: sends left waiting for room`).toBe(0);
      const drops = events.filter((e) => e.step === 'drop: server receive queue full');
      expect(drops, `capacity ${capacity}`).toHaveLength(3);
      expect(drops[0]!.queue).toEqual({ name: 'receivedPackets', len: capacity, cap: capacity });
      const queued = events.filter((e) => e.step === 'server.handlePacket → receivedPackets');
      expect(queued.map((e) => e.queue!.len)).toEqual(Array.from({ length: capacity }, (_, i) => i + 1));
      setTraceSink(undefined);
      await new Promise((r) => setImmediate(r));
    }
  });
});
