// handleHandshakeComplete closes handshakeCompleteChan last, as quic-go defers the close
// (connection.go:731): a goroutine it wakes (handleNewConn, dialAddr) finds the client's first
// DCID retired, the Handshake keys dropped and NEW_TOKEN and HANDSHAKE_DONE queued (RFC 9001
// §4.1.2, RFC 9000 §19.20). Watched from a receiver on the channel, which runs inside close().
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Transport } from '../src/transport.ts';
import { dialAddr } from '../src/quic.ts';
import { listenUDP } from '../src/sys_conn.ts';
import { systemClock } from '../src/internal/utils/clock.ts';
import type { Chan } from '../src/internal/utils/chan.ts';
import { connIDToHex, type ConnectionID } from '../src/internal/protocol/protocol.ts';
import type { Frame } from '../src/internal/wire/frame.ts';
import { clientTLSConfig, serverTLSConfig } from '../src/cmd/tls_setup.ts';
import type { Connection } from '../src/interface.ts';
import type { Listener } from '../src/server.ts';
import { setTraceSink } from '../src/trace.ts';

interface watched {
  handshakeCompleteChan: Chan<void>;
  handshakeConfirmed: boolean;
  streams: { queueControlFrame(f: Frame): void };
}

let ln: Listener | undefined;
let client: Connection | undefined;
afterEach(() => {
  setTraceSink(undefined);
  client?.closeWithError(0, '');
  ln?.close();
});

describe('handleHandshakeComplete', () => {
  it('closes handshakeCompleteChan after the rest of its work', async () => {
    const t = new Transport(await listenUDP('127.0.0.1:0', systemClock), {}, true, true);
    const retired: string[] = [];
    const retire = t.handlerMap.retire.bind(t.handlerMap);
    t.handlerMap.retire = (id: ConnectionID) => {
      retired.push(connIDToHex(id));
      retire(id);
    };
    ln = t.Listen(serverTLSConfig({ alpn: ['HLD'] }));
    let clientDCID = '';
    let seen: { retired: string[]; queued: string[]; confirmed: boolean } | undefined;
    setTraceSink((e) => {
      if (e.step === 'handleInitialImpl') clientDCID = e.detail!.replace('DCID ', '');
      if (e.step !== 'go connection.run') return;
      const conn = t.handlerMap.get(hexToBytes(e.conn!)) as unknown as watched;
      const queued: string[] = [];
      const queue = conn.streams.queueControlFrame.bind(conn.streams);
      conn.streams.queueControlFrame = (f: Frame) => {
        queued.push(f.type);
        queue(f);
      };
      conn.handshakeCompleteChan.addReceiver(() => {
        seen = { retired: [...retired], queued: [...queued], confirmed: conn.handshakeConfirmed };
        return true;
      });
    });
    client = await dialAddr(`127.0.0.1:${t.localAddr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 });
    await ln.accept(AbortSignal.timeout(3000));
    expect(seen).toBeDefined();
    expect(seen!.retired).toContain(clientDCID);
    expect(seen!.confirmed).toBe(true);
    expect(seen!.queued.at(-1)).toBe('handshake_done');
    expect(seen!.queued).toContain('new_token');
  });
});
