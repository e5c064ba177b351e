// Exercise 04.2's unit tests: canStartConnection of a real server, on hand-made datagrams.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PacketType } from '../../src/internal/protocol/protocol.ts';
import { parsePacket } from '../../src/internal/wire/header.ts';
import type { Listener } from '../../src/server.ts';
import { listen, longHeaderDatagram } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const client = { address: '127.0.0.1', port: 50000, family: 'IPv4' as const };
let ln: Listener;
afterEach(() => ln?.close());

async function check(data: Uint8Array): Promise<boolean> {
  ln ??= await listen();
  return ln.baseServer.canStartConnection({ remoteAddr: client, rcvTime: 0, data }, parsePacket(data).hdr);
}

describe('canStartConnection', () => {
  it('lets through an Initial in a 1200-byte datagram', async () => {
    expect(await check(longHeaderDatagram({ size: 1200 }))).toBe(true);
    expect(await check(longHeaderDatagram({ size: 1452 }))).toBe(true);
  });

  it('drops an Initial in a 1199-byte datagram, or smaller', async () => {
    expect(await check(longHeaderDatagram({ size: 1199 }))).toBe(false);
    expect(await check(longHeaderDatagram({ size: 300 }))).toBe(false);
  });

  it('the datagram counts, not the packet: a 900-byte Initial padded to 1200 bytes passes', async () => {
    const datagram = new Uint8Array(1200);
    datagram.set(longHeaderDatagram({ size: 900 }));
    expect(await check(datagram)).toBe(true);
  });

  it('drops other long-header types, whatever their size', async () => {
    expect(await check(longHeaderDatagram({ type: PacketType.Handshake, size: 1200 }))).toBe(false);
    expect(await check(longHeaderDatagram({ type: PacketType.Handshake, size: 100 }))).toBe(false);
  });
});
