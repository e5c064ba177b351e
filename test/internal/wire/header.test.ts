import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketType } from '../../../src/internal/protocol/protocol.ts';
import { Version1, Version2, isReservedVersion } from '../../../src/internal/protocol/version.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import { appendLongHeader, composeRetryPacket, longHeaderLen, parseExtendedHeader } from '../../../src/internal/wire/extended_header.ts';
import {
  UnsupportedVersionError,
  is0RTTPacket,
  isLongHeaderPacket,
  isPotentialQUICPacket,
  isVersionNegotiationPacket,
  parseArbitraryLenConnectionIDs,
  parseConnectionID,
  parsePacket,
  parseVersion,
} from '../../../src/internal/wire/header.ts';
import { appendShortHeader, parseShortHeader, shortHeaderLen } from '../../../src/internal/wire/short_header.ts';
import { Writer, putVarint } from '../../../src/internal/wire/varint.ts';
import { composeVersionNegotiation, parseVersionNegotiationPacket } from '../../../src/internal/wire/version_negotiation.ts';
import { arbLongHeader } from './arbitraries.ts';
import { hex, toHex, transportErrorOf } from './helpers.ts';

// RFC 9001 Appendix A.2: "The unprotected header indicates a length of 1182 bytes".
const rfc9001ClientInitialHeader = 'c300000001088394c8f03e5157080000449e00000002';
// RFC 9001 Appendix A.3: the server's unprotected Initial header.
const rfc9001ServerInitialHeader = 'c1000000010008f067a5502a4262b50040750001';
// RFC 9001 Appendix A.4: a complete Retry packet (token "token", then the integrity tag).
const rfc9001Retry = 'ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba';
// RFC 9369 Appendix A.2 and A.4: the same client Initial header and Retry in QUIC v2.
const rfc9369ClientInitialHeader = 'd36b3343cf088394c8f03e5157080000449e00000002';
const rfc9369Retry = 'cf6b3343cf0008f067a5502a4262b5746f6b656ec8646ce8bfe33952d955543665dcc7b6';

/** The RFC header followed by `length - pnLen` payload bytes, as a datagram would carry it. */
function withPayload(header: string, length: number, pnLen: number): Uint8Array {
  const h = hex(header);
  const packet = new Uint8Array(h.length + length - pnLen);
  packet.set(h);
  return packet;
}

describe('invariant header fields (RFC 8999, quic-go header.go)', () => {
  const clientInitial = withPayload(rfc9001ClientInitialHeader, 1182, 4);

  it('classifies the first byte', () => {
    expect(isLongHeaderPacket(0xc3)).toBe(true);
    expect(isLongHeaderPacket(0x43)).toBe(false);
    expect(isPotentialQUICPacket(0x43)).toBe(true);
    expect(isPotentialQUICPacket(0x83)).toBe(false);
  });

  it('reads version and destination connection ID of the RFC 9001 client Initial', () => {
    expect(parseVersion(clientInitial)).toBe(Version1);
    expect(toHex(parseConnectionID(clientInitial, 4))).toBe('8394c8f03e515708');
    expect(isVersionNegotiationPacket(clientInitial)).toBe(false);
    expect(is0RTTPacket(clientInitial)).toBe(false);
  });

  it('reads a short header DCID with the length we issue', () => {
    expect(toHex(parseConnectionID(hex('41deadbeef00'), 4))).toBe('deadbeef');
    expect(transportErrorOf(() => parseConnectionID(hex('41dead'), 4)).errorCode).toBe(TransportErrorCode.ProtocolViolation);
  });

  it('rejects a long header DCID longer than 20 bytes, and truncated input', () => {
    expect(() => parseConnectionID(hex('c30000000115' + '00'.repeat(21)), 4)).toThrow(/connection ID length/);
    expect(() => parseConnectionID(hex('c3000000'), 4)).toThrow(/unexpected end/);
    expect(() => parseVersion(hex('c30000'))).toThrow(/unexpected end/);
  });

  it('recognises 0-RTT packets by the version-specific type bits (RFC 9369 §3.2)', () => {
    expect(is0RTTPacket(hex('d000000001'))).toBe(true); // v1: type 0b01
    expect(is0RTTPacket(hex('e000000001'))).toBe(false); // v1: Handshake
    expect(is0RTTPacket(hex('e06b3343cf'))).toBe(true); // v2: type 0b10
    expect(is0RTTPacket(hex('d06b3343cf'))).toBe(false); // v2: Initial
    expect(is0RTTPacket(hex('d012345678'))).toBe(false); // unknown version
  });
});

