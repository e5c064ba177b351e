// Exercise 07.1's unit tests: the learner's handleNewConn with real channels and a stand-in
// connection that records how it is closed.
import { describe, expect, it, vi } from 'vitest';
import { baseServer, type quicConn } from '../../src/server.ts';
import { Chan } from '../../src/internal/utils/chan.ts';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const tick = () => new Promise((r) => setImmediate(r));
/** What the promise has settled to after a few turns of the event loop, or 'pending'. */
async function settled<T>(p: Promise<T>): Promise<T | 'pending'> {
  const pending = Symbol();
  const r = await Promise.race([p, tick().then(tick).then(tick).then(() => pending)]);
  return r === pending ? 'pending' : (r as T);
}

function setup(acceptEarlyConns = false) {
  const server = { acceptEarlyConns, errorChan: new Chan<void>(0, 'errorChan') };
  const ctx = new AbortController();
  const closedWith: number[] = [];
  const handshake = new Chan<void>(0, 'handshakeComplete');
  const early = new Chan<void>(0, 'earlyConnReady');
  const conn = {
    handshakeComplete: () => handshake,
    earlyConnReady: () => early,
    context: ctx.signal,
    closeWithTransportError: (code: number) => void closedWith.push(code),
  } as unknown as quicConn;
  const handleNewConn = (baseServer.prototype as unknown as { handleNewConn: (c: quicConn) => Promise<boolean> }).handleNewConn;
  return { server, ctx, closedWith, handshake, early, wait: () => handleNewConn.call(server, conn) };
}

describe('handleNewConn', () => {
  it('true once the handshake completes, not before', async () => {
    const s = setup();
    const r = s.wait();
    expect(await settled(r)).toBe('pending');
    s.handshake.close();
    expect(await settled(r)).toBe(true);
    expect(s.closedWith).toEqual([]);
  });

  it('an early listener hands the connection out once it is early-ready', async () => {
    const s = setup(true);
    const r = s.wait();
    expect(await settled(r)).toBe('pending');
    s.early.close();
    expect(await settled(r)).toBe(true);
  });

  it('false, and CONNECTION_REFUSED, when the server closes first', async () => {
    const s = setup();
    const r = s.wait();
    s.server.errorChan.close();
    expect(await settled(r)).toBe(false);
    expect(s.closedWith).toEqual([TransportErrorCode.ConnectionRefused]);
  });

  it('false, without a refusal, when the connection dies first (a failed handshake)', async () => {
    const s = setup();
    const r = s.wait();
    s.ctx.abort(new Error('timeout: no recent network activity'));
    expect(await settled(r)).toBe(false);
    expect(s.closedWith).toEqual([]);
  });
});
