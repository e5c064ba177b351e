// Removing packet protection from received packets (quic-go: packet_unpacker.go; RFC 9001 §5).
// Order matters: header protection first (it hides the packet number length), then the packet
// number is decoded against the largest seen, then the AEAD opens the payload with the header as
// associated data. Only an authenticated packet may be acted upon.
//
// Errors: a header that cannot be read is a headerParseError, and the packet is dropped (it may be
// garbage coalesced after real packets, RFC 9000 §12.2); the AEAD's errors drop it too. Only what
// an authenticated packet says (reserved bits, no frames) is a connection error (RFC 9000 §17.2).
import { EncryptionLevel, PacketType, type PacketNumber } from './internal/protocol/protocol.ts';
import type { PacketNumberLen } from './internal/protocol/packet_number.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';
import type { Header } from './internal/wire/header.ts';
import { parseExtendedHeader, type ExtendedHeader } from './internal/wire/extended_header.ts';
import { parseShortHeader, type KeyPhaseBit } from './internal/wire/short_header.ts';
import type { LongHeaderOpener, ShortHeaderOpener } from './internal/handshake/aead.ts';

/** Where the unpacker gets its keys: the crypto setup. undefined: not yet available; throws ErrKeysDropped when discarded. */
export interface openerSource {
  getInitialOpener(): LongHeaderOpener | undefined;
  getHandshakeOpener(): LongHeaderOpener | undefined;
  get0RTTOpener(): LongHeaderOpener | undefined;
  get1RTTOpener(): ShortHeaderOpener | undefined;
}

/** Keys for this level have not arrived yet: keep the packet for later (RFC 9001 §5.7). */
export class ErrKeysNotYetAvailable extends Error {
  constructor(readonly level: EncryptionLevel) {
    super('CryptoSetup: keys at this encryption level not yet available');
  }
}

/**
 * The header could not be read (quic-go: headerParseError): too short for the header protection
 * sample, long/short form or fixed bit wrong, truncated. The packet is dropped, the connection lives.
 */
export class headerParseError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** The header protection sample is 16 bytes, taken 4 bytes after the packet number starts (RFC 9001 §5.4.2). */
const minBytesAfterHeader = 4 + 16;

function checkSampleFits(data: Uint8Array, pnOffset: number): void {
  if (data.length < pnOffset + minBytesAfterHeader) {
    throw new headerParseError(`packet too small: expected at least ${minBytesAfterHeader} bytes after the header, got ${data.length - pnOffset}`);
  }
}

/** Runs a header parser; whatever it throws becomes a headerParseError. */
function parsingHeader<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new headerParseError(err);
  }
}

export interface unpackedPacket {
  hdr: ExtendedHeader;
  encryptionLevel: EncryptionLevel;
  packetNumber: PacketNumber;
  data: Uint8Array;
}

export interface unpackedShortHeaderPacket {
  packetNumber: PacketNumber;
  packetNumberLen: number;
  keyPhase: KeyPhaseBit;
  data: Uint8Array;
}

export function levelOf(type: PacketType): EncryptionLevel {
  switch (type) {
    case PacketType.Initial:
      return EncryptionLevel.Initial;
    case PacketType.Handshake:
      return EncryptionLevel.Handshake;
    case PacketType.ZeroRTT:
      return EncryptionLevel.ZeroRTT;
    default:
      throw new Error(`no encryption level for packet type ${PacketType[type]}`);
  }
}

export class packetUnpacker {
  constructor(
    private readonly cs: openerSource,
    private readonly shortHdrConnIDLen: number,
  ) {}

  /** Initial, Handshake or 0-RTT. `data` is exactly one packet; its header protection is removed in place. */
  unpackLongHeader(hdr: Header, data: Uint8Array): unpackedPacket {
    const level = levelOf(hdr.type);
    const opener =
      level === EncryptionLevel.Initial ? this.cs.getInitialOpener() : level === EncryptionLevel.Handshake ? this.cs.getHandshakeOpener() : this.cs.get0RTTOpener();
    if (!opener) throw new ErrKeysNotYetAvailable(level);
    const { extHdr, packetNumber, payload } = unpackLongHeader(opener, hdr, data);
    return { hdr: extHdr, encryptionLevel: level, packetNumber, data: payload };
  }

  /** A 1-RTT packet. */
  unpackShortHeader(rcvTime: number, data: Uint8Array): unpackedShortHeaderPacket {
    const opener = this.cs.get1RTTOpener();
    if (!opener) throw new ErrKeysNotYetAvailable(EncryptionLevel.OneRTT);
    const pnOffset = 1 + this.shortHdrConnIDLen;
    checkSampleFits(data, pnOffset);
    const pnLen = opener.decryptHeader(data, pnOffset);
    const hdr = parsingHeader(() => parseShortHeader(data, this.shortHdrConnIDLen));
    const pn = opener.decodePacketNumber(hdr.packetNumber, pnLen);
    const payload = opener.open(data.subarray(hdr.length), rcvTime, pn, hdr.keyPhase, data.subarray(0, hdr.length));
    checkPayload(payload, hdr.reservedBitsValid);
    return { packetNumber: pn, packetNumberLen: pnLen, keyPhase: hdr.keyPhase, data: payload };
  }
}

/** Shared with the server, which opens an Initial without a connection before sending INVALID_TOKEN. */
export function unpackLongHeader(
  opener: LongHeaderOpener,
  hdr: Header,
  data: Uint8Array,
): { extHdr: ExtendedHeader; packetNumber: PacketNumber; payload: Uint8Array } {
  checkSampleFits(data, hdr.parsedLen);
  const pnLen: PacketNumberLen = opener.decryptHeader(data, hdr.parsedLen);
  const { extHdr, reservedBitsValid } = parsingHeader(() => parseExtendedHeader(hdr, data));
  const packetNumber = opener.decodePacketNumber(extHdr.packetNumber, pnLen);
  const payload = opener.open(data.subarray(extHdr.parsedLen), packetNumber, data.subarray(0, extHdr.parsedLen));
  checkPayload(payload, reservedBitsValid);
  return { extHdr, packetNumber, payload };
}

/** RFC 9000 §12.4: a packet must carry a frame; §17.2: reserved bits must be 0 (checked only now). */
function checkPayload(payload: Uint8Array, reservedBitsValid: boolean): void {
  if (!reservedBitsValid) throw protocolError(TransportErrorCode.ProtocolViolation, 'invalid reserved bits');
  if (payload.length === 0) throw protocolError(TransportErrorCode.ProtocolViolation, 'empty packet');
}
