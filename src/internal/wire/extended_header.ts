// The long header once header protection is removed (quic-go: internal/wire/extended_header.go):
// the packet number and its length become readable, and we can write the headers we send.
// Packet number truncation and recovery (RFC 9000 §17.1, Appendix A) live in
// protocol/packet_number.ts; here a packet number is the value of its 1–4 bytes on the wire.
import { MaxConnIDLen, PacketType } from '../protocol/protocol.ts';
import type { PacketNumberLen } from '../protocol/packet_number.ts';
import type { ByteCount, ConnectionID, PacketNumber } from '../protocol/protocol.ts';
import type { Version } from '../protocol/version.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { checkPacketNumberLen, packetTypeBits, type Header } from './header.ts';
import { encodedLength, Reader, Writer, type ByteSink } from './varint.ts';

/** A parsed long header including its (truncated) packet number. */
export interface ExtendedHeader extends Header {
  /** 1 to 4: the low two bits of the unprotected first byte, plus one. */
  packetNumberLen: PacketNumberLen;
  /** The packet number bytes as sent; decode it against the largest received (RFC 9000 §A.3). */
  packetNumber: PacketNumber;
}

/** What it takes to write a long header. */
export interface LongHeaderFields {
  type: PacketType;
  version: Version;
  destConnectionID: ConnectionID;
  srcConnectionID: ConnectionID;
  /** Initial and Retry only. */
  token?: Uint8Array;
  /** The Length field (packet number + payload + AEAD tag); unused for Retry. */
  length: ByteCount;
  /** Unused for Retry. Only the low packetNumberLen bytes are written. */
  packetNumber: PacketNumber;
  packetNumberLen: PacketNumberLen;
}

/**
 * Reads the packet number of a long header packet whose header protection was removed in `data`
 * (quic-go: Header.ParseExtended). The reserved bits (0x0c) are only checked now, and a wrong
 * value is reported rather than thrown: the packet must still be decrypted before it is treated
 * as a PROTOCOL_VIOLATION, so that timing reveals nothing (RFC 9000 §17.2, RFC 9001 §5.4.1).
 * The returned header's parsedLen includes the packet number: the payload starts there.
 */
export function parseExtendedHeader(hdr: Header, data: Uint8Array): { extHdr: ExtendedHeader; reservedBitsValid: boolean } {
  const r = new Reader(data, 0, TransportErrorCode.ProtocolViolation);
  const typeByte = r.readUint8();
  const packetNumberLen = ((typeByte & 0b11) + 1) as PacketNumberLen;
  r.offset = hdr.parsedLen;
  const packetNumber = r.readUint(packetNumberLen);
  const extHdr: ExtendedHeader = { ...hdr, typeByte, packetNumberLen, packetNumber, parsedLen: r.offset };
  return { extHdr, reservedBitsValid: (typeByte & 0x0c) === 0 };
}

function checkConnIDLen(id: ConnectionID): void {
  if (id.length > MaxConnIDLen) throw new Error(`invalid connection ID length: ${id.length} bytes`);
}

/**
 * Writes a long header (RFC 9000 §17.2): Initial, 0-RTT, Handshake, or Retry (whose Integrity
 * Tag the caller appends, RFC 9001 §5.8). The Length field is always a 2-byte varint, so a packer
 * can write the header first and fill in the Length once the payload is known:
 * `putVarint(buf, pnOffset - 2, length, 2)` where pnOffset = offset after this call - packetNumberLen.
 * The reserved bits are 0 (they are set before header protection, RFC 9000 §17.2).
 */
export function appendLongHeader(w: ByteSink, h: LongHeaderFields): void {
  checkConnIDLen(h.destConnectionID);
  checkConnIDLen(h.srcConnectionID);
  const retry = h.type === PacketType.Retry;
  if (!retry) checkPacketNumberLen(h.packetNumberLen);
  let firstByte = 0xc0 | (packetTypeBits(h.type, h.version) << 4);
  if (!retry) firstByte |= h.packetNumberLen - 1;
  w.writeUint8(firstByte);
  w.writeUint(h.version, 4);
  w.writeUint8(h.destConnectionID.length);
  w.writeBytes(h.destConnectionID);
  w.writeUint8(h.srcConnectionID.length);
  w.writeBytes(h.srcConnectionID);
  const token = h.token ?? new Uint8Array(0);
  if (retry) {
    w.writeBytes(token);
    return;
  }
  if (h.type === PacketType.Initial) {
    w.writeVarint(token.length);
    w.writeBytes(token);
  }
  w.writeVarintWithLen(h.length, 2);
  w.writeUint(h.packetNumber, h.packetNumberLen);
}

/** The number of bytes appendLongHeader writes for h (quic-go: ExtendedHeader.GetLength). */
export function longHeaderLen(h: LongHeaderFields): number {
  return encodedLength((sink) => appendLongHeader(sink, h));
}

/**
 * A complete Retry packet (RFC 9000 §17.2.5) for a client whose Initial had `destConnID` as source
 * connection ID: our new `srcConnID`, the retry token, then the Retry Integrity Tag that
 * `integrityTag` computes over the packet so far (RFC 9001 §5.8, handshake/retry.ts).
 */
export function composeRetryPacket(
  version: Version,
  destConnID: ConnectionID,
  srcConnID: ConnectionID,
  token: Uint8Array,
  integrityTag: (retryWithoutTag: Uint8Array) => Uint8Array,
): Uint8Array {
  const w = new Writer(64 + token.length);
  appendLongHeader(w, { type: PacketType.Retry, version, destConnectionID: destConnID, srcConnectionID: srcConnID, token, length: 0, packetNumber: 0, packetNumberLen: 1 });
  w.writeBytes(integrityTag(w.bytes()));
  return w.bytes();
}
