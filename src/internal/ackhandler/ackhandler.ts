// Both halves of the ACK machinery for one connection (quic-go internal/ackhandler/ackhandler.go).
// The receive side asks the send side which of our ACKs the peer has seen, and tells it when a
// Handshake packet validates the client's address.
import type { Perspective } from '../protocol/protocol.ts';
import type { RTTStats } from '../utils/rtt_stats.ts';
import { receivedPacketHandler } from './received_packet_handler.ts';
import type { SentPacketHandlerOptions } from './sent_packet_handler.ts';
import { sentPacketHandler } from './sent_packet_handler.ts';

export function newAckHandler(
  perspective: Perspective,
  rttStats: RTTStats,
  opts: SentPacketHandlerOptions = {},
): { sentPacketHandler: sentPacketHandler; receivedPacketHandler: receivedPacketHandler } {
  const sph = new sentPacketHandler(perspective, rttStats, opts);
  return { sentPacketHandler: sph, receivedPacketHandler: new receivedPacketHandler(sph) };
}
