// Exercise 01.2's unit tests: baseServer.close on a real server. The real close is replaced by
// the one picked by COURSE_IMPL.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrServerClosed, type Listener } from '../../src/server.ts';
import { listen, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

let ln: Listener;
afterEach(() => ln?.close());

/** Counts the calls of the server's onClose (which closes the transport and its socket). */
function countOnClose(l: Listener): { calls: number } {
  const counter = { calls: 0 };
  const server = l.baseServer as { onClose: () => void };
  const original = server.onClose;
  server.onClose = () => {
    counter.calls++;
    original();
  };
  return counter;
}

describe('close', () => {
  it('wakes a pending accept with ErrServerClosed', async () => {
    ln = await listen();
    const p = ln.accept();
    // A goroutine woken by Go's close may run at once: a receiver on errorChan runs inside close(),
    // and must already find the error there.
    let seen: unknown = 'not woken';
    ln.baseServer.errorChan.addReceiver(() => {
      seen = ln.baseServer.closeErr;
      return true;
    });
    ln.close();
    expect(seen, 'closeErr when errorChan closes').toBeInstanceOf(ErrServerClosed);
    const err = await within(p, 1000, 'accept').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrServerClosed);
    expect((err as Error).message).toBe('quic: server closed');
  });

  it('later accepts get the same error at once', async () => {
    ln = await listen();
    ln.close();
    for (let i = 0; i < 3; i++) await expect(within(ln.accept(), 1000, 'accept')).rejects.toBeInstanceOf(ErrServerClosed);
  });

  it('a second close changes nothing: the first error wins, onClose runs once', async () => {
    ln = await listen();
    const onClose = countOnClose(ln);
    ln.baseServer.close(new Error('first'));
    ln.baseServer.close(new Error('second'));
    ln.close();
    await expect(within(ln.accept(), 1000, 'accept')).rejects.toThrow('first');
    expect(onClose.calls).toBe(1);
  });

  it("passes the transport's error on, without calling onClose", async () => {
    ln = await listen();
    const onClose = countOnClose(ln);
    ln.baseServer.close(new Error('read udp: connection reset'), false);
    await expect(within(ln.accept(), 1000, 'accept')).rejects.toThrow('read udp: connection reset');
    expect(onClose.calls).toBe(0);
  });
});
