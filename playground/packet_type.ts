// What a datagram carries, as the playground labels it: the type of each coalesced packet
// (RFC 9000 §12.2) and the connection IDs of its first long header, read with the wire package's
// own parsers. Nothing is decrypted: only the header fields that travel in the clear.
import { Version1, Version2 } from '../src/index.ts';
import { connIDToHex, PacketType } from '../src/internal/protocol/protocol.ts';
import { isLongHeaderPacket, isVersionNegotiationPacket, packetTypeFromFirstByte, parsePacket, parseVersion } from '../src/internal/wire/header.ts';

export interface DatagramInfo {
  /** 'Initial', 'Initial+Handshake', '1-RTT', 'Retry', 'Version Negotiation', … */
  type: string;
  /** The first long header's connection IDs (hex), if it has one. */
  dcid?: string;
  scid?: string;
  version?: number;
}

const names: Record<number, string> = {
  [PacketType.Initial]: 'Initial',
  [PacketType.ZeroRTT]: '0-RTT',
  [PacketType.Handshake]: 'Handshake',
  [PacketType.Retry]: 'Retry',
};

/** Labels a datagram without decrypting it; a datagram that does not parse is 'not QUIC'. */
export function describeDatagram(data: Uint8Array): DatagramInfo {
  if (data.length === 0) return { type: 'empty' };
  if (!isLongHeaderPacket(data[0]!)) return { type: '1-RTT' };
  if (isVersionNegotiationPacket(data)) return { type: 'Version Negotiation' };
  const types: string[] = [];
  let first: DatagramInfo | undefined;
  let rest = data;
  try {
    while (rest.length > 0 && isLongHeaderPacket(rest[0]!)) {
      const p = parsePacket(rest);
      types.push(names[p.hdr.type] ?? 'long header');
      first ??= { type: '', dcid: connIDToHex(p.hdr.destConnectionID), scid: connIDToHex(p.hdr.srcConnectionID), version: p.hdr.version };
      rest = p.rest;
    }
    if (rest.length > 0) types.push('1-RTT');
  } catch {
    // A header that does not parse (cut short, or a version we do not speak): its first byte and version still tell.
    if (types.length === 0) {
      if (data.length < 5) return { type: 'not QUIC' };
      const version = parseVersion(data);
      const known = version === Version1 || version === Version2;
      return { type: known ? names[packetTypeFromFirstByte(data[0]!, version)]! : `long header (version 0x${version.toString(16)})`, version };
    }
  }
  return { ...first, type: types.join('+') };
}
