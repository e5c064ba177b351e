// The short header of 1-RTT packets (RFC 9000 §17.3.1; quic-go: internal/wire/short_header.go):
//   0 1 S R R K P P | Destination Connection ID (0..160) | Packet Number (8..32)
// The connection ID carries no length, so the receiver must know the length of its own IDs.
import type { PacketNumberLen } from '../protocol/packet_number.ts';
import type { ConnectionID, PacketNumber } from '../protocol/protocol.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { checkPacketNumberLen, isLongHeaderPacket, isPotentialQUICPacket } from './header.ts';
import { Reader, type ByteSink } from './varint.ts';

/** The Key Phase bit (RFC 9001 §6): which generation of 1-RTT keys protects the packet. */
export type KeyPhaseBit = 0 | 1;

export interface ShortHeader {
  /** Header length: where the payload starts. */
  length: number;
  /** The packet number bytes as sent (truncated). */
  packetNumber: PacketNumber;
  packetNumberLen: PacketNumberLen;
  keyPhase: KeyPhaseBit;
  /** The reserved bits (0x18) must be 0; a violation is reported after decryption (RFC 9001 §5.4.1). */
  reservedBitsValid: boolean;
}

/**
 * Parses a short header once header protection has been removed (quic-go: ParseShortHeader). Throws
 * if the bytes are not a short header; the unpacker turns that into a dropped packet, never a
 * connection error (RFC 9000 §17.3.1: a packet with the fixed bit 0 is discarded).
 */
export function parseShortHeader(data: Uint8Array, connIDLen: number): ShortHeader {
  const r = new Reader(data, 0, TransportErrorCode.ProtocolViolation);
  const first = r.readUint8();
  if (isLongHeaderPacket(first)) throw protocolError(TransportErrorCode.ProtocolViolation, 'not a short header packet');
  if (!isPotentialQUICPacket(first)) throw protocolError(TransportErrorCode.ProtocolViolation, 'not a QUIC packet: fixed bit not set');
  const packetNumberLen = ((first & 0b11) + 1) as PacketNumberLen;
  r.skip(connIDLen);
  const packetNumber = r.readUint(packetNumberLen);
  return {
    length: r.offset,
    packetNumber,
    packetNumberLen,
    keyPhase: first & 0b100 ? 1 : 0,
    reservedBitsValid: (first & 0x18) === 0,
  };
}

/** Writes a short header: fixed bit set, spin bit and reserved bits 0 (quic-go: AppendShortHeader). */
export function appendShortHeader(w: ByteSink, connID: ConnectionID, pn: PacketNumber, pnLen: PacketNumberLen, keyPhase: KeyPhaseBit): void {
  checkPacketNumberLen(pnLen);
  w.writeUint8(0x40 | (keyPhase << 2) | (pnLen - 1));
  w.writeBytes(connID);
  w.writeUint(pn, pnLen);
}

/** The length of a short header (quic-go: ShortHeaderLen). */
export function shortHeaderLen(dest: ConnectionID, pnLen: PacketNumberLen): number {
  return 1 + dest.length + pnLen;
}
