import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePacketNumber, packetNumberLengthForHeader, type PacketNumberLen } from '../../../src/internal/protocol/packet_number.ts';
import { InvalidPacketNumber } from '../../../src/internal/protocol/protocol.ts';

describe('decodePacketNumber (RFC 9000 Appendix A.3)', () => {
  it('reproduces the RFC example: largest 0xa82f30ea, 16-bit 0x9b32 decodes as 0xa82f9b32', () => {
    expect(decodePacketNumber(2, 0xa82f30ea, 0x9b32)).toBe(0xa82f9b32);
  });

  it('picks the candidate on the right side of a window boundary', () => {
    // 1-byte window of 256 around 0x1f1 (expected): 0x05 is 0x205 (ahead), 0xf0 is 0x1f0 (behind).
    expect(decodePacketNumber(1, 0x1f0, 0x05)).toBe(0x205);
    expect(decodePacketNumber(1, 0x205, 0xf0)).toBe(0x1f0);
    // No negative packet numbers early in a connection, none above 2^62 - 1 at the end.
    expect(decodePacketNumber(1, 0, 0xff)).toBe(0xff);
    expect(decodePacketNumber(4, 0, 0xffffffff)).toBe(0xffffffff);
  });

  it('restores every packet number within half a window of the next expected one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<PacketNumberLen>(1, 2, 3, 4),
        fc.integer({ min: 0, max: 2 ** 48 }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (len, largest, frac) => {
          const win = 2 ** (8 * len);
          const pn = largest + 1 + Math.trunc(frac * win);
          // RFC 9000 A.3 decodes into (expected - hwin, expected + hwin]: the lower bound is excluded.
          fc.pre(pn >= 0 && pn - (largest + 1) <= win / 2 && largest + 1 - pn < win / 2);
          expect(decodePacketNumber(len, largest, pn % win)).toBe(pn);
        },
      ),
    );
  });
});

describe('packetNumberLengthForHeader (RFC 9000 Appendix A.2)', () => {
  it('reproduces the RFC examples', () => {
    // Acknowledged 0xabe8b3, sending 0xac5c02: 29,519 outstanding, so 16 bits.
    expect(packetNumberLengthForHeader(0xac5c02, 0xabe8b3)).toBe(2);
    // Sending 0xace8fe: twice the range needs 18 bits, so the 24-bit encoding.
    expect(packetNumberLengthForHeader(0xace8fe, 0xabe8b3)).toBe(3);
  });

  it('never uses 1 byte (quic-go), and counts from -1 before any acknowledgment', () => {
    expect(packetNumberLengthForHeader(0, InvalidPacketNumber)).toBe(2);
    expect(packetNumberLengthForHeader(2 ** 15 - 2, InvalidPacketNumber)).toBe(2);
    expect(packetNumberLengthForHeader(2 ** 15 - 1, InvalidPacketNumber)).toBe(3);
    expect(packetNumberLengthForHeader(2 ** 23 + 99, 100)).toBe(3);
    expect(packetNumberLengthForHeader(2 ** 23 + 100, 100)).toBe(4);
  });

  it('chooses a length the receiver decodes correctly, if it has seen the largest acknowledged packet', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 }), fc.integer({ min: 1, max: 2 ** 30 }), (largestAcked, ahead) => {
        const pn = largestAcked + ahead;
        const len = packetNumberLengthForHeader(pn, largestAcked);
        expect(decodePacketNumber(len, largestAcked, pn % 2 ** (8 * len))).toBe(pn);
      }),
    );
  });
});
