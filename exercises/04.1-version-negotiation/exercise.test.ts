// Exercise 04.1's tests: hand-made datagrams of an unknown version, sent over UDP to a real server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isVersionNegotiationPacket } from '../../src/internal/wire/header.ts';
import { parseVersionNegotiationPacket } from '../../src/internal/wire/version_negotiation.ts';
import type { Listener } from '../../src/server.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';
import { hex, listen, longHeaderDatagram, connID, RawSocket } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const unknownVersion = 0xff00001d;
const client = { address: '127.0.0.1', port: 50000, family: 'IPv4' as const };
let ln: Listener | undefined;
let raw: RawSocket | undefined;
afterEach(() => {
  ln?.close();
  raw?.close();
});

async function replyTo(size: number, transport = {}): Promise<Uint8Array | undefined> {
  ln = await listen({ transport });
  raw = await RawSocket.open();
  await raw.send(longHeaderDatagram({ version: unknownVersion, dcid: connID(8), scid: connID(4, 0xa0), size }), ln.addr().port);
  return raw.next(200);
}

describe('handleUnsupportedVersion', () => {
  it('answers an unknown version in a 1200-byte datagram with Version Negotiation', async () => {
    const reply = await replyTo(1200);
    expect(reply, 'a reply').toBeDefined();
    expect(isVersionNegotiationPacket(reply!)).toBe(true);
    const vn = parseVersionNegotiationPacket(reply!);
    expect(vn.versions).toContain(1);
    expect(hex(vn.destConnID)).toBe(hex(connID(4, 0xa0)));
  });

  it('does not answer the same packet in a datagram of 1199 bytes, nor a smaller one', async () => {
    expect(await replyTo(1199)).toBeUndefined();
    ln?.close();
    raw?.close();
    expect(await replyTo(100)).toBeUndefined();
  });

  it('stays silent when Version Negotiation is disabled', async () => {
    expect(await replyTo(1200, { disableVersionNegotiationPackets: true })).toBeUndefined();
    ln?.close();
    raw?.close();
    expect(await replyTo(1452, { disableVersionNegotiationPackets: true })).toBeUndefined();
  });

  it('a spread of sizes: every datagram from 1200 bytes up is answered, none below', async () => {
    // Called directly, with the queueing of the answer recorded: no network, no waiting.
    raw = undefined;
    ln = await listen();
    const queued: number[] = [];
    (ln.baseServer as { enqueueVersionNegotiationPacket: (p: receivedPacket) => void }).enqueueVersionNegotiationPacket = (p) => void queued.push(p.data.length);
    const sizes = [43, 100, 500, 999, 1000, 1100, 1198, 1199, 1200, 1201, 1202, 1232, 1252, 1280, 1350, 1452, 1472, 1500, 2000, 9000];
    for (const size of sizes)
      ln.baseServer.handleUnsupportedVersion({ remoteAddr: client, rcvTime: 0, data: longHeaderDatagram({ version: unknownVersion, dcid: connID(8), scid: connID(4, 0xa0), size }) });
    expect(queued).toEqual(sizes.filter((n) => n >= 1200));
  });
});
