// The state both handshakes share (Go's tls.Conn, as far as QUIC uses it): the handshake bytes
// received and not yet consumed, the encryption levels, the events handed to the QUIC layer, and
// what the handshake negotiated. There is no record layer: QUIC's CRYPTO frames carry the
// handshake messages, one stream per encryption level (RFC 9001 §4).
import { EncryptionLevel, encryptionLevelName } from '../protocol/protocol.ts';
import type { Certificate } from '../x509/index.ts';
import { Alert, tlsError } from './alert.ts';
import { maxHandshakeSize } from './common.ts';
import type { TLSConfig } from './config.ts';
import { keyLogLine, trafficSecretLabel } from './key_log.ts';

export type QUICEncryptionLevel = EncryptionLevel;

/** What the handshake tells the QUIC layer (Go's QUICEvent), in the order it happens. */
export type QUICEvent =
  /** Install keys to open packets of `level` (RFC 9001 §5.1 derives them from `secret`). */
  | { kind: 'setReadSecret'; level: QUICEncryptionLevel; suite: number; secret: Uint8Array }
  /** Install keys to seal packets of `level`. */
  | { kind: 'setWriteSecret'; level: QUICEncryptionLevel; suite: number; secret: Uint8Array }
  /** Send `data` in CRYPTO frames at `level`. */
  | { kind: 'writeData'; level: QUICEncryptionLevel; data: Uint8Array }
  /** The peer's quic_transport_parameters, as soon as they arrive. */
  | { kind: 'transportParameters'; params: Uint8Array }
  /** The server did not accept 0-RTT: data sent in 0-RTT packets must be sent again. */
  | { kind: 'rejectedEarlyData' }
  /** The handshake is complete (RFC 9001 §4.1.1). */
  | { kind: 'handshakeDone' };

/** A handshake, written as a generator that pauses (yields) whenever it waits for more bytes. */
export type Handshake = Generator<void, void, void>;

export class Conn {
  readonly events: QUICEvent[] = [];
  // What the handshake negotiated (Go's ConnectionState).
  cipherSuite = 0;
  negotiatedProtocol = '';
  serverName = '';
  peerCertificates: Certificate[] = [];
  didResume = false;
  handshakeComplete = false;
  /** ClientHello.random: the key log's index. */
  clientRandom: Uint8Array = new Uint8Array(32);
  /** resumption_master_secret (RFC 8446 §7.1): what session tickets are made from after the handshake (Go: c.resumptionSecret). */
  resumptionSecret?: Uint8Array;
  /** NewSessionTicket messages sent (server): each gets a nonce of its own (RFC 8446 §4.6.1). */
  ticketsSent = 0;

  /** Handshake data is accepted at this level only (Go: c.in.level). */
  private readLevel = EncryptionLevel.Initial;
  /** Bytes received at readLevel and not yet consumed (Go: c.hand). */
  private readonly hand = new HandshakeBuffer();

  constructor(
    readonly config: TLSConfig,
    readonly isClient: boolean,
  ) {}

  /** In-order CRYPTO stream bytes of `level` (quic-go: cryptoSetup.HandleMessage). */
  appendInput(level: QUICEncryptionLevel, data: Uint8Array): void {
    if (level !== this.readLevel) {
      throw tlsError(Alert.unexpectedMessage, `handshake data received at ${encryptionLevelName(level)}, expected ${encryptionLevelName(this.readLevel)}`);
    }
    this.hand.write(data);
  }

  /**
   * The next complete handshake message (header included), waiting for more bytes while it is
   * incomplete. Use as `const raw = yield* conn.readHandshake()`.
   */
  *readHandshake(): Generator<void, Uint8Array, void> {
    for (;;) {
      if (this.hand.length >= 4) {
        const length = (this.hand.at(1) << 16) | (this.hand.at(2) << 8) | this.hand.at(3);
        if (length > maxHandshakeSize) {
          throw tlsError(Alert.decodeError, `handshake message of length ${length} bytes exceeds maximum of ${maxHandshakeSize} bytes`);
        }
        if (this.hand.length >= 4 + length) return this.hand.next(4 + length);
      }
      yield;
    }
  }

  writeHandshake(level: QUICEncryptionLevel, data: Uint8Array): void {
    this.events.push({ kind: 'writeData', level, data });
  }

  setReadSecret(level: QUICEncryptionLevel, suite: number, secret: Uint8Array): void {
    // 0-RTT packets carry no handshake data (RFC 9001 §4.1.4): the ClientHello's level stays.
    if (level !== EncryptionLevel.ZeroRTT) {
      // A message must not span a key change (RFC 9001 §4.1.3, RFC 8446 §5.1).
      if (this.hand.length > 0) throw tlsError(Alert.unexpectedMessage, 'handshake data not consumed before a key change');
      this.readLevel = level;
    }
    this.logSecret(level, !this.isClient, secret);
    this.events.push({ kind: 'setReadSecret', level, suite, secret });
  }

  setWriteSecret(level: QUICEncryptionLevel, suite: number, secret: Uint8Array): void {
    this.logSecret(level, this.isClient, secret);
    this.events.push({ kind: 'setWriteSecret', level, suite, secret });
  }

  writeKeyLog(label: string, secret: Uint8Array): void {
    this.config.keyLogWriter?.(keyLogLine(label, this.clientRandom, secret));
  }

  private logSecret(level: QUICEncryptionLevel, clientSecret: boolean, secret: Uint8Array): void {
    const label = trafficSecretLabel(level, clientSecret);
    if (label !== undefined) this.writeKeyLog(label, secret);
  }
}

/**
 * Go's bytes.Buffer, as far as the handshake needs it: bytes written at the end, whole messages
 * taken from the front. A peer may send a message in 1-byte CRYPTO frames, so a write costs O(1)
 * amortized (the store doubles), never a copy of everything buffered.
 */
class HandshakeBuffer {
  private buf = new Uint8Array(0);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  /** The byte at index i of the unread bytes. */
  at(i: number): number {
    return this.buf[this.start + i]!;
  }

  write(data: Uint8Array): void {
    if (this.end + data.length > this.buf.length) {
      // Out of room at the end: move the unread bytes to the front, into a store twice their size if they fill half.
      const unread = this.length;
      const buf = unread + data.length > this.buf.length / 2 ? new Uint8Array(2 * (unread + data.length)) : this.buf;
      buf.set(this.buf.subarray(this.start, this.end)); // set() copies overlapping ranges correctly
      this.buf = buf;
      this.start = 0;
      this.end = unread;
    }
    this.buf.set(data, this.end);
    this.end += data.length;
  }

  /** Takes the next n unread bytes, as a copy of their own. */
  next(n: number): Uint8Array {
    const out = this.buf.slice(this.start, this.start + n);
    this.start += n;
    if (this.start === this.end) {
      // hold nothing between messages
      this.buf = new Uint8Array(0);
      this.start = this.end = 0;
    }
    return out;
  }
}
