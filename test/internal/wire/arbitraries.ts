// fast-check generators for headers and frames, shared by the round-trip and fuzz tests.
import fc from 'fast-check';
import { PacketType } from '../../../src/internal/protocol/protocol.ts';
import { Version1, Version2 } from '../../../src/internal/protocol/version.ts';
import type { LongHeaderFields } from '../../../src/internal/wire/extended_header.ts';
import type { AckRange, Frame } from '../../../src/internal/wire/frame.ts';

const connID = fc.uint8Array({ maxLength: 20 });
const varint = fc.maxSafeNat(); // exactly representable; larger values are rounded by design
const smallBytes = fc.uint8Array({ maxLength: 40 });

export const arbLongHeader: fc.Arbitrary<LongHeaderFields> = fc
  .record({
    type: fc.constantFrom(PacketType.Initial, PacketType.ZeroRTT, PacketType.Handshake, PacketType.Retry),
    version: fc.constantFrom(Version1, Version2),
    destConnectionID: connID,
    srcConnectionID: connID,
    token: fc.uint8Array({ minLength: 1, maxLength: 30 }),
    packetNumberLen: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
    packetNumber: fc.maxSafeNat(),
    payloadLen: fc.nat({ max: 40 }),
  })
  .map(({ payloadLen, ...h }) => ({ ...h, length: h.packetNumberLen + payloadLen }));

/** Descending, disjoint ACK ranges with at least one missing packet between neighbours. */
const arbAckRanges: fc.Arbitrary<AckRange[]> = fc
  .record({
    lowest: fc.nat({ max: 2 ** 40 }),
    steps: fc.array(fc.record({ gap: fc.nat({ max: 5000 }), len: fc.nat({ max: 5000 }) }), { minLength: 1, maxLength: 20 }),
  })
  .map(({ lowest, steps }) => {
    const ranges: AckRange[] = [];
    let smallest = lowest;
    for (const { gap, len } of steps) {
      ranges.unshift({ smallest, largest: smallest + len });
      smallest += len + gap + 2;
    }
    return ranges;
  });

const frameArbs: { [K in Frame['type']]: fc.Arbitrary<Extract<Frame, { type: K }>> } = {
  padding: fc.record({ type: fc.constant('padding'), length: fc.integer({ min: 1, max: 50 }) }),
  ping: fc.constant({ type: 'ping' }),
  ack: fc
    .record({ ackRanges: arbAckRanges, delayUnits: fc.nat({ max: 2 ** 30 }), ecn: fc.option(fc.record({ ect0: varint, ect1: varint, ce: varint }), { nil: undefined }) })
    // The delay is a whole number of 2^3 µs units, the default exponent used to encode it.
    .map(({ ackRanges, delayUnits, ecn }) => ({ type: 'ack' as const, ackRanges, delayTime: (delayUnits * 8) / 1000, ...(ecn ? { ecn } : {}) })),
  reset_stream: fc.record({ type: fc.constant('reset_stream'), streamID: varint, errorCode: varint, finalSize: varint }),
  stop_sending: fc.record({ type: fc.constant('stop_sending'), streamID: varint, errorCode: varint }),
  crypto: fc.record({ type: fc.constant('crypto'), offset: fc.nat({ max: 2 ** 50 }), data: smallBytes }),
  new_token: fc.record({ type: fc.constant('new_token'), token: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
  stream: fc
    .record({ streamID: varint, offset: fc.nat({ max: 2 ** 50 }), data: smallBytes, fin: fc.boolean(), dataLenPresent: fc.boolean() })
    .map((f) => ({ type: 'stream' as const, ...f, fin: f.fin || f.data.length === 0 })),
  max_data: fc.record({ type: fc.constant('max_data'), maximumData: varint }),
  max_stream_data: fc.record({ type: fc.constant('max_stream_data'), streamID: varint, maximumStreamData: varint }),
  max_streams: fc.record({ type: fc.constant('max_streams'), streamType: fc.constantFrom('bidi' as const, 'uni' as const), maxStreamNum: varint }),
  data_blocked: fc.record({ type: fc.constant('data_blocked'), maximumData: varint }),
  stream_data_blocked: fc.record({ type: fc.constant('stream_data_blocked'), streamID: varint, maximumStreamData: varint }),
  streams_blocked: fc.record({ type: fc.constant('streams_blocked'), streamType: fc.constantFrom('bidi' as const, 'uni' as const), streamLimit: varint }),
  new_connection_id: fc
    .record({ sequenceNumber: varint, retireFraction: fc.double({ min: 0, max: 1, noNaN: true }), connectionID: fc.uint8Array({ minLength: 1, maxLength: 20 }), statelessResetToken: fc.uint8Array({ minLength: 16, maxLength: 16 }) })
    .map(({ retireFraction, ...f }) => ({ type: 'new_connection_id' as const, ...f, retirePriorTo: Math.floor(f.sequenceNumber * retireFraction) })),
  retire_connection_id: fc.record({ type: fc.constant('retire_connection_id'), sequenceNumber: varint }),
  path_challenge: fc.record({ type: fc.constant('path_challenge'), data: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
  path_response: fc.record({ type: fc.constant('path_response'), data: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
  connection_close: fc
    .record({ isApplicationError: fc.boolean(), errorCode: varint, frameType: varint, reasonPhrase: fc.string({ maxLength: 30, unit: 'grapheme' }) })
    .map((f) => ({ type: 'connection_close' as const, ...f, frameType: f.isApplicationError ? 0 : f.frameType })),
  handshake_done: fc.constant({ type: 'handshake_done' }),
  datagram: fc.record({ type: fc.constant('datagram'), data: smallBytes, dataLenPresent: fc.boolean() }),
};

/** Any frame, as the parser returns it. */
export const arbFrame: fc.Arbitrary<Frame> = fc.oneof(...Object.values(frameArbs)) as fc.Arbitrary<Frame>;

/** Frames that can be followed by another frame: no PADDING (runs merge) and every length field present. */
export const arbMidPacketFrame: fc.Arbitrary<Frame> = arbFrame
  .filter((f) => f.type !== 'padding')
  .map((f) => (f.type === 'stream' || f.type === 'datagram' ? { ...f, dataLenPresent: true } : f));

export { frameArbs };
