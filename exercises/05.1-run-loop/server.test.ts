// Exercise 05.1 on the real stack: the server's run goroutine is the learner's loop.
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrServerClosed } from '../../src/server.ts';
import { dialAddr } from '../../src/quic.ts';
import { echo } from '../../src/cmd/requests.ts';
import { startServer, type HLDServer } from '../../src/cmd/serve.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { addrString } from '../../src/sys_conn.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

let server: HLDServer | undefined;
afterEach(() => server?.listener.close());

describe('the real server and client on the learner run loop', () => {
  it('a client connects, echoes on a stream, and the closed server ends accept', async () => {
    server = await startServer({ listen: '127.0.0.1:0', tls: serverTLSConfig({ alpn: ['HLD'] }), config: {}, outDir: tmpdir(), maxUpload: 0 });
    const conn = await dialAddr(addrString(server.addr), clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 });
    expect(await echo(conn, 'HLD_1')).toBe('HLD_1');
    conn.closeWithError(0, '');
    server.listener.close();
    await server.served;
    await expect(server.listener.accept()).rejects.toBeInstanceOf(ErrServerClosed);
  });
});
