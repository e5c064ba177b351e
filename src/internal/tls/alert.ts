// TLS alerts (RFC 8446 §6). QUIC carries no alert records: a TLS failure closes the connection
// with CRYPTO_ERROR 0x100 + alert (RFC 9001 §4.8), which is what `tlsError` builds.
import { newLocalCryptoError, type TransportError } from '../qerr/errors.ts';

/** The alert descriptions our handshake sends (RFC 8446 §6.2). */
export enum Alert {
  unexpectedMessage = 10,
  handshakeFailure = 40,
  badCertificate = 42,
  unsupportedCertificate = 43,
  certificateExpired = 45,
  certificateUnknown = 46,
  illegalParameter = 47,
  unknownCA = 48,
  decodeError = 50,
  decryptError = 51,
  protocolVersion = 70,
  internalError = 80,
  missingExtension = 109,
  unsupportedExtension = 110,
  noApplicationProtocol = 120,
}

/** The error a TLS failure ends the connection with; messages start with "tls: " as in Go. */
export function tlsError(alert: Alert, message: string): TransportError {
  return newLocalCryptoError(alert, `tls: ${message}`);
}
