// A sent packet as the loss detection remembers it (quic-go internal/ackhandler/packet.go).
import type { ByteCount, EncryptionLevel, PacketNumber } from '../protocol/protocol.ts';
import type { Frame, StreamFrame } from './frame.ts';

export interface SentPacket {
  packetNumber: PacketNumber;
  encryptionLevel: EncryptionLevel;
  /** Bytes on the wire, counted in bytes_in_flight while the packet is in flight. */
  length: ByteCount;
  /** Milliseconds, the connection clock's time when the packet was sent. */
  sendTime: number;
  /** The largest packet number acknowledged by an ACK frame in this packet, or InvalidPacketNumber. */
  largestAcked: PacketNumber;
  frames: Frame[];
  streamFrames: StreamFrame[];

  includedInBytesInFlight: boolean;
  /** A packet number we never used (to catch optimistic ACKs); an ACK for it is a protocol violation. */
  skippedPacket: boolean;
  /** A path MTU probe: its loss says nothing about congestion (RFC 9000 §14.4). */
  isPathMTUProbePacket: boolean;
}

/**
 * Outstanding: waiting to be acknowledged or declared lost. A packet declared lost leaves the history,
 * so only a skipped packet number is remembered without being outstanding.
 */
export function isOutstanding(p: SentPacket): boolean {
  return !p.skippedPacket;
}
