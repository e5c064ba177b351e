// Exercise 08.2 on the real stack: a connection that goes quiet after its handshake ends after
// the idle timeout the two sides agreed on, not after the 30 s default.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Listener } from '../../src/server.ts';
import { listenAddr } from '../../src/quic.ts';
import { dialAddr } from '../../src/quic.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { IdleTimeoutError } from '../../src/internal/qerr/errors.ts';

vi.mock(import('../../src/config.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

let ln: Listener | undefined;
afterEach(() => ln?.close());

describe('the real server and client', () => {
  it('the server, asking for 600 ms against a client asking for 10 s, times out long before the client', async () => {
    ln = await listenAddr('127.0.0.1:0', serverTLSConfig({ alpn: ['HLD'] }), { maxIdleTimeout: 600 });
    const client = await dialAddr(`127.0.0.1:${ln.addr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { maxIdleTimeout: 10_000 });
    const conn = await ln.accept();
    const start = performance.now();
    const reason = await new Promise((r) => conn.context.addEventListener('abort', () => r(conn.context.reason), { once: true }));
    expect(reason).toBeInstanceOf(IdleTimeoutError);
    expect(performance.now() - start).toBeLessThan(8_000);
    expect(client.context.aborted).toBe(false);
    client.closeWithError(0, '');
  }, 15_000);
});
