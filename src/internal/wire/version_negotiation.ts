// Version Negotiation packets (RFC 9000 §6, §17.2.1; quic-go: internal/wire/version_negotiation.go):
//   1 U U U U U U U | Version (32) = 0 | DCID Len (8) | DCID (0..2040) | SCID Len (8) | SCID (0..2040)
//   | Supported Version (32) ...
// They use only the invariant header (RFC 8999), so connection IDs may be up to 255 bytes.
import { randomBytes } from '../utils/rand.ts';
import type { Version } from '../protocol/version.ts';
import { generateReservedVersion } from '../protocol/version.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { parseArbitraryLenConnectionIDs } from './header.ts';
import { Reader, Writer } from './varint.ts';

/** Parses a Version Negotiation packet (the caller checked isVersionNegotiationPacket). */
export function parseVersionNegotiationPacket(data: Uint8Array): { destConnID: Uint8Array; srcConnID: Uint8Array; versions: Version[] } {
  const { bytesParsed, destConnID, srcConnID } = parseArbitraryLenConnectionIDs(data);
  const r = new Reader(data, bytesParsed, TransportErrorCode.ProtocolViolation);
  if (r.remaining === 0) throw protocolError(TransportErrorCode.ProtocolViolation, 'Version Negotiation packet has empty version list');
  if (r.remaining % 4 !== 0) {
    throw protocolError(TransportErrorCode.ProtocolViolation, 'Version Negotiation packet has a version list with an invalid length');
  }
  const versions: Version[] = [];
  while (r.remaining > 0) versions.push(r.readUint(4));
  return { destConnID, srcConnID, versions };
}

/**
 * Composes a Version Negotiation packet listing `versions`. With `greased` (the default, as quic-go
 * does), a reserved version 0x?a?a?a?a is inserted at a random position so that clients don't
 * ossify on the list (RFC 9000 §6.3). The unused first-byte bits are random; the fixed bit is set
 * so that the packet demultiplexes as QUIC (RFC 9443).
 */
export function composeVersionNegotiation(destConnID: Uint8Array, srcConnID: Uint8Array, versions: readonly Version[], greased = true): Uint8Array {
  const random = randomBytes(6);
  const list = [...versions];
  if (greased) list.splice(random[1] % (list.length + 1), 0, generateReservedVersion(new DataView(random.buffer, random.byteOffset + 2, 4).getUint32(0)));
  const w = new Writer(1 + 4 + 1 + destConnID.length + 1 + srcConnID.length + 4 * list.length);
  w.writeUint8(random[0] | 0xc0);
  w.writeUint(0, 4);
  w.writeUint8(destConnID.length);
  w.writeBytes(destConnID);
  w.writeUint8(srcConnID.length);
  w.writeBytes(srcConnID);
  for (const v of list) w.writeUint(v, 4);
  return w.bytes();
}
