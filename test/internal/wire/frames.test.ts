import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaxAckFrameSize } from '../../../src/internal/protocol/params.ts';
import { EncryptionLevel } from '../../../src/internal/protocol/protocol.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import { acksPacket, largestAcked, lowestAcked } from '../../../src/internal/wire/ack_frame.ts';
import { cryptoFrameMaxDataLen, maybeSplitOffCryptoFrame } from '../../../src/internal/wire/crypto_frame.ts';
import { datagramFrameMaxDataLen } from '../../../src/internal/wire/datagram_frame.ts';
import type { AckFrame, CryptoFrame, DatagramFrame, Frame, StreamFrame } from '../../../src/internal/wire/frame.ts';
import { isAllowedAtEncLevel, parseNextFrame } from '../../../src/internal/wire/frame_parser.ts';
import { appendFrame, frameLength } from '../../../src/internal/wire/frame_writer.ts';
import { maybeSplitOffStreamFrame, streamFrameMaxDataLen } from '../../../src/internal/wire/stream_frame.ts';
import { Reader, Writer } from '../../../src/internal/wire/varint.ts';
import { arbFrame, arbMidPacketFrame, frameArbs } from './arbitraries.ts';
import { hex, toHex, transportErrorOf } from './helpers.ts';

const { Initial, Handshake, ZeroRTT, OneRTT } = EncryptionLevel;

function parseAll(payload: Uint8Array, level: EncryptionLevel = OneRTT, ackDelayExponent = 3): Frame[] {
  const r = new Reader(payload);
  const frames: Frame[] = [];
  for (let f = parseNextFrame(r, level, ackDelayExponent, true); f; f = parseNextFrame(r, level, ackDelayExponent, true)) frames.push(f);
  return frames;
}

function encode(f: Frame, ackDelayExponent?: number): Uint8Array {
  const w = new Writer();
  appendFrame(w, f, ackDelayExponent);
  return w.bytes();
}

describe('frames from the RFC 9001 Appendix A packets', () => {
  it('A.2: the client Initial payload is one CRYPTO frame with the 241-byte ClientHello, then PADDING', () => {
    const crypto = hex(`060040f1010000ed0303ebf8fa56f129 39b9584a3896472ec40bb863cfd3e868 04fe3a47f06a2b69484c000004130113
      02010000c000000010000e00000b6578 616d706c652e636f6dff01000100000a 00080006001d00170018001000070005
      04616c706e0005000501000000000033 00260024001d00209370b2c9caa47fba baf4559fedba753de171fa71f50f1ce1
      5d43e994ec74d748002b000302030400 0d0010000e0403050306030203080408 050806002d00020101001c0002400100
      3900320408ffffffffffffffff050480 00ffff07048000ffff08011001048000 75300901100f088394c8f03e51570806 048000ffff`);
    // "The client sends ... a CRYPTO frame ... followed by enough PADDING frames" to make 1162 bytes.
    const payload = new Uint8Array(1162);
    payload.set(crypto);
    const frames = parseAll(payload, Initial);
    expect(frames).toHaveLength(2);
    const [c, padding] = frames as [CryptoFrame, Frame];
    expect(c.type).toBe('crypto');
    expect(c.offset).toBe(0);
    expect(c.data.length).toBe(241);
    expect(toHex(c.data.subarray(0, 4))).toBe('010000ed'); // ClientHello, 237 bytes
    expect(padding).toEqual({ type: 'padding', length: 1162 - 245 });
    expect(toHex(encode(c))).toBe(toHex(crypto));
  });

  it('A.3: the server Initial payload is an ACK of packet 0 and a CRYPTO frame with the ServerHello', () => {
    const payload = hex(`02000000000600405a020000560303ee fce7f7b37ba1d1632e96677825ddf739 88cfc79825df566dc5430b9a045a1200
      130100002e00330024001d00209d3c94 0d89690b84d08a60993c144eca684d10 81287c834d5311bcf32bb9da1a002b00 020304`);
    const [ack, crypto] = parseAll(payload, Initial) as [AckFrame, CryptoFrame];
    expect(ack).toEqual({ type: 'ack', ackRanges: [{ smallest: 0, largest: 0 }], delayTime: 0 });
    expect(crypto.offset).toBe(0);
    expect(crypto.data.length).toBe(90);
    expect(toHex(Buffer.concat([encode(ack), encode(crypto)]))).toBe(toHex(payload));
  });

  it('A.5: the ChaCha20 short header packet carries a single PING', () => {
    expect(parseAll(hex('01'))).toEqual([{ type: 'ping' }]);
  });
});

