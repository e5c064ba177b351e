// Exercise 07.1 on the real stack: both sides complete their handshakes through your
// handleHandshakeComplete, a Listener and an EarlyListener hand the connection out, and it works.
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EarlyListener, Listener } from '../../src/server.ts';
import { dialAddr, listenAddr, listenAddrEarly } from '../../src/quic.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { echo } from '../../src/cmd/requests.ts';
import { handleConn } from '../../src/cmd/serve.ts';
import { within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/connection.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

let ln: Listener | EarlyListener | undefined;
afterEach(() => ln?.close());

describe('the real server and client on your handleHandshakeComplete', () => {
  it.each([
    ['a Listener', () => listenAddr('127.0.0.1:0', serverTLSConfig({ alpn: ['HLD'] }))],
    ['an EarlyListener', () => listenAddrEarly('127.0.0.1:0', serverTLSConfig({ alpn: ['HLD'] }))],
  ])('%s hands out a connection that echoes', async (_name, open) => {
    ln = await open();
    const client = await within(dialAddr(`127.0.0.1:${ln.addr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 }), 4000, 'dial');
    const conn = await within(ln.accept(), 3000, 'accept');
    void handleConn(conn, { outDir: tmpdir(), maxUpload: 0 });
    expect(await within(echo(client, 'HLD_1'), 3000, 'echo')).toBe('HLD_1');
    await within(conn.handshakeComplete().recv(), 3000, 'the server handshake');
    client.closeWithError(0, '');
  });
});
