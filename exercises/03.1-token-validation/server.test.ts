// Exercise 03.1 on the real stack: a server that asks every client for a Retry first.
import { describe, expect, it, vi } from 'vitest';
import { parsePacket } from '../../src/internal/wire/header.ts';
import { connID, connectionCloseCode, dial, listen, RawSocket, sealedInitial, sleep, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const retryEveryone = { verifySourceAddress: () => true };

describe('the real server and client on your validateToken', () => {
  it('our client gets through a Retry: its token is valid', async () => {
    const ln = await listen({ transport: retryEveryone });
    const conn = await within(dial(ln, { handshakeIdleTimeout: 2000 }), 5000, 'dial');
    const accepted = await within(ln.accept(), 2000, 'accept');
    expect(accepted.remoteAddr().port).toBe(conn.localAddr().port);
    conn.closeWithError(0, '');
    ln.close();
  });

  it('a Retry token used too late gets INVALID_TOKEN', async () => {
    // handshakeIdleTimeout 50 ms: a Retry token lives 100 ms.
    const ln = await listen({ transport: retryEveryone, config: { handshakeIdleTimeout: 50 } });
    const raw = await RawSocket.open();
    await raw.send(sealedInitial({ dcid: connID(8), size: 1200 }), ln.addr().port);
    const retry = parsePacket((await raw.next(1000))!).hdr;
    await sleep(150);
    await raw.send(sealedInitial({ dcid: retry.srcConnectionID, token: retry.token, size: 1200 }), ln.addr().port);
    const reply = await raw.next(1000);
    expect(reply, 'the server answers').toBeDefined();
    expect(connectionCloseCode(reply!, retry.srcConnectionID)).toBe('InvalidToken');
    raw.close();
    ln.close();
  });
});