describe('ACK frames (RFC 9000 §19.3)', () => {
  // Largest 10, delay 100 units, 1 more range; first range 2 → 8–10; gap 1 → next largest 5; length 1 → 4–5.
  const ackBytes = '020a40640102' + '0101';

  it('decodes ranges downwards from the largest acknowledged', () => {
    const [ack] = parseAll(hex(ackBytes)) as [AckFrame];
    expect(ack.ackRanges).toEqual([
      { smallest: 8, largest: 10 },
      { smallest: 4, largest: 5 },
    ]);
    expect(largestAcked(ack)).toBe(10);
    expect(lowestAcked(ack)).toBe(4);
    expect([3, 4, 5, 6, 7, 8, 10, 11].map((pn) => acksPacket(ack, pn))).toEqual([false, true, true, false, false, true, true, false]);
  });

  it('scales the delay by 2^ack_delay_exponent µs, in 1-RTT only; Initial and Handshake use 3', () => {
    expect((parseAll(hex(ackBytes), OneRTT, 10)[0] as AckFrame).delayTime).toBe(102.4);
    expect((parseAll(hex(ackBytes), OneRTT, 0)[0] as AckFrame).delayTime).toBe(0.1);
    expect((parseAll(hex(ackBytes), Handshake, 10)[0] as AckFrame).delayTime).toBe(0.8);
    expect((parseAll(hex(ackBytes), Initial, 10)[0] as AckFrame).delayTime).toBe(0.8);
  });

  it('reads ECN counts from type 0x03 and writes 0x03 when counts are present', () => {
    const [ack] = parseAll(hex('0305000000' + '010203')) as [AckFrame];
    expect(ack.ecn).toEqual({ ect0: 1, ect1: 2, ce: 3 });
    expect(toHex(encode(ack))).toBe('0305000000010203');
  });

  it.each([
    ['first range larger than the largest acknowledged', '020300' + '00' + '04'],
    ['a gap that goes below packet 0', '020a0001' + '02' + '07' + '00'],
    ['a range that goes below packet 0', '020a0001' + '02' + '01' + '06'],
  ])('rejects %s with FRAME_ENCODING_ERROR', (_, bytes) => {
    const err = transportErrorOf(() => parseAll(hex(bytes)));
    expect(err.errorCode).toBe(TransportErrorCode.FrameEncodingError);
    expect(err.frameType).toBe(0x02);
  });

  it('accepts ranges down to packet 0 exactly', () => {
    expect((parseAll(hex('020a0001' + '02' + '06' + '00'))[0] as AckFrame).ackRanges).toEqual([
      { smallest: 8, largest: 10 },
      { smallest: 0, largest: 0 },
    ]);
  });

  it('drops the oldest ranges beyond MaxAckFrameSize bytes', () => {
    const ackRanges = Array.from({ length: 300 }, (_, i) => {
      const largest = 2 ** 40 - i * 2 ** 20;
      return { smallest: largest - 2 ** 14, largest };
    });
    const f: AckFrame = { type: 'ack', ackRanges, delayTime: 0 };
    const bytes = encode(f);
    expect(bytes.length).toBe(frameLength(f));
    expect(bytes.length).toBeLessThanOrEqual(MaxAckFrameSize);
    const parsed = parseAll(bytes)[0] as AckFrame;
    expect(parsed.ackRanges.length).toBeLessThan(300);
    expect(parsed.ackRanges).toEqual(ackRanges.slice(0, parsed.ackRanges.length));
  });
});

