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
import { Version1, Version2, type Version } from '../../src/internal/protocol/version.ts';
import type { ConnectionID } from '../../src/internal/protocol/protocol.ts';
import type { ConnectionIDGenerator } from '../../src/interface.ts';
import { connID, hex, sealedInitial } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const client: UDPAddr = { address: '127.0.0.1', port: 50000, family: 'IPv4' };
const clientDCID = connID(8, 0x10);
const clientSCID = connID(5, 0xc0);

/** The server's connection ID generator, recording what it hands out (7 bytes: not the default length). */
class recordingGenerator implements ConnectionIDGenerator {
  readonly generated: ConnectionID[] = [];
  private readonly inner = new DefaultConnectionIDGenerator(7);
  generateConnectionID(): ConnectionID {
    const id = this.inner.generateConnectionID();
    this.generated.push(id);
    return id;
  }
  connectionIDLen(): number {
    return 7;
  }
}

/**
 * Sends a Retry for a client Initial of the given version; returns what was written, the
 * generator that sealed the token and the connection ID generator.
 */
function retryFor(version: Version = Version1) {
  const written: { data: Uint8Array; addr: UDPAddr }[] = [];
  const conn = { writePacket: (data: Uint8Array, addr: UDPAddr) => written.push({ data: data.slice(), addr }) } as unknown as rawConn;
  const ids = new recordingGenerator();
  // Only what sendRetry reaches: the socket, the connection ID generator and the token generator.
  const server = new baseServer({
    conn,
    connIDGenerator: ids,
    config: populateConfig(),
    tokenGeneratorKey: randomBytes(32),
    maxTokenAge: 0,
    clock: systemClock,
    onClose: () => {},
  } as unknown as baseServerParams);
  const data = sealedInitial({ dcid: clientDCID, scid: clientSCID, size: 1200 });
  try {
    // sendRetry reads the client's header only: the same Initial, as the given version.
    server.sendRetry({ packet: { remoteAddr: client, rcvTime: 0, data }, hdr: { ...parsePacket(data).hdr, version } });
  } finally {
    server.close(new ErrServerClosed(), false);
  }
  const tokens = server.tokenGenerator;
  return { written, tokens, ids };
}

describe('sendRetry', () => {
  it('sends one Retry packet to the client', () => {
    const { written } = retryFor();
    expect(written).toHaveLength(1);
    expect(written[0]!.addr).toEqual(client);
    expect(parsePacket(written[0]!.data).hdr.type).toBe(PacketType.Retry);
  });

  it("uses the client's SCID as DCID, and as SCID a new connection ID from the server's generator", () => {
    const { written, ids } = retryFor();
    const hdr = parsePacket(written[0]!.data).hdr;
    expect(hex(hdr.destConnectionID)).toBe(hex(clientSCID));
    expect(ids.generated, 'IDs the generator handed out').toHaveLength(1);
    expect(hex(hdr.srcConnectionID)).toBe(hex(ids.generated[0]!));
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
    const tag = getRetryIntegrityTag(packet.subarray(0, packet.length - 16), clientDCID, Version1);
    expect(hex(packet.subarray(packet.length - 16))).toBe(hex(tag));
  });

  it('answers a QUIC v2 Initial with a v2 Retry: v2 packet type bits and v2 integrity key (RFC 9369 §3.3.3)', () => {
    const { written, tokens, ids } = retryFor(Version2);
    const packet = written[0]!.data;
    const hdr = parsePacket(packet).hdr;
    expect(hdr.version).toBe(Version2);
    expect(hdr.type).toBe(PacketType.Retry);
    expect((packet[0]! >> 4) & 0b11, 'long packet type bits: Retry is 0b00 in v2').toBe(0b00);
    expect(hex(hdr.srcConnectionID)).toBe(hex(ids.generated[0]!));
    expect(hex(tokens.decodeToken(hdr.token)!.retrySrcConnectionID!)).toBe(hex(hdr.srcConnectionID));
    const tag = getRetryIntegrityTag(packet.subarray(0, packet.length - 16), clientDCID, Version2);
    expect(hex(packet.subarray(packet.length - 16))).toBe(hex(tag));
  });
});
