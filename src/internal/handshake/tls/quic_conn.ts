// The QUIC API of our TLS 1.3 stack, shaped like Go's crypto/tls QUICConn (quic.go) so that the
// QUIC layer reads like quic-go's internal/handshake/crypto_setup.go:
//
//   const tls = quicServer(config);  tls.start();
//   for (let ev; (ev = tls.nextEvent()); ) { …install keys, send CRYPTO data… }
//   on each CRYPTO frame (in order):  tls.handleData(level, data), then drain nextEvent() again.
//
// Every failure is a TransportError with CRYPTO_ERROR 0x100 + alert (RFC 9001 §4.8); after one,
// the connection is dead and every further call throws the same error.
import { TransportError } from '../../qerr/errors.ts';
import type { Certificate } from '../x509/index.ts';
import { Alert, tlsError } from './alert.ts';
import { VersionTLS13 } from './common.ts';
import type { TLSConfig } from './config.ts';
import { Conn, type Handshake, type QUICEncryptionLevel, type QUICEvent } from './conn.ts';
import { ClientHandshake } from './handshake_client.ts';
import { ServerHandshake } from './handshake_server.ts';

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
  private readonly side: ClientHandshake | ServerHandshake;
  private handshake?: Handshake;
  private failure?: TransportError;
  private closed = false;

  constructor(config: TLSConfig, isClient: boolean) {
    this.conn = new Conn(config, isClient);
    this.side = isClient ? new ClientHandshake(this.conn) : new ServerHandshake(this.conn);
  }

  /** Starts the handshake: a client queues its ClientHello, a server waits for one. */
  start(): void {
    if (this.handshake) throw tlsError(Alert.internalError, 'start called twice');
    this.handshake = this.side.run();
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
    const side = this.side;
    if (!(side instanceof ServerHandshake)) throw tlsError(Alert.internalError, 'sendSessionTicket called on a client');
    if (!this.conn.handshakeComplete) throw tlsError(Alert.internalError, 'sendSessionTicket called before handshake completed');
    this.guard(() => side.sendSessionTicket(opts));
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
