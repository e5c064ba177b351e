// Basic QUIC types and sizes (quic-go: internal/protocol/protocol.go, perspective.go,
// encryption_level.go, packet_number.go, connection_id.go, version.go).
import { bytesToHex } from '@noble/hashes/utils.js';

/** A packet number, 0 … 2^62-1 (RFC 9000 §12.3). Numbers stay below 2^53, so `number` is exact. */
export type PacketNumber = number;
/** The sentinel quic-go uses for "no packet number yet". */
export const InvalidPacketNumber: PacketNumber = -1;
/** A byte count (stream offsets, flow-control windows). */
export type ByteCount = number;
/** A stream ID (RFC 9000 §2.1). */
export type StreamID = number;

/** Which end of the connection we are. */
export enum Perspective {
  Server = 1,
  Client = 2,
}
export function opposite(p: Perspective): Perspective {
  return p === Perspective.Server ? Perspective.Client : Perspective.Server;
}
export function perspectiveName(p: Perspective): string {
  return p === Perspective.Server ? 'server' : 'client';
}

/** Encryption levels (RFC 9001 §4): one set of keys each. */
export enum EncryptionLevel {
  Initial = 1,
  Handshake = 2,
  ZeroRTT = 3,
  OneRTT = 4,
}
export function encryptionLevelName(l: EncryptionLevel): string {
  return ['', 'Initial', 'Handshake', '0-RTT', '1-RTT'][l]!;
}

/** Packet number spaces (RFC 9000 §12.3); 0-RTT and 1-RTT share the application space. */
export enum packetNumberSpace {
  Initial = 0,
  Handshake = 1,
  Application = 2,
}
export function spaceOf(level: EncryptionLevel): packetNumberSpace {
  switch (level) {
    case EncryptionLevel.Initial:
      return packetNumberSpace.Initial;
    case EncryptionLevel.Handshake:
      return packetNumberSpace.Handshake;
    default:
      return packetNumberSpace.Application;
  }
}

/** Long-header packet types (RFC 9000 §17.2), independent of the version's wire encoding. */
export enum PacketType {
  Initial = 1,
  Retry = 2,
  Handshake = 3,
  ZeroRTT = 4,
}

/** A connection ID is 0 to 20 bytes (RFC 9000 §17.2). */
export type ConnectionID = Uint8Array;
export const MaxConnIDLen = 20;

export function connIDToHex(id: ConnectionID): string {
  return bytesToHex(id);
}
export function connIDEqual(a: ConnectionID, b: ConnectionID): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A 16-byte stateless reset token (RFC 9000 §10.3). */
export type StatelessResetToken = Uint8Array;

/** ECN codepoints from the IP header. */
export enum ECN {
  NotECT = 0,
  ECT1 = 1,
  ECT0 = 2,
  CE = 3,
}

// Sizes (quic-go protocol.go).
/** The largest datagram we read: 1500 minus IPv6 and UDP headers. */
export const MaxPacketBufferSize = 1452;
/** A client's Initial datagram must be padded to at least this size (RFC 9000 §14.1). */
export const MinInitialPacketSize = 1200;
/** A packet of an unknown version must be this large to trigger Version Negotiation (RFC 9000 §6). */
export const MinUnknownVersionPacketSize = MinInitialPacketSize;
/** The smallest stateless reset we send (RFC 9000 §10.3). */
export const MinStatelessResetSize = 1 /* first byte */ + 20 /* max. conn ID length */ + 4 /* max. packet number length */ + 1 /* min. payload length */ + 16; /* token */
/** A client-chosen Initial DCID must be at least 8 bytes (RFC 9000 §7.2). */
export const MinConnectionIDLenInitial = 8;
/** Largest value of a varint-encoded count or offset (RFC 9000 §16). */
export const MaxByteCount = 2 ** 62 - 1;
/** Buffers for GSO batches (protocol.go:114). */
export const MaxLargePacketBufferSize = 20 * 1024;
/** Default ack_delay_exponent (RFC 9000 §18.2). */
export const DefaultAckDelayExponent = 3;
/** Default active_connection_id_limit (RFC 9000 §18.2). */
export const DefaultActiveConnectionIDLimit = 2;
/** Largest allowed ack_delay_exponent (RFC 9000 §18.2). */
export const MaxAckDelayExponent = 20;
/** Default max_ack_delay, 25 ms (RFC 9000 §18.2). */
export const DefaultMaxAckDelay = 25;
/** max_ack_delay must be below 2^14 ms (RFC 9000 §18.2). */
export const MaxMaxAckDelay = (1 << 14) - 1;
/** The smallest max_udp_payload_size a peer may announce (RFC 9000 §18.2). */
export const MinMaxUDPPayloadSize = 1200;
/** The largest max_udp_payload_size a peer may announce: 65535 minus the UDP header (RFC 9000 §18.2). */
export const MaxMaxUDPPayloadSize = 65527;
/** Packets that fail to decrypt before the AEAD integrity limit is reached (RFC 9001 §6.6). */
export const InvalidPacketLimitAES = 2 ** 52;
export const InvalidPacketLimitChaCha = 2 ** 36;
