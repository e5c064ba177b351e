// The public API: what an application sees of a connection and its streams (quic-go: interface.go).
// Names follow quic-go; reading is Node-style (chunks, async iteration).
import type { ConnectionID, StreamID } from './internal/protocol/protocol.ts';
import type { Version } from './internal/protocol/version.ts';
import type { Chan } from './internal/utils/chan.ts';
import type { UDPAddr } from './sys_conn.ts';

/** An application's stream error code (RESET_STREAM / STOP_SENDING, RFC 9000 §19.4–19.5). */
export type StreamErrorCode = number;
/** An application's connection error code (CONNECTION_CLOSE 0x1d). */
export type ApplicationErrorCode = number;

/** The peer reset its sending side, or we cancelled ours (quic-go's StreamError). */
export class StreamError extends Error {
  constructor(
    readonly streamID: StreamID,
    readonly errorCode: StreamErrorCode,
    readonly remote: boolean,
  ) {
    super(`stream ${streamID} canceled by ${remote ? 'remote' : 'local'} with error code ${errorCode}`);
    this.name = 'StreamError';
  }
}

export interface ReceiveStream {
  readonly streamID: StreamID;
  /**
   * The next chunk of data, in order; undefined once the peer's FIN has been read.
   * Rejects with StreamError after RESET_STREAM or cancelRead, or with the connection's error.
   */
  read(signal?: AbortSignal): Promise<Uint8Array | undefined>;
  /** Chunks until FIN. */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
  /** STOP_SENDING: we want no more data (RFC 9000 §3.5). */
  cancelRead(code: StreamErrorCode): void;
}

export interface SendStream {
  readonly streamID: StreamID;
  /** Queues data; resolves when it is buffered (flow control and a bounded buffer apply backpressure). */
  write(data: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** FIN after everything written so far. */
  close(): void;
  /** RESET_STREAM: abandon what was not yet delivered (RFC 9000 §3.2). */
  cancelWrite(code: StreamErrorCode): void;
}

/** A bidirectional stream. */
export interface Stream extends ReceiveStream, SendStream {}

export interface ConnectionState {
  tls: {
    negotiatedProtocol: string;
    cipherSuite: number;
    serverName: string;
    didResume: boolean;
  };
  version: Version;
  used0RTT: boolean;
}

export interface Connection {
  /** Waits for the peer to open a bidirectional stream. */
  acceptStream(signal?: AbortSignal): Promise<Stream>;
  acceptUniStream(signal?: AbortSignal): Promise<ReceiveStream>;
  /** Opens a stream now; throws if the peer's stream limit is reached. */
  openStream(): Stream;
  /** Opens a stream, waiting for the peer to raise its limit if needed. */
  openStreamSync(signal?: AbortSignal): Promise<Stream>;
  openUniStream(): SendStream;
  openUniStreamSync(signal?: AbortSignal): Promise<SendStream>;
  localAddr(): UDPAddr;
  remoteAddr(): UDPAddr;
  /** Closes with an application error (CONNECTION_CLOSE 0x1d); code 0 is a clean close. */
  closeWithError(code: ApplicationErrorCode, reason: string): void;
  /** Aborted when the connection is closed; `context.reason` is the error it ended with. */
  readonly context: AbortSignal;
  /** Closed when the handshake has completed. */
  handshakeComplete(): Chan<void>;
  connectionState(): ConnectionState;
}

/**
 * A connection that may be used before its handshake completes: a server's from an EarlyListener,
 * a client's from dialEarly, which may send 0-RTT data (interface.go:215-225).
 */
export interface EarlyConnection extends Connection {
  /**
   * The connection to use after the handshake: if the server rejected 0-RTT, the streams opened
   * before failed with Err0RTTRejected and their data must be sent again on new streams.
   */
  nextConnection(signal?: AbortSignal): Promise<Connection>;
}

/** Connection IDs of a fixed length (interface.go:248). */
export interface ConnectionIDGenerator {
  generateConnectionID(): ConnectionID;
  connectionIDLen(): number;
}
