// Exercise 05.1's unit tests: the learner's run loop on a stand-in server with the real channels.
// Where select has to choose between a closed errorChan and a queued packet, the tests pin its
// choice (Math.random) to the packet: a loop that relies on select to notice the close is caught
// every time, not half of the time.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { baseServer } from '../../src/server.ts';
import { Chan } from '../../src/internal/utils/chan.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';
import { leftWaiting } from '../../scripts/course/leaks.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const tick = () => new Promise((r) => setImmediate(r));
const packet = (n: number): receivedPacket => ({ remoteAddr: { address: '127.0.0.1', port: n, family: 'IPv4' }, rcvTime: 0, data: new Uint8Array([n]) });
/** select picks the last ready case: with errorChan closed and a packet queued, the packet. */
const selectPrefersPackets = () => vi.spyOn(Math, 'random').mockReturnValue(0);
afterEach(() => vi.restoreAllMocks());

/** The members run uses, with real channels; handlePacketImpl records what it is given. */
function standIn(onPacket: (p: receivedPacket) => void = () => {}) {
  const handled: number[] = [];
  const server = {
    errorChan: new Chan<void>(0, 'errorChan'),
    receivedPackets: new Chan<receivedPacket>(16, 'receivedPackets'),
    running: new Chan<void>(0, 'running'),
    handlePacketImpl: (p: receivedPacket) => {
      handled.push(p.remoteAddr.port);
      onPacket(p);
    },
  };
  const run = (baseServer.prototype as unknown as { run: () => Promise<void> }).run;
  const nothingLeft = () => expect(leftWaiting({ errorChan: server.errorChan, receivedPackets: server.receivedPackets }), 'receivers left').toEqual({});
  return { server, handled, start: () => run.call(server), nothingLeft };
}

describe('run', () => {
  it('handles queued packets one at a time, in order', async () => {
    const { server, handled, start, nothingLeft } = standIn();
    const done = start();
    for (const n of [1, 2, 3]) server.receivedPackets.trySend(packet(n));
    await tick();
    expect(handled).toEqual([1, 2, 3]);
    server.receivedPackets.trySend(packet(4));
    await tick();
    expect(handled).toEqual([1, 2, 3, 4]);
    server.errorChan.close();
    await done;
    nothingLeft();
    // Nothing of the finished loop may take a packet queued now.
    server.receivedPackets.trySend(packet(5));
    expect(server.receivedPackets.length).toBe(1);
  });

  it('returns when the server closes while it waits, and closes running', async () => {
    const { server, start, nothingLeft } = standIn();
    const done = start();
    await tick();
    server.errorChan.close();
    await expect(Promise.race([done.then(() => 'returned'), tick().then(tick).then(() => 'still waiting')])).resolves.toBe('returned');
    nothingLeft();
    expect(server.running.isClosed, "running is closed when run returns (Go's defer close(s.running))").toBe(true);
  });

  it('a closed server handles none of the queued packets', async () => {
    selectPrefersPackets();
    const { server, handled, start } = standIn();
    for (const n of [1, 2, 3]) server.receivedPackets.trySend(packet(n));
    server.errorChan.close();
    await start();
    expect(handled).toEqual([]);
    expect(server.running.isClosed).toBe(true);
  });

  it('stops after the packet it holds when the server closes meanwhile', async () => {
    selectPrefersPackets();
    let server: ReturnType<typeof standIn>['server'];
    const s = standIn(() => {
      if (!server.errorChan.isClosed) server.errorChan.close();
    });
    server = s.server;
    for (const n of [1, 2, 3]) server.receivedPackets.trySend(packet(n));
    await s.start();
    expect(s.handled).toEqual([1]);
    expect(server.receivedPackets.length).toBe(2);
    s.nothingLeft();
  });
});
