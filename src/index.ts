// The public entry point: what a program imports, as from quic-go's package quic. Everything else
// under src/ is the implementation (ARCHITECTURE.md §1); the TLS configuration and the
// certificates come from src/internal/tls and src/internal/x509, our stand-ins for Go's crypto/tls
// and crypto/x509.
export { listenAddr, listenAddrEarly, listen, listenEarly, dialAddr, dialAddrEarly, dial, dialEarly } from './quic.ts';
export { Err0RTTRejected } from './streams_map.ts';
export { Transport, DefaultConnectionIDGenerator, type TransportOptions } from './transport.ts';
export { Listener, EarlyListener, ErrServerClosed } from './server.ts';
export { debugTimeouts, type Config, type ClientHelloInfo, type CryptoBackend } from './config.ts';
export { newLRUTokenStore, type ClientToken, type TokenStore } from './token_store.ts';
export type { QUICTLSConfig } from './internal/handshake/crypto_setup.ts';
export {
  StreamError,
  type ApplicationErrorCode,
  type Connection,
  type ConnectionIDGenerator,
  type ConnectionState,
  type EarlyConnection,
  type ReceiveStream,
  type SendStream,
  type Stream,
  type StreamErrorCode,
} from './interface.ts';
export {
  ApplicationError,
  HandshakeTimeoutError,
  IdleTimeoutError,
  StatelessResetError,
  TransportError,
  VersionNegotiationError,
} from './internal/qerr/errors.ts';
export { TransportErrorCode } from './internal/qerr/error_codes.ts';
export { Version1, Version2, type Version } from './internal/protocol/version.ts';
export { addrString, listenUDP, type rawConn, type UDPAddr } from './sys_conn.ts';
