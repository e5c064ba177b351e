// Exercise 08.1's tests: the learner's populateConfig, alone and under the real client and server
// (transport.ts, server.ts and client.ts all call it).
import dgram from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handshakeTimeout, populateConfig } from '../../src/config.ts';
import { type Listener } from '../../src/server.ts';
import { listenAddr } from '../../src/quic.ts';
import { dialAddr } from '../../src/quic.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { IdleTimeoutError } from '../../src/internal/qerr/errors.ts';

vi.mock(import('../../src/config.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const debugEnv = process.env.QUIC_DEBUG;
afterEach(() => {
  if (debugEnv === undefined) delete process.env.QUIC_DEBUG;
  else process.env.QUIC_DEBUG = debugEnv;
});
const withoutDebug = () => delete process.env.QUIC_DEBUG;

describe('populateConfig', () => {
  it("quic-go's defaults: 5 s, then 30 s", () => {
    withoutDebug();
    const c = populateConfig({});
    expect([c.handshakeIdleTimeout, handshakeTimeout(c), c.maxIdleTimeout]).toEqual([5000, 10000, 30000]);
    expect(populateConfig().maxIdleTimeout).toBe(30000);
  });

  it('a value the caller sets is kept; 0 means the default', () => {
    withoutDebug();
    expect(populateConfig({ handshakeIdleTimeout: 700, maxIdleTimeout: 900 })).toMatchObject({ handshakeIdleTimeout: 700, maxIdleTimeout: 900 });
    expect(populateConfig({ handshakeIdleTimeout: 0, maxIdleTimeout: 0 })).toMatchObject({ handshakeIdleTimeout: 5000, maxIdleTimeout: 30000 });
  });

  it('QUIC_DEBUG=1 raises what the caller left unset, and only that', () => {
    process.env.QUIC_DEBUG = '1';
    expect(populateConfig({})).toMatchObject({ handshakeIdleTimeout: 600_000, maxIdleTimeout: 3_600_000 });
    expect(populateConfig()).toMatchObject({ handshakeIdleTimeout: 600_000, maxIdleTimeout: 3_600_000 });
    expect(populateConfig({ maxIdleTimeout: 500 })).toMatchObject({ handshakeIdleTimeout: 600_000, maxIdleTimeout: 500 });
    expect(populateConfig({ handshakeIdleTimeout: 700 })).toMatchObject({ handshakeIdleTimeout: 700, maxIdleTimeout: 3_600_000 });
    // An explicit 0 is a value the caller set, and 0 means quic-go's default: 5 s and 30 s, not the debug ones.
    expect(populateConfig({ handshakeIdleTimeout: 0, maxIdleTimeout: 0 })).toMatchObject({ handshakeIdleTimeout: 5000, maxIdleTimeout: 30000 });
  });

  it('only QUIC_DEBUG=1 switches the debug timeouts on: not 0, empty, or other words', () => {
    for (const value of ['0', '', 'false', 'no', 'true', '2']) {
      process.env.QUIC_DEBUG = value;
      expect(populateConfig({}), `QUIC_DEBUG=${JSON.stringify(value)}`).toMatchObject({ handshakeIdleTimeout: 5000, maxIdleTimeout: 30000 });
    }
  });
});

describe('the real client and server on the learner populateConfig', () => {
  let ln: Listener | undefined;
  afterEach(() => ln?.close());

  it('a silent server: the dial gives up after the handshake idle timeout', async () => {
    withoutDebug();
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
    const start = performance.now();
    const dial = dialAddr(`127.0.0.1:${silent.address().port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 800 });
    await expect(dial).rejects.toBeInstanceOf(IdleTimeoutError);
    expect(performance.now() - start).toBeLessThan(1600);
    silent.close();
  });

  it('after the handshake: both sides time out after the idle timeout they agreed on', async () => {
    withoutDebug();
    ln = await listenAddr('127.0.0.1:0', serverTLSConfig({ alpn: ['HLD'] }), { maxIdleTimeout: 600 });
    const client = await dialAddr(`127.0.0.1:${ln.addr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { maxIdleTimeout: 800 });
    const conn = await ln.accept();
    const ended = (s: AbortSignal) => new Promise((r) => s.addEventListener('abort', () => r(s.reason), { once: true }));
    const reasons = await Promise.race([
      Promise.all([ended(conn.context), ended(client.context)]),
      new Promise((r) => setTimeout(() => r("still open after 10 s"), 10_000)),
    ]);
    expect(reasons).toEqual([expect.any(IdleTimeoutError), expect.any(IdleTimeoutError)]);
  }, 20_000);
});
