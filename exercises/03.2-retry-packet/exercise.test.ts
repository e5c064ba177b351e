// Exercise 03.2's unit tests: sendRetry on a baseServer whose socket records what it writes.
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { populateConfig } from '../../src/config.ts';
import { getRetryIntegrityTag } from '../../src/internal/handshake/retry.ts';
import { PacketType } from '../../src/internal/protocol/protocol.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { parsePacket } from '../../src/internal/wire/header.ts';
import { baseServer, ErrServerClosed, type baseServerParams } from '../../src/server.ts';
import type { rawConn, UDPAddr } from '../../src/sys_conn.ts';
import { DefaultConnectionIDGenerator } from '../../src/transport.ts';
import { connID, hex, sealedInitial } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const client: UDPAddr = { address: '127.0.0.1', port: 50000, family: 'IPv4' };
const clientDCID = connID(8, 0x10);
const clientSCID = connID(5, 0xc0);

/** Sends a Retry for a client Initial; returns what was written and the generator that sealed the token. */
function retryFor() {
  const written: { data: Uint8Array; addr: UDPAddr }[] = [];
  const conn = { writePacket: (data: Uint8Array, addr: UDPAddr) => written.push({ data: data.slice(), addr }) } as unknown as rawConn;
  // Only what sendRetry reaches: the socket, the connection ID generator and the token generator.
  const server = new baseServer({
    conn,
    connIDGenerator: new DefaultConnectionIDGenerator(4),
    config: populateConfig(),
    tokenGeneratorKey: randomBytes(32),
    maxTokenAge: 0,
    clock: systemClock,
    onClose: () => {},
  } as unknown as baseServerParams);
  const data = sealedInitial({ dcid: clientDCID, scid: clientSCID, size: 1200 });
  try {
    server.sendRetry({ packet: { remoteAddr: client, rcvTime: 0, data }, hdr: parsePacket(data).hdr });
  } finally {
    server.close(new ErrServerClosed(), false);
  }
  const tokens = server.tokenGenerator;
  return { written, tokens };
}

describe('sendRetry', () => {
  it('sends one Retry packet to the client', () => {
    const { written } = retryFor();
    expect(written).toHaveLength(1);
    expect(written[0]!.addr).toEqual(client);
    expect(parsePacket(written[0]!.data).hdr.type).toBe(PacketType.Retry);
  });

  it("uses the client's SCID as DCID, and a new 4-byte connection ID of ours as SCID", () => {
    const hdr = parsePacket(retryFor().written[0]!.data).hdr;
    expect(hex(hdr.destConnectionID)).toBe(hex(clientSCID));
    expect(hdr.srcConnectionID.length).toBe(4);
    expect(hex(hdr.srcConnectionID)).not.toBe(hex(clientDCID));
  });

  it('carries a token that names the original DCID and the Retry SCID', () => {
    const { written, tokens } = retryFor();
    const hdr = parsePacket(written[0]!.data).hdr;
    const t = tokens.decodeToken(hdr.token);
    expect(t?.isRetryToken).toBe(true);
    expect(t?.encodedRemoteAddr).toBe('127.0.0.1');
    expect(hex(t!.originalDestConnectionID!)).toBe(hex(clientDCID));
    expect(hex(t!.retrySrcConnectionID!)).toBe(hex(hdr.srcConnectionID));
  });

  it('ends with the integrity tag computed over the original DCID', () => {
    const packet = retryFor().written[0]!.data;
    const tag = getRetryIntegrityTag(packet.subarray(0, packet.length - 16), clientDCID, 1);
    expect(hex(packet.subarray(packet.length - 16))).toBe(hex(tag));
  });
});
