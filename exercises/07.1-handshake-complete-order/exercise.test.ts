// Exercise 07.1's tests: a real handshake between our client and server, watched at the moment the
// server's handshakeComplete channel closes. A receiver registered on that channel runs inside
// close(), as a goroutine woken by Go's close may run at once on another core: what it sees is what
// handleNewConn, dialAddr or the application could see first.
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Transport } from '../../src/transport.ts';
import { dialAddr } from '../../src/quic.ts';
import { listenUDP } from '../../src/sys_conn.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import type { Chan } from '../../src/internal/utils/chan.ts';
import { connIDToHex, type ConnectionID } from '../../src/internal/protocol/protocol.ts';
import type { Frame } from '../../src/internal/wire/frame.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import type { Connection } from '../../src/interface.ts';
import type { Listener } from '../../src/server.ts';
import { setTraceSink } from '../../src/trace.ts';
import { within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/connection.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

/** The private members of a connection the tests look at. */
interface watched {
  handshakeCompleteChan: Chan<void>;
  handshakeConfirmed: boolean;
  streams: { queueControlFrame(f: Frame): void };
}

/** What was already done when the server's handshakeComplete channel closed. */
interface atClose {
  clientDCID: string;
  retired: string[];
  queued: string[];
  handshakeConfirmed: boolean;
}

let ln: Listener | undefined;
let client: Connection | undefined;
afterEach(() => {
  setTraceSink(undefined);
  client?.closeWithError(0, '');
  ln?.close();
  client = ln = undefined;
});

/** Dials our server and records the server connection's state at the moment its channel closes. */
async function handshake(): Promise<atClose> {
  const t = new Transport(await listenUDP('127.0.0.1:0', systemClock), {}, true, true);
  const retired: string[] = [];
  const retire = t.handlerMap.retire.bind(t.handlerMap);
  t.handlerMap.retire = (id: ConnectionID) => {
    retired.push(connIDToHex(id));
    retire(id);
  };
  ln = t.Listen(serverTLSConfig({ alpn: ['HLD'] }));
  let clientDCID = '';
  let seen: atClose | undefined;
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
      seen = { clientDCID, retired: [...retired], queued: [...queued], handshakeConfirmed: conn.handshakeConfirmed };
      return true;
    });
  });
  client = await within(dialAddr(`127.0.0.1:${t.localAddr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 }), 4000, 'dial');
  await within(ln.accept(), 2000, 'accept');
  expect(seen, 'the server connection closed its handshakeComplete channel').toBeDefined();
  return seen!;
}

describe('when the server connection closes handshakeCompleteChan', () => {
  it("the client's first DCID is already retired", async () => {
    const s = await handshake();
    expect(s.retired).toContain(s.clientDCID);
  });

  it('its Handshake keys are already dropped (the handshake is confirmed)', async () => {
    expect((await handshake()).handshakeConfirmed).toBe(true);
  });

  it('HANDSHAKE_DONE and NEW_TOKEN are already queued', async () => {
    const { queued } = await handshake();
    expect(queued).toContain('new_token');
    expect(queued[queued.length - 1]).toBe('handshake_done');
  });
});

describe('on the client, which returns early', () => {
  it("the client's channel closes too: dialAddr returns", async () => {
    const t = new Transport(await listenUDP('127.0.0.1:0', systemClock), {}, true, true);
    ln = t.Listen(serverTLSConfig({ alpn: ['HLD'] }));
    client = await within(dialAddr(`127.0.0.1:${t.localAddr().port}`, clientTLSConfig({ alpn: ['HLD'] }), { handshakeIdleTimeout: 2000 }), 4000, 'dial');
    expect(client.handshakeComplete().isClosed).toBe(true);
  });
});
