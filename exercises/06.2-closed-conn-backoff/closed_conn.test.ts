// Exercise 06.2 on the real stack: the server closes a connection; stray packets to its ID reach
// the learner's placeholder through the real transport, which re-sends the real CONNECTION_CLOSE.
import dgram from 'node:dgram';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Listener } from '../../src/server.ts';
import { listenAddr } from '../../src/quic.ts';
import { dialAddr } from '../../src/quic.ts';
import { serverTLSConfig, clientTLSConfig } from '../../src/cmd/tls_setup.ts';
import { ApplicationError } from '../../src/internal/qerr/errors.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';

vi.mock(import('../../src/closed_conn.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const settle = () => new Promise((r) => setTimeout(r, 5));
let ln: Listener | undefined;
const raw = dgram.createSocket('udp4');
afterEach(() => {
  ln?.close();
  raw.close();
  setTraceSink(undefined);
});

describe('the real server closes a connection', () => {
  it('the client gets the close, and 8 stray packets get 4 copies of it', async () => {
    const events: TraceEvent[] = [];
    setTraceSink((e) => events.push(e));
    ln = await listenAddr('127.0.0.1:0', serverTLSConfig({ alpn: ['HLD'] }));
    const port = ln.addr().port;
    const client = await dialAddr(`127.0.0.1:${port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 });
    const conn = await ln.accept();
    const serverConnID = events.find((e) => e.step === 'go connection.run')!.conn!;

    conn.closeWithError(7, 'bye');
    // The client's context ends when the CONNECTION_CLOSE arrives: wait for that, not for a fixed time.
    if (!client.context.aborted) await new Promise((r) => client.context.addEventListener('abort', r, { once: true }));
    expect(client.context.reason).toBeInstanceOf(ApplicationError);
    expect((client.context.reason as ApplicationError).errorCode).toBe(7);

    const replies: Buffer[] = [];
    raw.on('message', (m) => replies.push(m));
    await new Promise<void>((r) => raw.bind(0, '127.0.0.1', r));
    const stray = new Uint8Array(30).fill(0x55);
    stray[0] = 0x40;
    stray.set(hexToBytes(serverConnID), 1);
    const answeredAfter: number[] = [];
    for (let i = 1; i <= 8; i++) {
      const before = replies.length;
      raw.send(stray, port, '127.0.0.1');
      // An answer on loopback takes well under a millisecond; 100 ms without one is no answer.
      for (let waited = 0; replies.length === before && waited < 100; waited += 5) await settle();
      if (replies.length > before) answeredAfter.push(i);
    }
    expect(answeredAfter).toEqual([1, 2, 4, 8]);
  });
});
