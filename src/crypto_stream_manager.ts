// One CRYPTO stream per encryption level (quic-go crypto_stream_manager.go; RFC 9001 §4.1.3):
// Initial, Handshake and 1-RTT (after the handshake, e.g. NewSessionTicket). 0-RTT packets carry
// no CRYPTO frames (RFC 9000 §12.4, Table 3).
import type { Frame as AckedFrame } from './internal/ackhandler/frame.ts';
import { EncryptionLevel, encryptionLevelName, type ByteCount } from './internal/protocol/protocol.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';
import type { CryptoFrame } from './internal/wire/frame.ts';
import { cryptoStream } from './crypto_stream.ts';

export class cryptoStreamManager {
  constructor(
    readonly initialStream = new cryptoStream(),
    readonly handshakeStream = new cryptoStream(),
    readonly oneRTTStream = new cryptoStream(),
  ) {}

  /** The stream of a level; 0-RTT has none. */
  stream(level: EncryptionLevel): cryptoStream {
    switch (level) {
      case EncryptionLevel.Initial:
        return this.initialStream;
      case EncryptionLevel.Handshake:
        return this.handshakeStream;
      case EncryptionLevel.OneRTT:
        return this.oneRTTStream;
      default:
        throw protocolError(TransportErrorCode.ProtocolViolation, `received CRYPTO frame with unexpected encryption level: ${encryptionLevelName(level)}`);
    }
  }

  handleCryptoFrame(frame: CryptoFrame, level: EncryptionLevel): void {
    this.stream(level).handleCryptoFrame(frame);
  }

  getCryptoData(level: EncryptionLevel): Uint8Array | undefined {
    return this.stream(level).getCryptoData();
  }

  /** A CRYPTO frame for 1-RTT packets, e.g. a NewSessionTicket (quic-go's GetPostHandshakeData). */
  getPostHandshakeData(maxSize: ByteCount): AckedFrame | undefined {
    if (!this.oneRTTStream.hasData()) return undefined;
    return this.oneRTTStream.popCryptoFrame(maxSize);
  }

  /** The keys of Initial or Handshake are dropped: their streams must hold no unread data. */
  drop(level: EncryptionLevel.Initial | EncryptionLevel.Handshake): void {
    this.stream(level).finish();
  }
}
