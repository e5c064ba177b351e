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

  it('a spread of sizes: 1200 bytes and up pass, every size below is dropped', async () => {
    const sizes = [40, 64, 100, 299, 301, 500, 800, 1000, 1100, 1150, 1190, 1198, 1199, 1200, 1201, 1250, 1280, 1350, 1400, 1452, 1472, 1500];
    const passed: number[] = [];
    for (const size of sizes) if (await check(longHeaderDatagram({ size }))) passed.push(size);
    expect(passed).toEqual(sizes.filter((n) => n >= 1200));
    // The padding may follow the Initial in the datagram: Initials of many sizes in 1200 bytes pass, in 1199 they do not.
    for (const initial of [100, 600, 1100, 1199]) {
      for (const [datagram, ok] of [[1200, true], [1199, false]] as const) {
        if (initial > datagram) continue;
        const d = new Uint8Array(datagram);
        d.set(longHeaderDatagram({ size: initial }));
        expect(await check(d), `a ${initial}-byte Initial in a ${datagram}-byte datagram`).toBe(ok);
      }
    }
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
