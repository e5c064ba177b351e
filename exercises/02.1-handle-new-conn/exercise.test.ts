// Exercise 02.1's unit tests: handleNewConn on a real server, with stand-in connections whose
// channels the tests close. The real method is replaced by the one picked by COURSE_IMPL.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Chan } from '../../src/internal/utils/chan.ts';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import type { EarlyListener, Listener, quicConn } from '../../src/server.ts';
import { listen, listenEarly, within } from '../../chapters/00-setup-and-map/lab.ts';
import { countedSignal, leftWaiting, waitingNow } from '../../scripts/course/leaks.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

/** A connection that does nothing by itself: the test completes its handshake or kills it. */
function standIn() {
  const counted = countedSignal();
  const ctx = counted.controller;
  const handshake = new Chan<void>(0, 'handshakeComplete');
  const early = new Chan<void>(0, 'earlyConnReady');
  const closeWithTransportError = vi.fn((code: number) => ctx.abort(new Error(`closed with ${code}`)));
  const conn = { context: ctx.signal, handshakeComplete: () => handshake, earlyConnReady: () => early, closeWithTransportError };
  // The server's own goroutines (run) wait on errorChan too: count beyond them.
  const before = waitingNow({ errorChan: ln.baseServer.errorChan });
  return { conn: conn as unknown as quicConn, ctx, handshake, early, closeWithTransportError, counted, before };
}

/** After handleNewConn returned: nothing of it may stay on the server's errorChan (one per connection, for the server's lifetime), the connection's channels or its context. */
function expectNothingLeft(c: ReturnType<typeof standIn>) {
  expect(leftWaiting({ errorChan: ln.baseServer.errorChan, handshakeComplete: c.handshake, earlyConnReady: c.early }, c.before), 'receivers left').toEqual({});
  expect(c.counted.listeners, 'abort listeners left on conn.context').toBe(0);
}

let ln: Listener | EarlyListener;
afterEach(() => ln?.close());
const tick = () => new Promise((r) => setImmediate(r));

describe('handleNewConn', () => {
  it('returns true once the handshake completes', async () => {
    ln = await listen();
    await tick();
    const c = standIn();
    const p = ln.baseServer.handleNewConn(c.conn);
    const settled = vi.fn();
    p.then(settled, settled);
    await tick();
    expect(settled, 'it must wait for the handshake').not.toHaveBeenCalled();
    c.handshake.close();
    expect(await within(p, 1000, 'handleNewConn')).toBe(true);
    expectNothingLeft(c);
  });

  it('returns false when the connection dies before its handshake completes', async () => {
    ln = await listen();
    await tick();
    const c = standIn();
    const p = ln.baseServer.handleNewConn(c.conn);
    await tick();
    c.ctx.abort(new Error('timeout: no recent network activity'));
    expect(await within(p, 1000, 'handleNewConn')).toBe(false);
    expect(c.closeWithTransportError).not.toHaveBeenCalled();
    expectNothingLeft(c);
  });

  it('refuses the connection when the server closes first', async () => {
    ln = await listen();
    await tick();
    const c = standIn();
    const p = ln.baseServer.handleNewConn(c.conn);
    await tick();
    ln.baseServer.close(new Error('closing'), false);
    expect(await within(p, 1000, 'handleNewConn')).toBe(false);
    expect(c.closeWithTransportError).toHaveBeenCalledWith(TransportErrorCode.ConnectionRefused);
    expectNothingLeft(c);
  });

  it('on an EarlyListener, returns true when the connection is early-ready', async () => {
    ln = await listenEarly();
    await tick();
    const c = standIn();
    const p = ln.baseServer.handleNewConn(c.conn);
    await tick();
    c.early.close();
    expect(await within(p, 1000, 'handleNewConn')).toBe(true);
    expectNothingLeft(c);
  });
});