describe('parsePacket', () => {
  it('parses the RFC 9001 A.2 client Initial header up to the packet number', () => {
    const { hdr, packetData, rest } = parsePacket(withPayload(rfc9001ClientInitialHeader, 1182, 4));
    expect(hdr.type).toBe(PacketType.Initial);
    expect(hdr.version).toBe(Version1);
    expect(toHex(hdr.destConnectionID)).toBe('8394c8f03e515708');
    expect(hdr.srcConnectionID.length).toBe(0);
    expect(hdr.token.length).toBe(0);
    expect(hdr.length).toBe(1182);
    expect(hdr.parsedLen).toBe(18); // the pn_offset of RFC 9001 A.2: the sample starts at 18 + 4
    expect(packetData.length).toBe(18 + 1182);
    expect(rest.length).toBe(0);

    const { extHdr, reservedBitsValid } = parseExtendedHeader(hdr, packetData);
    expect(extHdr.packetNumberLen).toBe(4);
    expect(extHdr.packetNumber).toBe(2);
    expect(extHdr.parsedLen).toBe(22);
    expect(reservedBitsValid).toBe(true);
  });

  it('parses the RFC 9001 A.3 server Initial header', () => {
    const { hdr, packetData } = parsePacket(withPayload(rfc9001ServerInitialHeader, 0x75, 2));
    expect(hdr.type).toBe(PacketType.Initial);
    expect(hdr.destConnectionID.length).toBe(0);
    expect(toHex(hdr.srcConnectionID)).toBe('f067a5502a4262b5');
    expect(hdr.length).toBe(117);
    const { extHdr } = parseExtendedHeader(hdr, packetData);
    expect(extHdr.packetNumberLen).toBe(2);
    expect(extHdr.packetNumber).toBe(1);
  });

  it('parses the RFC 9369 v2 client Initial, whose type bits are 0b01', () => {
    const { hdr } = parsePacket(withPayload(rfc9369ClientInitialHeader, 1182, 4));
    expect(hdr.type).toBe(PacketType.Initial);
    expect(hdr.version).toBe(Version2);
    expect(hdr.length).toBe(1182);
  });

  it.each([
    [rfc9001Retry, Version1],
    [rfc9369Retry, Version2],
  ])('parses the RFC Retry %s: token up to the 16-byte integrity tag', (packet, version) => {
    const { hdr, packetData, rest } = parsePacket(hex(packet));
    expect(hdr.type).toBe(PacketType.Retry);
    expect(hdr.version).toBe(version);
    expect(toHex(hdr.srcConnectionID)).toBe('f067a5502a4262b5');
    expect(Buffer.from(hdr.token).toString()).toBe('token');
    expect(packetData.length).toBe(hex(packet).length);
    expect(rest.length).toBe(0);
  });

  it('composes the RFC 9001 A.4 Retry byte for byte (given its tag)', () => {
    const rfc = hex(rfc9001Retry);
    const tag = rfc.subarray(rfc.length - 16);
    let taggedInput: Uint8Array | undefined;
    const packet = composeRetryPacket(Version1, new Uint8Array(0), hex('f067a5502a4262b5'), Buffer.from('token'), (p) => {
      taggedInput = p.slice();
      return tag;
    });
    // The RFC's first byte 0xff has random unused bits; ours are 0.
    expect(toHex(packet.subarray(1))).toBe(rfc9001Retry.slice(2));
    expect(packet[0] & 0xf0).toBe(0xf0);
    expect(toHex(taggedInput!)).toBe(toHex(packet.subarray(0, packet.length - 16)));
  });

  it('splits coalesced packets by their Length fields (RFC 9000 §12.2)', () => {
    const initial = withPayload(rfc9001ServerInitialHeader, 0x75, 2);
    const handshake = new Writer();
    appendLongHeader(handshake, {
      type: PacketType.Handshake,
      version: Version1,
      destConnectionID: new Uint8Array(0),
      srcConnectionID: hex('f067a5502a4262b5'),
      length: 20,
      packetNumber: 0,
      packetNumberLen: 2,
    });
    handshake.writeBytes(new Uint8Array(18));
    const datagram = Buffer.concat([initial, handshake.bytes(), hex('41aabbccdd')]);
    const first = parsePacket(datagram);
    expect(first.hdr.type).toBe(PacketType.Initial);
    expect(first.packetData.length).toBe(initial.length);
    const second = parsePacket(first.rest);
    expect(second.hdr.type).toBe(PacketType.Handshake);
    expect(second.packetData.length).toBe(handshake.bytes().length);
    expect(toHex(second.rest)).toBe('41aabbccdd');
  });

  it('rejects a packet shorter than its Length field', () => {
    const truncated = withPayload(rfc9001ClientInitialHeader, 1182, 4).subarray(0, 1000);
    expect(transportErrorOf(() => parsePacket(truncated)).message).toMatch(/smaller than the expected length/);
  });

  it('rejects short headers, Version Negotiation, unknown versions, and a cleared fixed bit', () => {
    expect(() => parsePacket(hex('41aabb'))).toThrow(/not a long header/);
    expect(() => parsePacket(hex('c0000000000000'))).toThrow(/Version Negotiation/);
    const unknown = transportErrorOf(() => parsePacket(hex('c0123456780000')));
    expect(unknown).toBeInstanceOf(UnsupportedVersionError);
    expect((unknown as UnsupportedVersionError).version).toBe(0x12345678);
    const noFixedBit = hex(rfc9001ClientInitialHeader);
    noFixedBit[0] &= ~0x40;
    expect(() => parsePacket(noFixedBit)).toThrow(/fixed bit/);
  });

  it('does not check the reserved bits before header protection is removed', () => {
    const h = withPayload(rfc9001ClientInitialHeader, 1182, 4);
    h[0] |= 0x0c;
    const { hdr, packetData } = parsePacket(h);
    expect(parseExtendedHeader(hdr, packetData).reservedBitsValid).toBe(false);
  });
});