describe('frame validation', () => {
  it('rejects unknown frame types with FRAME_ENCODING_ERROR naming the type', () => {
    for (const typ of ['1f', '21', '4020']) {
      const err = transportErrorOf(() => parseAll(hex(typ)));
      expect(err.errorCode).toBe(TransportErrorCode.FrameEncodingError);
      expect(err.frameType).toBe(new Reader(hex(typ)).readVarint());
    }
  });

  it('rejects DATAGRAM frames unless we announced support (RFC 9221 §3)', () => {
    const err = transportErrorOf(() => parseNextFrame(new Reader(hex('3100')), OneRTT, 3));
    expect(err.errorCode).toBe(TransportErrorCode.ProtocolViolation);
    expect(parseNextFrame(new Reader(hex('3100')), OneRTT, 3, true)).toEqual({ type: 'datagram', data: new Uint8Array(0), dataLenPresent: true });
  });

  it.each([
    ['a truncated STREAM Length', '0e0400' + '05aabb', 0x0e],
    ['STREAM data beyond 2^62-1', '0c00' + 'ffffffffffffffff' + 'aa', 0x0c],
    ['CRYPTO data beyond 2^62-1', '06' + 'ffffffffffffffff' + '01aa', 0x06],
    // 2^60 + 512: the next value above 2^60 that a double represents exactly
    ['MAX_STREAMS above 2^60', '12' + 'd000000000000200', 0x12],
    ['STREAMS_BLOCKED above 2^60', '17' + 'd000000000000200', 0x17],
    ['NEW_CONNECTION_ID with Retire Prior To above its Sequence Number', '180102' + '04aabbccdd' + '00'.repeat(16), 0x18],
    ['NEW_CONNECTION_ID with an empty connection ID', '180100' + '00' + '00'.repeat(16), 0x18],
    ['NEW_CONNECTION_ID with a 21-byte connection ID', '180100' + '15' + '00'.repeat(21 + 16), 0x18],
    ['an empty NEW_TOKEN', '0700', 0x07],
    ['a short PATH_CHALLENGE', '1a01020304', 0x1a],
    ['a CONNECTION_CLOSE whose reason runs past the end', '1c00000561', 0x1c],
  ])('rejects %s with FRAME_ENCODING_ERROR', (_, bytes, frameType) => {
    const err = transportErrorOf(() => parseAll(hex(bytes)));
    expect(err.errorCode).toBe(TransportErrorCode.FrameEncodingError);
    expect(err.frameType).toBe(frameType);
  });

  // RFC 9000 §12.4 Table 3 (with §12.5 for 0-RTT): an endpoint MUST treat a frame in a packet type
  // that does not permit it as PROTOCOL_VIOLATION.
  it.each([
    ['STREAM', '0800' + '01', Initial],
    ['STREAM', '0800' + '01', Handshake],
    ['HANDSHAKE_DONE', '1e', Handshake],
    ['HANDSHAKE_DONE', '1e', ZeroRTT],
    ['CRYPTO', '060000', ZeroRTT],
    ['ACK', '0200000000', ZeroRTT],
    ['NEW_TOKEN', '070161', ZeroRTT],
    ['PATH_RESPONSE', '1b' + '00'.repeat(8), ZeroRTT],
    ['RETIRE_CONNECTION_ID', '1900', ZeroRTT],
    ['CONNECTION_CLOSE 0x1d', '1d0000', Initial],
    ['CONNECTION_CLOSE 0x1d', '1d0000', Handshake],
    ['MAX_DATA', '1000', Initial],
  ])('rejects %s in a %s-level packet with PROTOCOL_VIOLATION', (_, bytes, level) => {
    const err = transportErrorOf(() => parseAll(hex(bytes), level));
    expect(err.errorCode).toBe(TransportErrorCode.ProtocolViolation);
    expect(err.frameType).toBe(hex(bytes)[0]);
  });

  it.each([
    ['PING', '01', [Initial, Handshake, ZeroRTT, OneRTT]],
    ['PADDING', '00', [Initial, Handshake, ZeroRTT, OneRTT]],
    ['CONNECTION_CLOSE 0x1c', '1c000000', [Initial, Handshake, ZeroRTT, OneRTT]],
    ['ACK', '0200000000', [Initial, Handshake, OneRTT]],
    ['CRYPTO', '060000', [Initial, Handshake, OneRTT]],
    ['STREAM', '080001', [ZeroRTT, OneRTT]],
    ['RESET_STREAM', '04000000', [ZeroRTT, OneRTT]],
    ['NEW_TOKEN', '070161', [OneRTT]],
  ])('accepts %s where Table 3 permits it', (_, bytes, levels) => {
    for (const level of levels) expect(parseAll(hex(bytes), level)).toHaveLength(1);
  });

  it('every frame is allowed in 1-RTT packets', () => {
    fc.assert(fc.property(arbFrame, (f) => isAllowedAtEncLevel(f, OneRTT)));
  });
});

describe('round trips (property)', () => {
  it.each(Object.keys(frameArbs))('%s: parse(append(f)) equals f and frameLength is exact', (type) => {
    const arb = frameArbs[type as Frame['type']] as fc.Arbitrary<Frame>;
    fc.assert(
      fc.property(arb, (f) => {
        const bytes = encode(f);
        expect(frameLength(f)).toBe(bytes.length);
        expect(parseAll(bytes)).toEqual([f]);
      }),
      { numRuns: 200 },
    );
  });

  it('a sequence of frames in one payload parses back in order', () => {
    fc.assert(
      fc.property(fc.array(arbMidPacketFrame, { maxLength: 8 }), arbFrame, (frames, last) => {
        const w = new Writer();
        for (const f of [...frames, last]) appendFrame(w, f);
        expect(parseAll(w.bytes())).toEqual([...frames, last]);
      }),
    );
  });

  it('ACK delays round-trip with any ack_delay_exponent', () => {
    fc.assert(
      fc.property(frameArbs.ack, fc.integer({ min: 0, max: 20 }), fc.nat({ max: 2 ** 20 }), (f, exp, units) => {
        const ack = { ...f, delayTime: (units * 2 ** exp) / 1000 };
        expect((parseAll(encode(ack, exp), OneRTT, exp)[0] as AckFrame).delayTime).toBe(ack.delayTime);
      }),
    );
  });
});

