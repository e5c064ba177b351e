// Packet number encoding on the wire (quic-go internal/protocol/packet_number.go; RFC 9000 §17.1,
// Appendix A.2 and A.3). A packet carries only the low 1 to 4 bytes of its 62-bit packet number;
// the receiver restores the rest from the largest packet number it has authenticated so far.
import type { PacketNumber } from './protocol.ts';
import { InvalidPacketNumber } from './protocol.ts';

/** How many bytes of the packet number a header carries. */
export type PacketNumberLen = 1 | 2 | 3 | 4;

/**
 * Restores a full packet number from its truncated wire form (RFC 9000 Appendix A.3): the
 * candidate nearest to `largest + 1` whose low `length` bytes equal `truncated`.
 * Arithmetic instead of the RFC's `&`/`|`, because JavaScript's bit operators stop at 32 bits.
 */
export function decodePacketNumber(length: PacketNumberLen, largest: PacketNumber, truncated: PacketNumber): PacketNumber {
  const expected = largest + 1;
  const win = 2 ** (8 * length);
  const hwin = win / 2;
  // (expected & ~mask) | truncated
  const candidate = expected - (expected % win) + truncated;
  if (candidate <= expected - hwin && candidate < 2 ** 62 - win) return candidate + win;
  if (candidate > expected + hwin && candidate >= win) return candidate - win;
  return candidate;
}

/**
 * Chooses how many bytes to send (RFC 9000 §17.1, Appendix A.2): enough to represent more than
 * twice the number of packets the peer has not yet acknowledged. Like quic-go, never 1 byte.
 */
export function packetNumberLengthForHeader(pn: PacketNumber, largestAcked: PacketNumber): PacketNumberLen {
  const numUnacked = largestAcked === InvalidPacketNumber ? pn + 1 : pn - largestAcked;
  if (numUnacked < 2 ** 15) return 2;
  if (numUnacked < 2 ** 23) return 3;
  return 4;
}
