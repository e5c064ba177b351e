// CRYPTO frames (RFC 9000 §19.6; quic-go: internal/wire/crypto_frame.go): Type 0x06, Offset,
// Length, Crypto Data. They carry the TLS handshake, one byte stream per encryption level.
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { exceedsMaxOffset, maxDataLen, maybeSplitOff } from './data_frame.ts';
import { FrameType, type CryptoFrame } from './frame.ts';
import { encodedLength, varintLen, type ByteSink, type Reader } from './varint.ts';

export function parseCryptoFrame(r: Reader): CryptoFrame {
  const offset = r.readVarint();
  const data = r.readBytes(r.readVarint());
  if (exceedsMaxOffset(offset, data.length)) {
    throw protocolError(TransportErrorCode.FrameEncodingError, 'crypto data overflows maximum offset');
  }
  return { type: 'crypto', offset, data };
}

export function writeCryptoFrame(w: ByteSink, f: CryptoFrame): void {
  w.writeUint8(FrameType.Crypto);
  w.writeVarint(f.offset);
  w.writeVarint(f.data.length);
  w.writeBytes(f.data);
}

export function cryptoFrameLength(f: CryptoFrame): number {
  return encodedLength((sink) => writeCryptoFrame(sink, f));
}

/** The most data a CRYPTO frame at f's offset can carry in maxSize bytes. */
export function cryptoFrameMaxDataLen(f: CryptoFrame, maxSize: number): number {
  return maxDataLen(1 + varintLen(f.offset), maxSize, true);
}

/** Splits off the head of f that fits in maxSize bytes (see maybeSplitOff). */
export function maybeSplitOffCryptoFrame(f: CryptoFrame, maxSize: number): { frame: CryptoFrame | undefined; split: boolean } {
  return maybeSplitOff(f, maxSize, cryptoFrameLength, cryptoFrameMaxDataLen);
}
