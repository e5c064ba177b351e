// Random and mutated input for every parser: the only error a peer can provoke is a
// TransportError, and whatever parses contains no undefined or NaN (which an out-of-bounds read
// of a Uint8Array would produce). 105,000 inputs in all. Valid encodings are sampled once and
// then mutated, which keeps each run cheap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EncryptionLevel, PacketType, Perspective } from '../../../src/internal/protocol/protocol.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';
import { appendLongHeader, parseExtendedHeader } from '../../../src/internal/wire/extended_header.ts';
import type { Frame } from '../../../src/internal/wire/frame.ts';
import { parseNextFrame } from '../../../src/internal/wire/frame_parser.ts';
import { appendFrame } from '../../../src/internal/wire/frame_writer.ts';
import {
  is0RTTPacket,
  isVersionNegotiationPacket,
  parseArbitraryLenConnectionIDs,
  parseConnectionID,
  parsePacket,
  parseVersion,
} from '../../../src/internal/wire/header.ts';
import { appendShortHeader, parseShortHeader } from '../../../src/internal/wire/short_header.ts';
import { unmarshalTransportParameters } from '../../../src/internal/wire/transport_parameters.ts';
import { Reader, Writer } from '../../../src/internal/wire/varint.ts';
import { composeVersionNegotiation, parseVersionNegotiationPacket } from '../../../src/internal/wire/version_negotiation.ts';
import { arbFrame, arbLongHeader, arbMidPacketFrame } from './arbitraries.ts';
import { hex } from './helpers.ts';

/** A fixed seed: the accepted/rejected shares below are checked on the same inputs every run, and a failure replays. */
const seed = 0x5eed;

/** Fails on anything undefined or NaN inside a parse result. */
function expectWellFormed(value: unknown, path = 'result'): void {
  if (value === undefined || Number.isNaN(value)) throw new Error(`${path} is ${value}`);
  if (value instanceof Uint8Array || typeof value !== 'object' || value === null) return;
  for (const [k, v] of Object.entries(value)) expectWellFormed(v, `${path}.${k}`);
}

/** Counts how many inputs a parser accepted, to show the fuzzing reaches both outcomes. */
class Outcomes {
  accepted = 0;
  rejected = 0;

  /** Runs a parser: it must return something well-formed or throw a TransportError. */
  run(parse: () => unknown): void {
    let result: unknown;
    try {
      result = parse();
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      this.rejected++;
      return;
    }
    expectWellFormed(result);
    this.accepted++;
  }

  expectBoth(): void {
    const total = this.accepted + this.rejected;
    expect(this.accepted).toBeGreaterThan(total / 20);
    expect(this.rejected).toBeGreaterThan(total / 20);
  }
}

/** Valid encodings with a few bytes overwritten and maybe cut short, or plain random bytes. */
function fuzzed(validArb: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const samples = fc.sample(validArb, { numRuns: 500, seed });
  const valid = fc.nat({ max: samples.length - 1 }).map((i) => samples[i]);
  const mutated = fc
    .tuple(valid, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 4 }), fc.option(fc.nat(), { nil: undefined }))
    .map(([bytes, writes, cut]) => {
      const b = bytes.slice();
      if (b.length > 0) for (const [i, v] of writes) b[i % b.length] = v;
      return cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
    });
  return fc.oneof({ arbitrary: valid, weight: 1 }, { arbitrary: mutated, weight: 4 }, { arbitrary: fc.uint8Array({ maxLength: 80 }), weight: 1 });
}

const longHeaderPackets = fc.tuple(arbLongHeader, fc.array(arbLongHeader, { maxLength: 1 })).map((headers) => {
  const w = new Writer();
  for (const h of headers.flat()) {
    appendLongHeader(w, h);
    // A Retry ends with its 16-byte integrity tag; the others carry Length - pnLen payload bytes.
    w.writeBytes(new Uint8Array(h.type === PacketType.Retry ? 16 : h.length - h.packetNumberLen).fill(0x5a));
  }
  return w.bytes();
});

const shortHeaderPackets = fc
  .tuple(fc.uint8Array({ maxLength: 20 }), fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const), fc.maxSafeNat(), fc.constantFrom(0 as const, 1 as const))
  .map(([connID, pnLen, pn, kp]) => {
    const w = new Writer();
    appendShortHeader(w, connID, pn, pnLen, kp);
    return w.bytes();
  });

