// The QUIC API of our TLS 1.3 stack, shaped like Go's crypto/tls QUICConn (quic.go) so that the
// QUIC layer reads like quic-go's internal/handshake/crypto_setup.go:
//
//   const tls = quicServer(config);  tls.start();
//   for (let ev; (ev = tls.nextEvent()); ) { …install keys, send CRYPTO data… }
//   on each CRYPTO frame (in order):  tls.handleData(level, data), then drain nextEvent() again.
//
// Every failure is a TransportError with CRYPTO_ERROR 0x100 + alert (RFC 9001 §4.8); after one,
// the connection is dead and every further call throws the same error.
import { TransportError } from '../qerr/errors.ts';
import type { Certificate } from '../x509/index.ts';
import { Alert, tlsError } from './alert.ts';
import { HandshakeType, VersionTLS13 } from './common.ts';
import type { TLSConfig } from './config.ts';
import { Conn, type Handshake, type QUICEncryptionLevel, type QUICEvent } from './conn.ts';
import { clientHandshakeStateTLS13, handleNewSessionTicket } from './handshake_client.ts';
import { serverHandshakeStateTLS13, sendSessionTicket } from './handshake_server.ts';

export type { QUICEncryptionLevel, QUICEvent } from './conn.ts';

/** What the handshake negotiated (Go's tls.ConnectionState). */
export interface ConnectionState {
  version: number;
  cipherSuite: number;
  negotiatedProtocol: string;
  serverName: string;
  peerCertificates: Certificate[];
  didResume: boolean;
  handshakeComplete: boolean;
}

export class QUICConn {
  private readonly conn: Conn;
  private handshake?: Handshake;
  private failure?: TransportError;
  private closed = false;

  constructor(config: TLSConfig, isClient: boolean) {
    this.conn = new Conn(config, isClient);
  }

  /** Starts the handshake: a client queues its ClientHello, a server waits for one. */
  start(): void {
    if (this.handshake) throw tlsError(Alert.internalError, 'start called twice');
    this.handshake = this.run();
    this.advance();
  }

  /** In-order CRYPTO stream bytes received at `level`: a part of a message, or several. */
  handleData(level: QUICEncryptionLevel, data: Uint8Array): void {
    this.guard(() => {
      if (!this.handshake) throw tlsError(Alert.internalError, 'handleData called before start');
      this.conn.appendInput(level, data);
    });
    this.advance();
  }

  /** The next event for the QUIC layer, or undefined when there is none. */
  nextEvent(): QUICEvent | undefined {
    return this.conn.events.shift();
  }

  /** Server, once the handshake is done: queue a NewSessionTicket at 1-RTT. */
  sendSessionTicket(opts: { earlyData?: boolean } = {}): void {
    // Misuse is reported without failing the connection, as in Go.
    if (this.conn.isClient) throw tlsError(Alert.internalError, 'sendSessionTicket called on a client');
    if (!this.conn.handshakeComplete) throw tlsError(Alert.internalError, 'sendSessionTicket called before handshake completed');
    this.guard(() => sendSessionTicket(this.conn, opts));
  }

  connectionState(): ConnectionState {
    const c = this.conn;
    return {
      version: VersionTLS13,
      cipherSuite: c.cipherSuite,
      negotiatedProtocol: c.negotiatedProtocol,
      serverName: c.serverName,
      peerCertificates: c.peerCertificates,
      didResume: c.didResume,
      handshakeComplete: c.handshakeComplete,
    };
  }

  /** Ends the handshake; pending events are dropped. */
  close(): void {
    this.closed = true;
    this.conn.events.length = 0;
    this.handshake?.return();
  }

  /**
   * The handshake, then the messages that may follow it. Once the handshake is done its state (the
   * key share's private key, the transcript, the handshake secrets) is garbage, as in Go: the
   * connection keeps only what was negotiated and the resumption secret.
   */
  private *run(): Handshake {
    const conn = this.conn;
    yield* (conn.isClient ? new clientHandshakeStateTLS13(conn) : new serverHandshakeStateTLS13(conn)).run();
    for (;;) {
      const raw = yield* conn.readHandshake();
      // A server may send tickets; nothing else may follow the handshake, and a QUIC client sends
      // nothing at all (RFC 9001 §6: no KeyUpdate message).
      if (!conn.isClient || raw[0] !== HandshakeType.newSessionTicket) {
        throw tlsError(Alert.unexpectedMessage, `unexpected post-handshake message of type ${raw[0]}`);
      }
      handleNewSessionTicket(conn, raw);
    }
  }

  /** Runs the handshake until it waits for more data (or fails). */
  private advance(): void {
    this.guard(() => this.handshake!.next());
  }

  /** Runs `step`; any failure becomes the connection's TransportError (a bug: internal_error). */
  private guard(step: () => unknown): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw tlsError(Alert.internalError, 'connection closed');
    try {
      step();
    } catch (e) {
      this.failure = e instanceof TransportError ? e : tlsError(Alert.internalError, e instanceof Error ? e.message : String(e));
      throw this.failure;
    }
  }
}

export function quicClient(config: TLSConfig): QUICConn {
  return new QUICConn(config, true);
}

export function quicServer(config: TLSConfig): QUICConn {
  return new QUICConn(config, false);
}
