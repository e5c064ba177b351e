// The unpacker's errors decide a packet's fate: a header that cannot be read is a headerParseError
// and the packet is dropped (RFC 9000 §12.2, §17.2); only what an authenticated packet says
// (reserved bits, no frames) is a connection error.
import { describe, expect, it } from 'vitest';
import type { LongHeaderOpener, ShortHeaderOpener } from '../src/internal/handshake/aead.ts';
import { newInitialAEAD } from '../src/internal/handshake/initial_aead.ts';
import { Perspective } from '../src/internal/protocol/protocol.ts';
import type { PacketNumberLen } from '../src/internal/protocol/packet_number.ts';
import { Version1 } from '../src/internal/protocol/version.ts';
import { TransportErrorCode } from '../src/internal/qerr/error_codes.ts';
import { TransportError } from '../src/internal/qerr/errors.ts';
import { parsePacket } from '../src/internal/wire/header.ts';
import { ErrKeysNotYetAvailable, headerParseError, packetUnpacker, type openerSource } from '../src/packet_unpacker.ts';
import { sealInitial } from './reliability/fuzz.ts';

const connIDLen = 4;

/** 1-RTT "protection" that changes nothing: the header as written is the header as read. */
const clearOpener: ShortHeaderOpener = {
  decryptHeader: (p) => (((p[0]! & 0b11) + 1) as PacketNumberLen),
  decodePacketNumber: (pn) => pn,
  open: (ciphertext) => ciphertext,
};

function unpacker(oneRTT: ShortHeaderOpener | undefined, initial?: LongHeaderOpener): packetUnpacker {
  const cs: openerSource = {
    getInitialOpener: () => initial,
    getHandshakeOpener: () => undefined,
    get0RTTOpener: () => undefined,
    get1RTTOpener: () => oneRTT,
  };
  return new packetUnpacker(cs, connIDLen);
}

/** A short header packet: first byte, a 4-byte DCID, a 1-byte packet number, then the payload. */
function shortPacket(firstByte: number, payload: Uint8Array): Uint8Array {
  const p = new Uint8Array(1 + connIDLen + 1 + payload.length);
  p[0] = firstByte;
  p.set([1, 2, 3, 4], 1);
  p[1 + connIDLen] = 7;
  p.set(payload, 2 + connIDLen);
  return p;
}

const ping = new Uint8Array(24).fill(0).fill(1, 0, 1); // PING, then PADDING

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('packetUnpacker: short headers (RFC 9000 §17.3.1)', () => {
  it('opens a valid packet', () => {
    const got = unpacker(clearOpener).unpackShortHeader(0, shortPacket(0x40, ping));
    expect(got.packetNumber).toBe(7);
    expect(got.data).toEqual(ping);
  });

  it('a cleared fixed bit is a header parse error (the packet is dropped), not a TransportError', () => {
    const err = thrown(() => unpacker(clearOpener).unpackShortHeader(0, shortPacket(0x00, ping)));
    expect(err).toBeInstanceOf(headerParseError);
    expect(err).not.toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/fixed bit/);
  });

  it('zeros are a header parse error', () => {
    expect(thrown(() => unpacker(clearOpener).unpackShortHeader(0, new Uint8Array(64)))).toBeInstanceOf(headerParseError);
  });

  it('too short for the header protection sample is a header parse error (RFC 9001 §5.4.2)', () => {
    // 1 + DCID, then 4 + 16 bytes are needed; one fewer:
    const err = thrown(() => unpacker(clearOpener).unpackShortHeader(0, shortPacket(0x40, new Uint8Array(18))));
    expect(err).toBeInstanceOf(headerParseError);
    expect((err as Error).message).toMatch(/packet too small/);
    expect(unpacker(clearOpener).unpackShortHeader(0, shortPacket(0x40, ping.subarray(0, 19))).data).toHaveLength(19);
  });

  it('without 1-RTT keys the packet waits for them, whatever its header', () => {
    expect(thrown(() => unpacker(undefined).unpackShortHeader(0, shortPacket(0x00, ping)))).toBeInstanceOf(ErrKeysNotYetAvailable);
  });

  it('non-zero reserved bits in an authenticated packet are a PROTOCOL_VIOLATION (RFC 9000 §17.3.1)', () => {
    const err = thrown(() => unpacker(clearOpener).unpackShortHeader(0, shortPacket(0x48, ping)));
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).errorCode).toBe(TransportErrorCode.ProtocolViolation);
  });

  it('an authenticated packet without frames is a PROTOCOL_VIOLATION (RFC 9000 §12.4)', () => {
    const empty: ShortHeaderOpener = { ...clearOpener, open: () => new Uint8Array(0) };
    expect(thrown(() => unpacker(empty).unpackShortHeader(0, shortPacket(0x40, ping)))).toBeInstanceOf(TransportError);
  });
});

describe('packetUnpacker: long headers, with real Initial keys (RFC 9001 §5.2)', () => {
  const dcid = Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]);
  const [, opener] = newInitialAEAD(dcid, Perspective.Client, Version1, 'node');

  it('opens a sealed Initial', () => {
    const { hdr, packetData } = parsePacket(sealInitial(dcid, new Uint8Array(0), Perspective.Server, 3, 2, ping));
    const got = unpacker(undefined, opener).unpackLongHeader(hdr, packetData);
    expect(got.packetNumber).toBe(3);
    expect(got.data).toEqual(ping);
  });

  it('a packet too short for the header protection sample is a header parse error', () => {
    const { hdr, packetData } = parsePacket(sealInitial(dcid, new Uint8Array(0), Perspective.Server, 0, 1, ping));
    // 4 + 16 bytes after the Length field are needed; one fewer:
    const short = packetData.subarray(0, hdr.parsedLen + 19);
    expect(thrown(() => unpacker(undefined, opener).unpackLongHeader(hdr, short))).toBeInstanceOf(headerParseError);
  });
});
