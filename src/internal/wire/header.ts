// Parsing what can be read of a packet before header protection is removed (quic-go:
// internal/wire/header.go): the version-independent invariants (RFC 8999 §5) that route a
// datagram, and the long header up to the packet number (RFC 9000 §17.2), which splits a datagram
// into its coalesced packets (RFC 9000 §12.2) and tells the unpacker where the packet number starts.
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { TransportError, protocolError } from '../qerr/errors.ts';
import { MaxConnIDLen, PacketType } from '../protocol/protocol.ts';
import type { ByteCount, ConnectionID } from '../protocol/protocol.ts';
import type { PacketNumberLen } from '../protocol/packet_number.ts';
import { Version2, isSupportedVersion, SupportedVersions, versionName } from '../protocol/version.ts';
import type { Version } from '../protocol/version.ts';
import { Reader } from './varint.ts';

/** Header errors make us drop the packet (RFC 9000 §5.2); no error code is ever sent for them. */
function headerError(message: string): TransportError {
  return protocolError(TransportErrorCode.ProtocolViolation, message);
}

function headerReader(data: Uint8Array, offset = 0): Reader {
  return new Reader(data, offset, TransportErrorCode.ProtocolViolation);
}

/** The packet's version is not one we speak, so everything after the connection IDs is opaque. */
export class UnsupportedVersionError extends TransportError {
  constructor(readonly version: Version) {
    super({ errorCode: TransportErrorCode.ProtocolViolation, errorMessage: `unsupported version ${versionName(version)}` });
  }
}

/** Bit 0x80 of the first byte: a long header (RFC 9000 §17.2). */
export function isLongHeaderPacket(firstByte: number): boolean {
  return (firstByte & 0x80) !== 0;
}

/** Bit 0x40, the fixed bit ("QUIC bit", RFC 9000 §17.2, RFC 9443): set in every QUIC packet we send. */
export function isPotentialQUICPacket(firstByte: number): boolean {
  return (firstByte & 0x40) !== 0;
}

/** The version field of a long header packet (bytes 1–4). */
export function parseVersion(data: Uint8Array): Version {
  const r = headerReader(data, 1);
  return r.readUint(4);
}

/** A long header with version 0 is a Version Negotiation packet (RFC 9000 §17.2.1). */
export function isVersionNegotiationPacket(data: Uint8Array): boolean {
  return data.length >= 5 && isLongHeaderPacket(data[0]) && data[1] === 0 && data[2] === 0 && data[3] === 0 && data[4] === 0;
}

// The two "Long Packet Type" bits (0x30) of the first byte. QUIC v2 permutes them so that middle
// boxes don't ossify on v1's values (RFC 9000 §17.2, Table 5; RFC 9369 §3.2).
const v1PacketTypes = [PacketType.Initial, PacketType.ZeroRTT, PacketType.Handshake, PacketType.Retry] as const;
const v2PacketTypes = [PacketType.Retry, PacketType.Initial, PacketType.ZeroRTT, PacketType.Handshake] as const;

function packetTypesOf(v: Version): readonly PacketType[] {
  return v === Version2 ? v2PacketTypes : v1PacketTypes;
}

/** The packet type encoded in a long header's first byte, for a supported version. */
export function packetTypeFromFirstByte(firstByte: number, v: Version): PacketType {
  return packetTypesOf(v)[(firstByte >> 4) & 0b11];
}

/** The two type bits (before shifting into place) of a packet type in version v. */
export function packetTypeBits(type: PacketType, v: Version): number {
  return packetTypesOf(v).indexOf(type);
}

/** Whether a datagram starts with a 0-RTT packet of a version we speak (quic-go: Is0RTTPacket). */
export function is0RTTPacket(data: Uint8Array): boolean {
  if (data.length < 5 || !isLongHeaderPacket(data[0])) return false;
  const v = parseVersion(data);
  return isSupportedVersion(SupportedVersions, v) && packetTypeFromFirstByte(data[0], v) === PacketType.ZeroRTT;
}

/**
 * The Destination Connection ID, the field every packet is routed by. A long header carries its
 * length; a short header doesn't, so the caller passes the length its own connection IDs have.
 */
export function parseConnectionID(data: Uint8Array, shortHeaderConnIDLen: number): ConnectionID {
  const r = headerReader(data);
  if (!isLongHeaderPacket(r.readUint8())) return r.readBytes(shortHeaderConnIDLen);
  r.skip(4); // version
  return readConnectionID(r, MaxConnIDLen);
}

