// The congestion controller as the sent packet handler sees it (quic-go internal/congestion/interface.go).
// Times are milliseconds from the connection's clock, sizes are bytes.
import type { ByteCount, PacketNumber } from '../protocol/protocol.ts';

export interface SendAlgorithm {
  /** The earliest time the pacer lets the next packet go; 0 if it may go at once. */
  timeUntilSend(bytesInFlight: ByteCount): number;
  /** Whether the pacer has budget for a full-sized packet at `now`. */
  hasPacingBudget(now: number): boolean;
  onPacketSent(sentTime: number, bytesInFlight: ByteCount, packetNumber: PacketNumber, bytes: ByteCount, isRetransmittable: boolean): void;
  /** Whether the congestion window has room (RFC 9002 §7). */
  canSend(bytesInFlight: ByteCount): boolean;
  /** Called after each new RTT sample: may leave slow start early (HyStart). */
  maybeExitSlowStart(): void;
  onPacketAcked(packetNumber: PacketNumber, ackedBytes: ByteCount, priorInFlight: ByteCount, eventTime: number): void;
  /** A packet was declared lost (RFC 9002 §7.3.2). */
  onCongestionEvent(packetNumber: PacketNumber, lostBytes: ByteCount, priorInFlight: ByteCount): void;
  /** Persistent congestion (RFC 9002 §7.6.2) — quic-go keeps TCP's name for it. */
  onRetransmissionTimeout(packetsRetransmitted: boolean): void;
  setMaxDatagramSize(size: ByteCount): void;
}

/** The controller's state, for the handler's decisions, tests and traces. */
export interface SendAlgorithmWithDebugInfos extends SendAlgorithm {
  inSlowStart(): boolean;
  inRecovery(): boolean;
  getCongestionWindow(): ByteCount;
}
