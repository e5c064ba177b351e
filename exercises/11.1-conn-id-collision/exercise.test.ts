// Exercise 11.1 on the real stack: a client's DCID is put in the transport's handler map while
// handleInitialImpl runs, between its second look-up and addWithConnID (from getConfigForClient,
// which quic-go calls in that window too). That stands for what only Go can do: another goroutine
// adding the same ID at that moment. The learner's handleConnIDCollision then gets the branch.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import type { packetHandler } from '../../src/packet_handler_map.ts';
import type { quicConn, serverConnParams } from '../../src/server.ts';
import { listenUDP, type receivedPacket } from '../../src/sys_conn.ts';
import { Transport } from '../../src/transport.ts';
import { RawSocket, clientInitial, insecureClientTLS, loopback, serverTLS, sleep, waitFor, withTimeout } from '../../test/e2e/net.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** The handler that got the client's DCID first: in Go, a connection made on another goroutine. */
class Owner implements packetHandler {
  readonly packets: receivedPacket[] = [];
  handlePacket(p: receivedPacket): void {
    this.packets.push(p);
  }
  destroy(): void {}
  closeWithTransportError(): void {}
}

async function collide() {
  const cert = generateSelfSignedCertificate();
  const t = new Transport(await listenUDP(`${loopback}:0`, systemClock), {}, true, false);
  cleanups.push(() => t.close());
  const owner = new Owner();
  const initial = clientInitial({ datagramSize: 1200 });
  let collided = false;
  const ln = t.Listen(serverTLS(cert), {
    getConfigForClient: () => {
      if (!collided) t.handlerMap.add(initial.dcid, owner);
      collided = true;
      return {};
    },
  });
  // The connections handleInitialImpl makes, to look at the refused one.
  const made: quicConn[] = [];
  const server = ln.baseServer as unknown as { newConn: (p: serverConnParams) => quicConn };
  const newConn = server.newConn;
  server.newConn = (p) => {
    const c = newConn(p);
    made.push(c);
    return c;
  };
  const client = await RawSocket.open();
  cleanups.push(() => client.close());
  await client.send(initial.datagram, ln.addr().port);
  await waitFor(() => collided && made.length === 1, 2_000, 'handleInitialImpl to reach addWithConnID');
  return { t, ln, owner, initial, refused: made[0]!, client, cert };
}

describe('handleConnIDCollision', () => {
  it('the server keeps accepting after a collision', async () => {
    const { ln } = await collide();
    const accepted = ln.accept();
    const conn = await withTimeout(dialAddr(`${loopback}:${ln.addr().port}`, insecureClientTLS()), 3_000, 'a handshake after the collision');
    cleanups.push(() => conn.closeWithError(0, ''));
    expect(await withTimeout(accepted, 3_000, 'accept after the collision')).toBeDefined();
  });

  it('the Initial goes to the handler that owns its DCID, which keeps it', async () => {
    const { t, owner, initial } = await collide();
    await waitFor(() => owner.packets.length === 1, 2_000, 'the owner to get the Initial');
    await sleep(300); // time for a refused connection that runs to close
    expect(t.handlerMap.get(initial.dcid)).toBe(owner);
  });

  it('the refused connection ends, and leaves nothing in the handler map', async () => {
    const { t, refused, client } = await collide();
    await waitFor(() => refused.context.aborted, 2_000, "the refused connection's context to end");
    expect(t.handlerMap.size).toBe(1); // the owner's entry, nothing of the refused connection
    expect(await client.next(300)).toBeUndefined(); // it never spoke: the client is another's
  });
});
