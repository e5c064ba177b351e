// Exercise 06.1 on the real stack: both the server's and the client's transports route with the
// learner's handlePacket.
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import { echo } from '../../src/cmd/requests.ts';
import { startServer, type HLDServer } from '../../src/cmd/serve.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { addrString } from '../../src/sys_conn.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';

vi.mock(import('../../src/transport.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

let server: HLDServer | undefined;
afterEach(() => {
  server?.listener.close();
  setTraceSink(undefined);
});

describe('the real server and client on the learner demultiplexer', () => {
  it('a handshake and two streams; only the first datagram reaches the server', async () => {
    const events: TraceEvent[] = [];
    setTraceSink((e) => events.push(e));
    server = await startServer({ listen: '127.0.0.1:0', tls: serverTLSConfig({ alpn: ['HLD'] }), config: {}, outDir: tmpdir(), maxUpload: 0 });
    const conn = await dialAddr(addrString(server.addr), clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 });
    expect(await echo(conn, 'HLD_1')).toBe('HLD_1');
    expect(await echo(conn, 'HLD_2')).toBe('HLD_2');
    conn.closeWithError(0, '');
    expect(events.filter((e) => e.step === 'server.handlePacket → receivedPackets')).toHaveLength(1);
  });
});