describe('fitting STREAM, CRYPTO and DATAGRAM frames into a packet', () => {
  const arbStream = fc.record({
    streamID: fc.nat({ max: 2 ** 40 }),
    offset: fc.nat({ max: 2 ** 40 }),
    dataLen: fc.nat({ max: 20000 }),
    dataLenPresent: fc.boolean(),
    fin: fc.boolean(),
  }).map(({ dataLen, ...f }): StreamFrame => ({ type: 'stream', ...f, fin: f.fin || dataLen === 0, data: new Uint8Array(dataLen).map((_, i) => i) }));

  it('streamFrameMaxDataLen is the largest amount that fits in maxSize', () => {
    fc.assert(
      fc.property(arbStream, fc.nat({ max: 20000 }), (f, maxSize) => {
        const n = streamFrameMaxDataLen(f, maxSize);
        const sized = (len: number): StreamFrame => ({ ...f, data: new Uint8Array(len), fin: true });
        if (n > 0) expect(frameLength(sized(n))).toBeLessThanOrEqual(maxSize);
        expect(frameLength(sized(n + 1))).toBeGreaterThan(maxSize);
      }),
    );
  });

  it('cryptoFrameMaxDataLen and datagramFrameMaxDataLen are exact too', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.boolean(), fc.nat({ max: 20000 }), (offset, dataLenPresent, maxSize) => {
        const crypto = (len: number): CryptoFrame => ({ type: 'crypto', offset, data: new Uint8Array(len) });
        const n = cryptoFrameMaxDataLen(crypto(0), maxSize);
        if (n > 0) expect(frameLength(crypto(n))).toBeLessThanOrEqual(maxSize);
        expect(frameLength(crypto(n + 1))).toBeGreaterThan(maxSize);
        const datagram = (len: number): DatagramFrame => ({ type: 'datagram', data: new Uint8Array(len), dataLenPresent });
        const m = datagramFrameMaxDataLen(datagram(0), maxSize);
        if (m > 0) expect(frameLength(datagram(m))).toBeLessThanOrEqual(maxSize);
        expect(frameLength(datagram(m + 1))).toBeGreaterThan(maxSize);
      }),
    );
  });

  it('splitting a STREAM frame yields frames within maxSize that together carry the same data, FIN only at the end', () => {
    fc.assert(
      fc.property(arbStream, fc.integer({ min: 16, max: 1500 }), (original, maxSize) => {
        const rest: StreamFrame = { ...original };
        const pieces: StreamFrame[] = [];
        for (;;) {
          const { frame, split } = maybeSplitOffStreamFrame(rest, maxSize);
          if (!split) {
            pieces.push(rest);
            break;
          }
          if (!frame) return; // not even one byte fits: the packer must start a new packet
          pieces.push(frame);
        }
        expect(pieces.every((p) => frameLength(p) <= maxSize)).toBe(true);
        expect(pieces.slice(0, -1).every((p) => !p.fin)).toBe(true);
        expect(pieces.at(-1)!.fin).toBe(original.fin);
        expect(Buffer.concat(pieces.map((p) => p.data)).equals(original.data)).toBe(true);
        let offset = original.offset;
        for (const p of pieces) {
          expect(p.offset).toBe(offset);
          offset += p.data.length;
        }
      }),
    );
  });

  it('splitting a CRYPTO frame keeps offsets contiguous', () => {
    const f: CryptoFrame = { type: 'crypto', offset: 100, data: new Uint8Array(3000).map((_, i) => i) };
    const head = maybeSplitOffCryptoFrame(f, 1200);
    expect(head.split).toBe(true);
    expect(frameLength(head.frame!)).toBe(1200);
    expect(head.frame!.offset).toBe(100);
    expect(f.offset).toBe(100 + head.frame!.data.length);
    expect(head.frame!.data.length + f.data.length).toBe(3000);
    expect(maybeSplitOffCryptoFrame(f, 5000)).toEqual({ frame: undefined, split: false });
    expect(maybeSplitOffCryptoFrame(f, 3)).toEqual({ frame: undefined, split: true });
  });
});
