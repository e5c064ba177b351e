// Exercise 02.2's unit tests: queueConn on a real server's connQueue, with stand-in connections.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import { Chan } from '../../src/internal/utils/chan.ts';
import type { Listener, quicConn } from '../../src/server.ts';
import { listen, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const standIn = (name: string) => ({ name, closeWithTransportError: vi.fn() }) as unknown as quicConn & { name: string; closeWithTransportError: ReturnType<typeof vi.fn> };
let ln: Listener;
afterEach(() => ln?.close());

describe('queueConn', () => {
  it('queues a connection while there is room', async () => {
    ln = await listen();
    const c = standIn('c1');
    ln.baseServer.queueConn(c, 'c1');
    expect(ln.baseServer.connQueue.length).toBe(1);
    expect(c.closeWithTransportError).not.toHaveBeenCalled();
  });

  it('hands the connection to a waiting accept', async () => {
    ln = await listen();
    const p = ln.accept();
    const c = standIn('c1');
    ln.baseServer.queueConn(c, 'c1');
    expect(await within(p, 1000, 'accept')).toBe(c);
  });

  it('refuses with CONNECTION_REFUSED when the queue is full, whatever its capacity', async () => {
    for (const capacity of [32, 1, 5, 100]) {
      ln?.close();
      ln = await listen();
      // quic-go's queue holds 32 (protocol.MaxAcceptQueueSize); the rule is "full", not "32".
      if (capacity !== 32) (ln.baseServer as { connQueue: Chan<quicConn> }).connQueue = new Chan<quicConn>(capacity, 'connQueue');
      const queue = ln.baseServer.connQueue;
      expect(queue.capacity).toBe(capacity);
      const first = Array.from({ length: capacity }, (_, i) => standIn(`c${i + 1}`));
      for (const c of first) ln.baseServer.queueConn(c, c.name);
      expect(queue.length).toBe(capacity);
      const extra = standIn(`c${capacity + 1}`);
      ln.baseServer.queueConn(extra, extra.name);
      expect(extra.closeWithTransportError, `capacity ${capacity}`).toHaveBeenCalledWith(TransportErrorCode.ConnectionRefused);
      expect(queue.length).toBe(capacity);
      expect(queue.waiting.senders, 'sends left waiting for room').toBe(0);
      for (const c of first) expect(c.closeWithTransportError).not.toHaveBeenCalled();
      // First in, first out: accept still returns the first connection.
      expect(await within(ln.accept(), 1000, 'accept')).toBe(first[0]);
    }
  });

  it('never waits: it returns before anyone accepts', async () => {
    ln = await listen();
    for (let i = 0; i < 40; i++) expect(ln.baseServer.queueConn(standIn(`c${i}`), `c${i}`)).toBeUndefined();
    expect(ln.baseServer.connQueue.length).toBe(32);
    expect(ln.baseServer.connQueue.waiting.senders, 'sends left waiting for room').toBe(0);
  });
});