const vnPackets = fc
  .tuple(fc.uint8Array({ maxLength: 30 }), fc.uint8Array({ maxLength: 30 }), fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 4 }))
  .map(([d, s, versions]) => composeVersionNegotiation(d, s, versions));

const framePayloads = fc.tuple(fc.array(arbMidPacketFrame, { maxLength: 4 }), arbFrame).map(([frames, last]) => {
  const w = new Writer();
  for (const f of [...frames, last] as Frame[]) appendFrame(w, f);
  return w.bytes();
});

// The RFC 9001 A.2 client parameters, plus random (id, value) entries around known IDs.
const rfcClientParams = hex('0408ffffffffffffffff05048000ffff07048000ffff0801100104800075300901100f088394c8f03e51570806048000ffff');
const transportParams = fc.oneof(
  fc.constant(rfcClientParams),
  fc.array(fc.tuple(fc.oneof(fc.nat({ max: 0x21 }), fc.nat()), fc.uint8Array({ maxLength: 24 })), { maxLength: 8 }).map((entries) => {
    const w = new Writer();
    for (const [id, value] of entries) {
      w.writeVarint(id);
      w.writeVarint(value.length);
      w.writeBytes(value);
    }
    return w.bytes();
  }),
);

const levels = fc.constantFrom(EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.ZeroRTT, EncryptionLevel.OneRTT);

describe('fuzzing every parser: only TransportErrors, never an out-of-bounds read', () => {
  it('parsePacket and parseExtendedHeader (20,000 inputs)', () => {
    const outcomes = new Outcomes();
    fc.assert(
      fc.property(fuzzed(longHeaderPackets), (data) => {
        outcomes.run(() => {
          const { hdr, packetData, rest } = parsePacket(data);
          return { hdr, rest, ext: parseExtendedHeader(hdr, packetData) };
        });
      }),
      { numRuns: 20_000, seed },
    );
    outcomes.expectBoth();
  });

  it('the invariant-header helpers (10,000 inputs)', () => {
    const outcomes = new Outcomes();
    fc.assert(
      fc.property(fuzzed(fc.oneof(longHeaderPackets, shortHeaderPackets, vnPackets)), fc.nat({ max: 20 }), (data, connIDLen) => {
        outcomes.run(() => parseConnectionID(data, connIDLen));
        outcomes.run(() => parseVersion(data));
        outcomes.run(() => parseArbitraryLenConnectionIDs(data));
        outcomes.run(() => isVersionNegotiationPacket(data));
        outcomes.run(() => is0RTTPacket(data));
      }),
      { numRuns: 10_000, seed },
    );
    outcomes.expectBoth();
  });

  it('parseShortHeader (10,000 inputs)', () => {
    const outcomes = new Outcomes();
    fc.assert(
      fc.property(fuzzed(shortHeaderPackets), fc.nat({ max: 20 }), (data, connIDLen) => {
        outcomes.run(() => parseShortHeader(data, connIDLen));
      }),
      { numRuns: 10_000, seed },
    );
    outcomes.expectBoth();
  });

  it('parseVersionNegotiationPacket (10,000 inputs)', () => {
    const outcomes = new Outcomes();
    fc.assert(
      fc.property(fuzzed(vnPackets), (data) => {
        outcomes.run(() => parseVersionNegotiationPacket(data));
      }),
      { numRuns: 10_000, seed },
    );
    outcomes.expectBoth();
  });

  it('parseNextFrame over whole payloads, at every encryption level (40,000 inputs)', () => {
    const outcomes = new Outcomes();
    fc.assert(
      fc.property(fuzzed(framePayloads), levels, fc.nat({ max: 20 }), fc.boolean(), (data, level, exponent, datagrams) => {
        outcomes.run(() => {
          const r = new Reader(data);
          const frames: Frame[] = [];
          for (let f = parseNextFrame(r, level, exponent, datagrams); f; f = parseNextFrame(r, level, exponent, datagrams)) frames.push(f);
          expect(r.remaining).toBe(0);
          return frames;
        });
      }),
      { numRuns: 40_000, seed },
    );
    outcomes.expectBoth();
  });

  it('unmarshalTransportParameters (15,000 inputs)', () => {
    const outcomes = new Outcomes();
    fc.assert(
      fc.property(fuzzed(transportParams), fc.constantFrom(Perspective.Client, Perspective.Server), (data, sentBy) => {
        outcomes.run(() => unmarshalTransportParameters(data, sentBy));
      }),
      { numRuns: 15_000, seed },
    );
    outcomes.expectBoth();
  });
});