describe('writing long headers', () => {
  it('writes the RFC 9001 A.2 client Initial header byte for byte, and in v2 the RFC 9369 one', () => {
    for (const [version, expected] of [
      [Version1, rfc9001ClientInitialHeader],
      [Version2, rfc9369ClientInitialHeader],
    ] as const) {
      const w = new Writer();
      const fields = {
        type: PacketType.Initial,
        version,
        destConnectionID: hex('8394c8f03e515708'),
        srcConnectionID: new Uint8Array(0),
        token: new Uint8Array(0),
        length: 1182,
        packetNumber: 2,
        packetNumberLen: 4,
      } as const;
      appendLongHeader(w, fields);
      expect(toHex(w.bytes())).toBe(expected);
      expect(longHeaderLen(fields)).toBe(22);
    }
  });

  it('lets the packer fill in the 2-byte Length field afterwards', () => {
    const w = new Writer();
    appendLongHeader(w, {
      type: PacketType.Handshake,
      version: Version1,
      destConnectionID: hex('01020304'),
      srcConnectionID: hex('05060708'),
      length: 0,
      packetNumber: 0x1234,
      packetNumberLen: 2,
    });
    const pnOffset = w.offset - 2;
    putVarint(w.buffer, pnOffset - 2, 300, 2);
    w.writeBytes(new Uint8Array(298));
    const { hdr } = parsePacket(w.bytes());
    expect(hdr.length).toBe(300);
    expect(hdr.parsedLen).toBe(pnOffset);
  });

  it('round-trips every long header type in v1 and v2 (property)', () => {
    fc.assert(
      fc.property(arbLongHeader, (h) => {
        const w = new Writer();
        appendLongHeader(w, h);
        expect(w.bytes().length).toBe(longHeaderLen(h));
        if (h.type === PacketType.Retry) {
          w.writeBytes(new Uint8Array(16).fill(0xee)); // stands in for the integrity tag
        } else {
          w.writeBytes(new Uint8Array(h.length - h.packetNumberLen));
        }
        const next = hex('41aa'); // a coalesced short header packet follows (never after a Retry: RFC 9000 §12.2)
        if (h.type !== PacketType.Retry) w.writeBytes(next);
        const { hdr, packetData, rest } = parsePacket(w.bytes());
        expect(hdr.type).toBe(h.type);
        expect(hdr.version).toBe(h.version);
        expect(hdr.destConnectionID).toEqual(h.destConnectionID);
        expect(hdr.srcConnectionID).toEqual(h.srcConnectionID);
        if (h.type === PacketType.Retry) {
          // A Retry has no Length field: it runs to the end of the datagram.
          expect(hdr.token).toEqual(h.token);
          expect(packetData.length).toBe(w.bytes().length);
          expect(rest.length).toBe(0);
          return;
        }
        expect(hdr.token).toEqual(h.type === PacketType.Initial ? h.token : new Uint8Array(0));
        expect(hdr.length).toBe(h.length);
        expect(rest).toEqual(next);
        const { extHdr, reservedBitsValid } = parseExtendedHeader(hdr, packetData);
        expect(reservedBitsValid).toBe(true);
        expect(extHdr.packetNumberLen).toBe(h.packetNumberLen);
        expect(extHdr.packetNumber).toBe(h.packetNumber % 2 ** (8 * h.packetNumberLen));
      }),
    );
  });
});

