// The CRYPTO stream of one encryption level (quic-go crypto_stream.go; RFC 9000 §7.5, §19.6;
// RFC 9001 §4.1.3). TLS handshake bytes travel in CRYPTO frames: like stream data they have offsets
// and may arrive out of order, but there is no flow control, so we bound what we buffer instead.
import type { Frame as AckedFrame, FrameHandler } from './internal/ackhandler/frame.ts';
import type { ByteCount } from './internal/protocol/protocol.ts';
import { MaxCryptoStreamOffset } from './internal/protocol/params.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';
import { cryptoFrameMaxDataLen, maybeSplitOffCryptoFrame } from './internal/wire/crypto_frame.ts';
import type { CryptoFrame } from './internal/wire/frame.ts';
import { frameSorter } from './frame_sorter.ts';

export class cryptoStream {
  private readonly queue = new frameSorter();
  private highestOffset: ByteCount = 0;
  private finished = false; // the level's keys are dropped: no new data may arrive

  private writeOffset: ByteCount = 0;
  private writeBuf = new Uint8Array(0);
  private retransmissionQueue: CryptoFrame[] = [];
  private readonly lossHandler: FrameHandler = {
    onAcked: () => {},
    onLost: (f) => {
      if (f.type === 'crypto') this.retransmissionQueue.push({ ...f }); // a copy: splitting modifies it
    },
  };

  /** Buffers the frame's data. Throws CRYPTO_BUFFER_EXCEEDED or PROTOCOL_VIOLATION. */
  handleCryptoFrame(f: CryptoFrame): void {
    const highestOffset = f.offset + f.data.length;
    // RFC 9000 §7.5: an endpoint may limit what it buffers beyond the data handed to TLS.
    if (highestOffset > this.queue.readPosition + MaxCryptoStreamOffset) {
      throw protocolError(
        TransportErrorCode.CryptoBufferExceeded,
        `received invalid offset ${highestOffset} on crypto stream, maximum allowed ${this.queue.readPosition + MaxCryptoStreamOffset}`,
      );
    }
    if (this.finished) {
      // A retransmission of data we had is harmless; anything new is not (RFC 9001 §4.1.3).
      if (highestOffset > this.highestOffset) {
        throw protocolError(TransportErrorCode.ProtocolViolation, 'received crypto data after change of encryption level');
      }
      return;
    }
    this.highestOffset = Math.max(this.highestOffset, highestOffset);
    this.queue.push(f.data, f.offset);
  }

  /** The next in-order handshake bytes for TLS, or undefined if there are none yet. */
  getCryptoData(): Uint8Array | undefined {
    return this.queue.pop()?.data;
  }

  /**
   * The level is done (its keys are dropped). Data beyond what TLS consumed means the peer sent
   * handshake messages at the wrong level: PROTOCOL_VIOLATION (RFC 9001 §4.1.3).
   */
  finish(): void {
    if (this.queue.hasMoreData()) {
      throw protocolError(TransportErrorCode.ProtocolViolation, 'encryption level changed, but crypto stream has more data to read');
    }
    this.finished = true;
  }

  /** Queues handshake bytes from TLS for sending. */
  write(p: Uint8Array): void {
    const buf = new Uint8Array(this.writeBuf.length + p.length);
    buf.set(this.writeBuf);
    buf.set(p, this.writeBuf.length);
    this.writeBuf = buf;
  }

  hasData(): boolean {
    return this.writeBuf.length > 0 || this.retransmissionQueue.length > 0;
  }

  /**
   * A CRYPTO frame of at most maxLen bytes: lost data first, then new data. Undefined if there is
   * nothing to send or not even one byte fits. Its handler queues it again when it is lost.
   */
  popCryptoFrame(maxLen: ByteCount): AckedFrame | undefined {
    const frame = this.retransmissionQueue.length > 0 ? this.popRetransmission(maxLen) : this.popNewData(maxLen);
    return frame && { frame, handler: this.lossHandler };
  }

  private popRetransmission(maxLen: ByteCount): CryptoFrame | undefined {
    const f = this.retransmissionQueue[0]!;
    const { frame, split } = maybeSplitOffCryptoFrame(f, maxLen);
    if (split) return frame;
    this.retransmissionQueue.shift();
    return f;
  }

  private popNewData(maxLen: ByteCount): CryptoFrame | undefined {
    const f: CryptoFrame = { type: 'crypto', offset: this.writeOffset, data: new Uint8Array(0) };
    const n = Math.min(cryptoFrameMaxDataLen(f, maxLen), this.writeBuf.length);
    if (n === 0) return undefined;
    f.data = this.writeBuf.subarray(0, n);
    this.writeBuf = this.writeBuf.subarray(n);
    this.writeOffset += n;
    return f;
  }
}