function readConnectionID(r: Reader, maxLen: number): ConnectionID {
  const len = r.readUint8();
  if (len > maxLen) throw headerError(`invalid connection ID length: ${len} bytes`);
  return r.readBytes(len);
}

/**
 * The connection IDs of a long header of any version, which may be up to 255 bytes long
 * (RFC 8999 §5.1). Used to answer a packet of an unknown version with Version Negotiation.
 */
export function parseArbitraryLenConnectionIDs(data: Uint8Array): { bytesParsed: number; destConnID: Uint8Array; srcConnID: Uint8Array } {
  const r = headerReader(data, 5);
  const destConnID = readConnectionID(r, 255);
  const srcConnID = readConnectionID(r, 255);
  return { bytesParsed: r.offset, destConnID, srcConnID };
}

/** Packet numbers are sent in 1 to 4 bytes (RFC 9000 §17.1); another length is a bug of the sender. */
export function checkPacketNumberLen(pnLen: PacketNumberLen): void {
  if (!(pnLen >= 1 && pnLen <= 4)) throw new Error(`invalid packet number length: ${pnLen}`);
}

/** A long header as far as it can be read before header protection is removed. */
export interface Header {
  /** The first byte as received: its low bits are still protected (RFC 9001 §5.4.1). */
  typeByte: number;
  type: PacketType;
  version: Version;
  destConnectionID: ConnectionID;
  srcConnectionID: ConnectionID;
  /** Initial: the token (may be empty). Retry: the retry token. Otherwise empty. */
  token: Uint8Array;
  /** The Length field: bytes of packet number plus payload. 0 for Retry, which has none. */
  length: ByteCount;
  /**
   * Bytes up to and including the Length field, i.e. the offset of the packet number (the
   * "pn_offset" of RFC 9001 §5.4.2; the header-protection sample starts at parsedLen + 4).
   * For Retry: the whole packet including its 16-byte integrity tag.
   */
  parsedLen: number;
}

const retryIntegrityTagLen = 16;

/** Parses a long header of a supported version up to the packet number (quic-go: parseHeader). */
function parseHeader(data: Uint8Array): Header {
  const r = headerReader(data);
  const typeByte = r.readUint8();
  if (!isLongHeaderPacket(typeByte)) throw headerError('not a long header packet');
  const version = r.readUint(4);
  if (version === 0) throw headerError('a Version Negotiation packet has no Length field');
  if (!isPotentialQUICPacket(typeByte)) throw headerError('not a QUIC packet: fixed bit not set');
  const destConnectionID = readConnectionID(r, MaxConnIDLen);
  const srcConnectionID = readConnectionID(r, MaxConnIDLen);
  if (!isSupportedVersion(SupportedVersions, version)) throw new UnsupportedVersionError(version);

  const type = packetTypeFromFirstByte(typeByte, version);
  const hdr: Header = { typeByte, type, version, destConnectionID, srcConnectionID, token: new Uint8Array(0), length: 0, parsedLen: 0 };
  if (type === PacketType.Retry) {
    // Retry Token, then the Retry Integrity Tag (RFC 9000 §17.2.5); no Length, so it fills the datagram.
    const tokenLen = r.remaining - retryIntegrityTagLen;
    if (tokenLen <= 0) throw headerError('Retry packet without a token');
    hdr.token = r.readBytes(tokenLen);
    hdr.parsedLen = data.length;
    return hdr;
  }
  if (type === PacketType.Initial) hdr.token = r.readBytes(r.readVarint());
  hdr.length = r.readVarint();
  hdr.parsedLen = r.offset;
  return hdr;
}

/**
 * Parses the long header packet at the start of a datagram and cuts it by its Length field
 * (RFC 9000 §12.2): `packetData` is this packet, `rest` the packets coalesced after it.
 */
export function parsePacket(data: Uint8Array): { hdr: Header; packetData: Uint8Array; rest: Uint8Array } {
  const hdr = parseHeader(data);
  const packetLen = hdr.parsedLen + hdr.length;
  if (packetLen > data.length) {
    throw headerError(`packet length (${data.length - hdr.parsedLen} bytes) is smaller than the expected length (${hdr.length} bytes)`);
  }
  return { hdr, packetData: data.subarray(0, packetLen), rest: data.subarray(packetLen) };
}
