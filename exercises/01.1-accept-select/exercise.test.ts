// Exercise 01.1's unit tests: baseServer.accept on a real server, with stand-in connections
// pushed into its connQueue. The real accept is replaced by the one picked by COURSE_IMPL. After
// every call returns, nothing may be left registered: no receiver on connQueue or errorChan (it
// would swallow a later connection), no listener on the caller's signal.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrServerClosed, type Listener, type quicConn } from '../../src/server.ts';
import { listen, within } from '../../chapters/00-setup-and-map/lab.ts';
import { countedSignal, leftWaiting, waitingNow } from '../../scripts/course/leaks.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const fakeConn = (name: string) => ({ name }) as unknown as quicConn;
const tick = () => new Promise((r) => setImmediate(r));
let ln: Listener;
afterEach(() => {
  vi.restoreAllMocks();
  ln?.close();
});
const channels = () => ({ connQueue: ln.baseServer.connQueue, errorChan: ln.baseServer.errorChan });
/** The server's own goroutines (run) wait on errorChan too: what accept leaves is counted beyond them. */
let baseline: ReturnType<typeof waitingNow>;
async function server() {
  ln = await listen();
  await tick();
  baseline = waitingNow(channels());
}

describe('accept', () => {
  it('returns a queued connection, or one queued while it waits, and leaves nothing registered', async () => {
    await server();
    const ctx = countedSignal();
    const conn = fakeConn('c1');
    ln.baseServer.connQueue.trySend(conn);
    expect(await within(ln.baseServer.accept(ctx.signal), 1000, 'accept')).toBe(conn);
    expect(ln.baseServer.connQueue.length).toBe(0);
    const p = ln.baseServer.accept(ctx.signal);
    await tick();
    const later = fakeConn('c2');
    ln.baseServer.connQueue.trySend(later);
    expect(await within(p, 1000, 'accept')).toBe(later);
    expect(leftWaiting(channels(), baseline), 'receivers left on the channels').toEqual({});
    expect(ctx.listeners, 'abort listeners left on the signal').toBe(0);
    // A connection queued now stays in the queue for the next accept.
    ln.baseServer.connQueue.trySend(fakeConn('c3'));
    expect(ln.baseServer.connQueue.length).toBe(1);
  });

  it("rejects with the signal's reason when the signal aborts first", async () => {
    await server();
    const ctx = countedSignal();
    const p = ln.baseServer.accept(ctx.signal);
    await tick();
    ctx.controller.abort(new Error('the caller gave up'));
    await expect(within(p, 1000, 'accept')).rejects.toThrow('the caller gave up');
    expect(leftWaiting(channels(), baseline), 'receivers left on the channels').toEqual({});
    expect(ctx.listeners, 'abort listeners left on the signal').toBe(0);
    // The aborted accept took nothing: a connection queued afterwards is still there.
    ln.baseServer.connQueue.trySend(fakeConn('late'));
    expect(ln.baseServer.connQueue.length).toBe(1);
    // A signal that has already aborted: the same, at once.
    await expect(within(ln.baseServer.accept(AbortSignal.abort(new Error('too late'))), 1000, 'accept')).rejects.toThrow('too late');
  });

  it('after close, rejects with ErrServerClosed', async () => {
    await server();
    ln.close();
    const ctx = countedSignal();
    const err = await within(ln.baseServer.accept(ctx.signal), 1000, 'accept').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrServerClosed);
    expect((err as Error).message).toBe('quic: server closed');
    expect(ctx.listeners, 'abort listeners left on the signal').toBe(0);
  });

  it('a pending accept is woken by close', async () => {
    await server();
    const ctx = countedSignal();
    const p = ln.baseServer.accept(ctx.signal);
    await tick();
    ln.close();
    await expect(within(p, 1000, 'accept')).rejects.toBeInstanceOf(ErrServerClosed);
    expect(leftWaiting(channels(), baseline), 'receivers left on the channels').toEqual({});
    expect(ctx.listeners, 'abort listeners left on the signal').toBe(0);
  });

  it('has no priority between a queued connection and a closed server, like Go', async () => {
    // select picks among ready cases with Math.random: pinned here, each case wins in turn.
    await server();
    ln.close();
    const outcomes: string[] = [];
    for (const r of [0, 0.999]) {
      vi.spyOn(Math, 'random').mockReturnValue(r);
      ln.baseServer.connQueue.trySend(fakeConn(`c${r}`));
      outcomes.push(await within(ln.baseServer.accept(), 1000, 'accept').then(() => 'conn', (e: unknown) => (e instanceof ErrServerClosed ? 'closed' : String(e))));
      while (ln.baseServer.connQueue.tryRecv()?.ok);
    }
    expect(outcomes.sort()).toEqual(['closed', 'conn']);
  });
});