describe('short header (RFC 9000 §17.3.1)', () => {
  it('parses the RFC 9001 A.5 ChaCha20 short header 4200bff4', () => {
    const h = parseShortHeader(hex('4200bff4' + '01'), 0);
    expect(h).toEqual({ length: 4, packetNumber: 0xbff4, packetNumberLen: 3, keyPhase: 0, reservedBitsValid: true });
  });

  it('round-trips key phase, packet number and connection ID', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 20 }),
        fc.integer({ min: 1, max: 4 }),
        fc.maxSafeNat(),
        fc.constantFrom(0 as const, 1 as const),
        (connID, pnLen, pn, keyPhase) => {
          const w = new Writer();
          appendShortHeader(w, connID, pn, pnLen as 1 | 2 | 3 | 4, keyPhase);
          expect(w.bytes().length).toBe(shortHeaderLen(connID, pnLen as 1 | 2 | 3 | 4));
          expect(w.bytes()[0] & 0xe0).toBe(0x40); // long header bit 0, fixed bit 1, spin bit 0
          expect(toHex(parseConnectionID(w.bytes(), connID.length))).toBe(toHex(connID));
          const h = parseShortHeader(w.bytes(), connID.length);
          expect(h).toEqual({ length: 1 + connID.length + pnLen, packetNumber: pn % 2 ** (8 * pnLen), packetNumberLen: pnLen, keyPhase, reservedBitsValid: true });
        },
      ),
    );
  });

  it('reports set reserved bits and rejects long headers and truncated packets', () => {
    expect(parseShortHeader(hex('5800'), 0).reservedBitsValid).toBe(false);
    expect(() => parseShortHeader(hex('c000'), 0)).toThrow(/not a short header/);
    expect(() => parseShortHeader(hex('0000'), 0)).toThrow(/fixed bit/);
    expect(() => parseShortHeader(hex('43aabb'), 0)).toThrow(/unexpected end/);
  });
});

describe('Version Negotiation (RFC 9000 §17.2.1)', () => {
  it('composes with a greased version at a random position, and parses it back', () => {
    const dest = new Uint8Array(30).fill(1); // invariant headers allow IDs longer than 20 bytes
    const src = hex('0102');
    const packet = composeVersionNegotiation(dest, src, [Version1, Version2]);
    expect(isVersionNegotiationPacket(packet)).toBe(true);
    expect(packet[0] & 0xc0).toBe(0xc0);
    const parsed = parseVersionNegotiationPacket(packet);
    expect(parsed.destConnID).toEqual(dest);
    expect(parsed.srcConnID).toEqual(src);
    expect(parsed.versions.length).toBe(3);
    expect(parsed.versions.filter((v) => v !== Version1 && v !== Version2).every(isReservedVersion)).toBe(true);
    expect(parsed.versions.filter((v) => v === Version1 || v === Version2)).toEqual([Version1, Version2]);
  });

  it('composes without greasing when asked', () => {
    const parsed = parseVersionNegotiationPacket(composeVersionNegotiation(hex('aa'), hex('bb'), [Version1], false));
    expect(parsed.versions).toEqual([Version1]);
  });

  it('reads arbitrary-length connection IDs', () => {
    const ids = parseArbitraryLenConnectionIDs(hex('c012345678' + '03aabbcc' + '01dd' + 'ffff'));
    expect(ids).toEqual({ bytesParsed: 11, destConnID: hex('aabbcc'), srcConnID: hex('dd') });
  });

  it('rejects an empty or ragged version list', () => {
    expect(() => parseVersionNegotiationPacket(hex('c0000000000000'))).toThrow(/empty version list/);
    expect(() => parseVersionNegotiationPacket(hex('c0000000000000000001'))).toThrow(/invalid length/);
  });
});
