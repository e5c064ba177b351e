// Exercise 01.2 on the real stack: a connection still in its handshake when the server closes is
// refused, because its handleNewConn goroutine waits on errorChan too (server.go:731-754).
import { describe, expect, it, vi } from 'vitest';
import { setTraceSink } from '../../src/trace.ts';
import { closed, dial, listen, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

describe('the real server and client on your close', () => {
  it('a handshake in flight when the server closes gets CONNECTION_REFUSED', async () => {
    const ln = await listen();
    // Close (keeping the socket open, as a Transport does) as soon as the connection exists.
    setTraceSink((e) => {
      if (e.step === 'go connection.run') ln.baseServer.close(new Error('closing'), false);
    });
    // The refusal may reach the client before its handshake completes (dial fails) or just after
    // (dial succeeds, then the connection is closed): either way, CONNECTION_REFUSED.
    const err = await within(dial(ln, { handshakeIdleTimeout: 2000 }).then(closed, (e: unknown) => e), 5000, 'dial');
    setTraceSink(undefined);
    expect(String(err)).toContain('CONNECTION_REFUSED');
    ln.close();
  });
});
