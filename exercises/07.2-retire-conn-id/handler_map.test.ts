// Exercise 07.2 on the real stack: when the server's handshake completes, the client-chosen DCID
// is retired through the learner's retire; it must still lead to the connection right after.
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Transport } from '../../src/transport.ts';
import { dialAddr } from '../../src/quic.ts';
import { listenUDP } from '../../src/sys_conn.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { echo } from '../../src/cmd/requests.ts';
import { handleConn } from '../../src/cmd/serve.ts';
import { tmpdir } from 'node:os';
import type { Listener } from '../../src/server.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';

vi.mock(import('../../src/packet_handler_map.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

let ln: Listener | undefined;
afterEach(() => {
  ln?.close();
  setTraceSink(undefined);
});

describe('the real server completes a handshake', () => {
  it('the retired client DCID still routes to the connection, which keeps working', async () => {
    const events: TraceEvent[] = [];
    setTraceSink((e) => events.push(e));
    const t = new Transport(await listenUDP('127.0.0.1:0', systemClock), {}, true, true);
    ln = t.Listen(serverTLSConfig({ alpn: ['HLD'] }));
    const client = await dialAddr(`127.0.0.1:${t.localAddr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 });
    const conn = await ln.accept();
    void handleConn(conn, { outDir: tmpdir(), maxUpload: 0 });
    const clientDCID = hexToBytes(events.find((e) => e.step === 'handleInitialImpl')!.detail!.replace('DCID ', ''));
    const serverID = hexToBytes(events.find((e) => e.step === 'go connection.run')!.conn!);
    expect(events.some((e) => e.step === 'handshake complete: close(handshakeCompleteChan)')).toBe(true);
    expect(t.handlerMap.get(serverID)).toBe(conn);
    expect(t.handlerMap.get(clientDCID)).toBe(conn);
    expect(await echo(client, 'HLD_1')).toBe('HLD_1');
    client.closeWithError(0, '');
  });
});
