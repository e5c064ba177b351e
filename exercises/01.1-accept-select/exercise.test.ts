// Exercise 01.1's unit tests: baseServer.accept on a real server, with stand-in connections
// pushed into its connQueue. The real accept is replaced by the one picked by COURSE_IMPL.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrServerClosed, type Listener, type quicConn } from '../../src/server.ts';
import { listen, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const fakeConn = (name: string) => ({ name }) as unknown as quicConn;
let ln: Listener;
afterEach(() => ln?.close());

describe('accept', () => {
  it('accept: returns a queued connection', async () => {
    ln = await listen();
    const conn = fakeConn('c1');
    ln.baseServer.connQueue.trySend(conn);
    expect(await within(ln.baseServer.accept(), 1000, 'accept')).toBe(conn);
    expect(ln.baseServer.connQueue.length).toBe(0);
  });

  it("rejects with the signal's reason when the signal aborts first", async () => {
    ln = await listen();
    const ctx = new AbortController();
    const p = ln.baseServer.accept(ctx.signal);
    ctx.abort(new Error('the caller gave up'));
    await expect(within(p, 1000, 'accept')).rejects.toThrow('the caller gave up');
    // The aborted accept took nothing: a connection queued afterwards is still there.
    ln.baseServer.connQueue.trySend(fakeConn('late'));
    expect(ln.baseServer.connQueue.length).toBe(1);
  });

  it('accept after close rejects with ErrServerClosed', async () => {
    ln = await listen();
    ln.close();
    const err = await within(ln.baseServer.accept(), 1000, 'accept').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrServerClosed);
    expect((err as Error).message).toBe('quic: server closed');
  });

  it('a pending accept is woken by close', async () => {
    ln = await listen();
    const p = ln.baseServer.accept();
    await new Promise((r) => setImmediate(r));
    ln.close();
    await expect(within(p, 1000, 'accept')).rejects.toBeInstanceOf(ErrServerClosed);
  });

  it('has no priority between a queued connection and a closed server, like Go', async () => {
    ln = await listen();
    ln.close();
    const seen = { conn: 0, closed: 0 };
    for (let i = 0; i < 200; i++) {
      if (ln.baseServer.connQueue.length === 0) ln.baseServer.connQueue.trySend(fakeConn(`c${i}`));
      try {
        await within(ln.baseServer.accept(), 1000, 'accept');
        seen.conn++;
      } catch {
        seen.closed++;
      }
    }
    expect(seen.conn, 'a queued connection is sometimes returned').toBeGreaterThan(0);
    expect(seen.closed, 'ErrServerClosed is sometimes returned').toBeGreaterThan(0);
  });
});
