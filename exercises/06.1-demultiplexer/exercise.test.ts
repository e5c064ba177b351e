// Exercise 06.1's unit tests: a real Transport on a socket that never delivers anything, fed
// datagrams directly; its handler map and server are stand-ins that record what they get.
import { describe, expect, it, vi } from 'vitest';
import { Transport } from '../../src/transport.ts';
import type { baseServer } from '../../src/server.ts';
import type { packetHandler } from '../../src/packet_handler_map.ts';
import type { rawConn, receivedPacket } from '../../src/sys_conn.ts';

vi.mock(import('../../src/transport.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const addr = { address: '127.0.0.1', port: 4433, family: 'IPv4' as const };
const tick = () => new Promise((r) => setImmediate(r));

function setup(statelessResetKey?: Uint8Array, connectionIDLength?: number) {
  const written: Uint8Array[] = [];
  const conn: rawConn = {
    readPacket: () => new Promise(() => {}),
    writePacket: (d) => void written.push(d),
    localAddr: () => addr,
    close: () => {},
  };
  const t = new Transport(conn, { statelessResetKey, connectionIDLength });
  const toServer: receivedPacket[] = [];
  t.server = { handlePacket: (p: receivedPacket) => void toServer.push(p) } as unknown as baseServer;
  const handler = { got: [] as receivedPacket[], destroyed: [] as Error[] };
  const h: packetHandler = {
    handlePacket: (p) => void handler.got.push(p),
    destroy: (e) => void handler.destroyed.push(e),
    closeWithTransportError: () => {},
  };
  return { t, written, toServer, handler, h };
}
const pkt = (bytes: number[] | Uint8Array): receivedPacket => ({ remoteAddr: addr, rcvTime: 0, data: Uint8Array.from(bytes) });
/** A long header (Initial, v1) with the given DCID and a few bytes after it. */
const longHeader = (dcid: number[]) => pkt([0xc0, 0, 0, 0, 1, dcid.length, ...dcid, 0, 0, 1, 0]);
/** A short header: the first byte, then the DCID, then payload. */
const shortHeader = (dcid: number[], len = 30) => pkt([0x40, ...dcid, ...new Array(len - 1 - dcid.length).fill(0x11)]);

describe('handlePacket', () => {
  it('ignores what is not a QUIC packet, of any length', async () => {
    const { t, toServer, handler, h, written } = setup(new Uint8Array(32).fill(3));
    // Even when the bytes where a connection ID would be are a known one.
    t.handlerMap.add(Uint8Array.from([1, 2, 3, 4]), h);
    t.handlePacket(pkt([]));
    t.handlePacket(pkt([0xc0, 0, 0])); // a long header cut short: no connection ID to parse
    // Datagrams of other protocols on the same port (RFC 9443 §2: the QUIC fixed bit is 0 in
    // STUN, DTLS' first bytes, DNS…): first byte with bits 0x80 and 0x40 clear, 1 to 1500 bytes.
    for (const first of [0x00, 0x01, 0x16 & 0x3f, 0x20, 0x3f]) {
      for (let length = 1; length <= 1500; length += length < 64 ? 1 : 37) {
        const data = new Uint8Array(length).fill(0x77);
        data[0] = first;
        if (length >= 5) data.set([1, 2, 3, 4], 1);
        t.handlePacket(pkt(data));
      }
    }
    await tick();
    expect(toServer).toEqual([]);
    expect(handler.got).toEqual([]);
    expect(written, 'nothing sent back (no stateless reset)').toEqual([]);
  });

  it('routes a known connection ID to its connection, whatever the header form', () => {
    const { t, toServer, handler, h } = setup();
    t.handlerMap.add(Uint8Array.from([1, 2, 3, 4]), h);
    t.handlerMap.add(Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]), h);
    const short = shortHeader([1, 2, 3, 4]);
    const long = longHeader([9, 9, 9, 9, 9, 9, 9, 9]);
    t.handlePacket(short);
    t.handlePacket(long);
    expect(handler.got).toEqual([short, long]);
    expect(toServer).toEqual([]);
  });

  it('routes a short header by the transport\'s own connection ID length', () => {
    for (const length of [4, 8, 12, 20]) {
      const { t, toServer, handler, h } = setup(undefined, length);
      const id = Array.from({ length }, (_, i) => 0x30 + i);
      t.handlerMap.add(Uint8Array.from(id), h);
      const short = shortHeader(id, 40);
      t.handlePacket(short);
      expect(handler.got, `connection IDs of ${length} bytes`).toEqual([short]);
      expect(toServer).toEqual([]);
    }
  });

  it('a known connection ID wins over a stateless reset token at the end of the packet', () => {
    const { t, handler, h } = setup();
    const token = new Uint8Array(16).fill(0x42);
    t.handlerMap.addResetToken(token, h);
    t.handlerMap.add(Uint8Array.from([1, 2, 3, 4]), h);
    const data = shortHeader([1, 2, 3, 4], 40).data;
    data.set(token, data.length - 16);
    const p = pkt(data);
    t.handlePacket(p);
    expect(handler.got).toEqual([p]);
    expect(handler.destroyed).toEqual([]);
  });

  it('gives a long header with an unknown ID to the server, and drops it when there is none', () => {
    const { t, toServer, handler, h } = setup();
    t.handlerMap.add(Uint8Array.from([1, 2, 3, 4]), h);
    const p = longHeader([5, 6, 7, 8, 5, 6, 7, 8]);
    t.handlePacket(p);
    expect(toServer).toEqual([p]);
    t.server = undefined;
    expect(() => t.handlePacket(longHeader([5, 6, 7, 8, 5, 6, 7, 9]))).not.toThrow();
    expect(handler.got).toEqual([]);
  });

  it('short header with an unknown ID: a stateless reset when the transport has a key, never the server', async () => {
    const { t, toServer, written } = setup(new Uint8Array(32).fill(3));
    t.handlePacket(shortHeader([7, 7, 7, 7], 60));
    await tick();
    expect(toServer).toEqual([]);
    expect(written).toHaveLength(1);
    expect(written[0]![0]! & 0xc0).toBe(0x40); // looks like a short header
    // …and it ends with the token the transport would give that connection ID (RFC 9000 §10.3).
    expect(written[0]!.subarray(-16)).toEqual(t.handlerMap.getStatelessResetToken(Uint8Array.from([7, 7, 7, 7])));
  });

  it('short header with an unknown ID ending in a token we were given: the connection is reset', () => {
    const { t, handler, h } = setup();
    const token = new Uint8Array(16).fill(0x42);
    t.handlerMap.addResetToken(token, h);
    const data = shortHeader([7, 7, 7, 7], 40).data;
    data.set(token, data.length - 16);
    t.handlePacket(pkt(data));
    expect(handler.destroyed).toHaveLength(1);
    expect(handler.got).toEqual([]);
  });
});
