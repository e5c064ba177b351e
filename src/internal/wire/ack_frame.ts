// ACK frames (RFC 9000 §19.3; quic-go: internal/wire/ack_frame.go):
//   Type (0x02 or 0x03 with ECN counts), Largest Acknowledged, ACK Delay, ACK Range Count,
//   First ACK Range, then (Gap, ACK Range Length) pairs, then [ECT0, ECT1, ECN-CE counts].
// Ranges are encoded downwards from the largest packet number (§19.3.1): a range of length L
// covers L+1 packets, and a gap G skips G+1 unacknowledged packets below the previous range.
import { MaxAckFrameSize } from '../protocol/params.ts';
import type { PacketNumber } from '../protocol/protocol.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { FrameType, type AckFrame, type AckRange } from './frame.ts';
import { maxVarint8, varintLen, type ByteSink, type Reader } from './varint.ts';

function invalidAckRanges(): Error {
  return protocolError(TransportErrorCode.FrameEncodingError, 'ACK frame contains invalid ACK ranges');
}

/**
 * Parses an ACK frame after its type byte. `ackDelayExponent` is the sender's (§18.2): the ACK
 * Delay field counts units of 2^exponent microseconds; the frame holds it in milliseconds.
 */
export function parseAckFrame(r: Reader, typ: number, ackDelayExponent: number): AckFrame {
  const largest = r.readVarint();
  const delay = r.readVarint();
  const rangeCount = r.readVarint();
  const firstRange = r.readVarint();
  if (firstRange > largest) throw invalidAckRanges();
  let smallest = largest - firstRange;
  const ackRanges: AckRange[] = [{ smallest, largest }];
  // Each further range lies strictly below the previous one, with at least one packet between,
  // so the smallest packet number can never become negative (§19.3.1).
  for (let i = 0; i < rangeCount; i++) {
    const gap = r.readVarint();
    if (smallest < gap + 2) throw invalidAckRanges();
    const rangeLargest = smallest - gap - 2;
    const rangeLength = r.readVarint();
    if (rangeLength > rangeLargest) throw invalidAckRanges();
    smallest = rangeLargest - rangeLength;
    ackRanges.push({ smallest, largest: rangeLargest });
  }
  const frame: AckFrame = { type: 'ack', ackRanges, delayTime: (delay * 2 ** ackDelayExponent) / 1000 };
  if (typ === FrameType.AckECN) frame.ecn = { ect0: r.readVarint(), ect1: r.readVarint(), ce: r.readVarint() };
  return frame;
}

/** The ACK Delay field for a delay in milliseconds, to the nearest 2^exponent µs. */
function encodeAckDelay(delayTime: number, ackDelayExponent: number): number {
  return Math.min(maxVarint8, Math.max(0, Math.round((delayTime * 1000) / 2 ** ackDelayExponent)));
}

/** The Gap and ACK Range Length fields of range i (for i = 0 only the length is sent). */
function encodeAckRange(ranges: AckRange[], i: number): { gap: number; length: number } {
  const length = ranges[i].largest - ranges[i].smallest;
  return { gap: i === 0 ? 0 : ranges[i - 1].smallest - ranges[i].largest - 2, length };
}

/**
 * How many ranges (from the largest down) fit in MaxAckFrameSize bytes, as quic-go limits them:
 * the oldest ranges are dropped first, which at worst makes the peer retransmit a few packets.
 */
function numEncodableAckRanges(f: AckFrame, ackDelayExponent: number): number {
  let length = 1 + varintLen(largestAcked(f)) + varintLen(encodeAckDelay(f.delayTime, ackDelayExponent));
  length += 2; // assume the range count takes 2 bytes
  length += varintLen(encodeAckRange(f.ackRanges, 0).length);
  for (let i = 1; i < f.ackRanges.length; i++) {
    const { gap, length: rangeLength } = encodeAckRange(f.ackRanges, i);
    length += varintLen(gap) + varintLen(rangeLength);
    if (length > MaxAckFrameSize) return i;
  }
  return f.ackRanges.length;
}

/** Writes an ACK frame; ACK_ECN (0x03) when the frame carries ECN counts. */
export function writeAckFrame(w: ByteSink, f: AckFrame, ackDelayExponent: number): void {
  const numRanges = numEncodableAckRanges(f, ackDelayExponent);
  w.writeUint8(f.ecn ? FrameType.AckECN : FrameType.Ack);
  w.writeVarint(largestAcked(f));
  w.writeVarint(encodeAckDelay(f.delayTime, ackDelayExponent));
  w.writeVarint(numRanges - 1);
  w.writeVarint(encodeAckRange(f.ackRanges, 0).length);
  for (let i = 1; i < numRanges; i++) {
    const { gap, length } = encodeAckRange(f.ackRanges, i);
    w.writeVarint(gap);
    w.writeVarint(length);
  }
  if (f.ecn) {
    w.writeVarint(f.ecn.ect0);
    w.writeVarint(f.ecn.ect1);
    w.writeVarint(f.ecn.ce);
  }
}

/** The largest acknowledged packet number. */
export function largestAcked(f: AckFrame): PacketNumber {
  return f.ackRanges[0].largest;
}

/** The smallest acknowledged packet number. */
export function lowestAcked(f: AckFrame): PacketNumber {
  return f.ackRanges[f.ackRanges.length - 1].smallest;
}

/** Whether the frame acknowledges packet pn. */
export function acksPacket(f: AckFrame, pn: PacketNumber): boolean {
  return f.ackRanges.some((r) => pn >= r.smallest && pn <= r.largest);
}
