// Exercise 05.1's unit tests: the learner's run loop on a stand-in server with the real channels.
import { describe, expect, it, vi } from 'vitest';
import { baseServer } from '../../src/server.ts';
import { Chan } from '../../src/internal/utils/chan.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const tick = () => new Promise((r) => setImmediate(r));
const packet = (n: number): receivedPacket => ({ remoteAddr: { address: '127.0.0.1', port: n, family: 'IPv4' }, rcvTime: 0, data: new Uint8Array([n]) });

/** The members run uses, with real channels; handlePacketImpl records what it is given. */
function standIn(onPacket: (p: receivedPacket) => void = () => {}) {
  const handled: number[] = [];
  const server = {
    errorChan: new Chan<void>(0, 'errorChan'),
    receivedPackets: new Chan<receivedPacket>(16, 'receivedPackets'),
    handlePacketImpl: (p: receivedPacket) => {
      handled.push(p.remoteAddr.port);
      onPacket(p);
    },
  };
  const run = (baseServer.prototype as unknown as { run: () => Promise<void> }).run;
  return { server, handled, start: () => run.call(server) };
}

describe('run', () => {
  it('handles queued packets one at a time, in order', async () => {
    const { server, handled, start } = standIn();
    const done = start();
    for (const n of [1, 2, 3]) server.receivedPackets.trySend(packet(n));
    await tick();
    expect(handled).toEqual([1, 2, 3]);
    server.receivedPackets.trySend(packet(4));
    await tick();
    expect(handled).toEqual([1, 2, 3, 4]);
    server.errorChan.close();
    await done;
  });

  it('returns when the server closes while it waits', async () => {
    const { server, start } = standIn();
    const done = start();
    await tick();
    server.errorChan.close();
    await expect(Promise.race([done.then(() => 'returned'), tick().then(tick).then(() => 'still waiting')])).resolves.toBe('returned');
  });

  it('a closed server handles none of the queued packets', async () => {
    // select alone would take a packet half of the time: try often enough to be sure.
    for (let i = 0; i < 20; i++) {
      const { server, handled, start } = standIn();
      for (const n of [1, 2, 3]) server.receivedPackets.trySend(packet(n));
      server.errorChan.close();
      await start();
      expect(handled).toEqual([]);
    }
  });

  it('stops after the packet it holds when the server closes meanwhile', async () => {
    let server: ReturnType<typeof standIn>['server'];
    const s = standIn(() => {
      if (!server.errorChan.isClosed) server.errorChan.close();
    });
    server = s.server;
    for (const n of [1, 2, 3]) server.receivedPackets.trySend(packet(n));
    await s.start();
    expect(s.handled).toEqual([1]);
    expect(server.receivedPackets.length).toBe(2);
  });
});
