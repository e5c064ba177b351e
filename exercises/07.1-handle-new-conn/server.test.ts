// Exercise 07.1 on the real stack: accept, and the early variant, wait on the learner's handleNewConn.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EarlyListener, type Listener } from '../../src/server.ts';
import { listenAddr, listenAddrEarly } from '../../src/quic.ts';
import { dialAddr } from '../../src/quic.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

let ln: Listener | EarlyListener | undefined;
afterEach(() => ln?.close());

describe('the real server and client on the learner handleNewConn', () => {
  it('a Listener hands out the connection with its handshake complete', async () => {
    ln = await listenAddr('127.0.0.1:0', serverTLSConfig({ alpn: ['HLD'] }));
    const client = await dialAddr(`127.0.0.1:${ln.addr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 });
    const conn = await ln.accept(AbortSignal.timeout(3000));
    expect(conn.handshakeComplete().isClosed).toBe(true);
    client.closeWithError(0, '');
  });

  it('an EarlyListener hands it out too', async () => {
    ln = await listenAddrEarly('127.0.0.1:0', serverTLSConfig({ alpn: ['HLD'] }));
    const client = await dialAddr(`127.0.0.1:${ln.addr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 });
    const conn = await ln.accept(AbortSignal.timeout(3000));
    expect(conn.connectionState().tls.negotiatedProtocol).toBe('HLD');
    client.closeWithError(0, '');
  });
});
