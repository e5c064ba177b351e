// TLS 1.3 for QUIC (RFC 8446, RFC 9001 §4 and §8): what the QUIC layer uses. quic-go gets the
// same from Go's crypto/tls (tls.QUICClient, tls.QUICServer, tls.QUICConn, tls.Config).
export { Alert } from './alert.ts';
export {
  TLS_AES_128_GCM_SHA256,
  TLS_AES_256_GCM_SHA384,
  TLS_CHACHA20_POLY1305_SHA256,
  cipherSuiteTLS13ByID,
  type cipherSuiteTLS13,
} from './cipher_suites.ts';
export { CurveID, VersionTLS13 } from './common.ts';
export type { CertificateWithKey, ClientSessionCache, TLSConfig } from './config.ts';
export { QUICConn, quicClient, quicServer, type ConnectionState, type QUICEncryptionLevel, type QUICEvent } from './quic_conn.ts';
export type { ClientSessionState } from './session_ticket.ts';
