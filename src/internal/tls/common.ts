// Wire constants of TLS 1.3 (RFC 8446 §4 and the IANA registries), under Go's crypto/tls names
// (common.go) where it has them.
import { hexToBytes } from '@noble/hashes/utils.js';

export const VersionTLS13 = 0x0304;
/** legacy_version of ClientHello and ServerHello: TLS 1.2 (RFC 8446 §4.1.2). */
export const VersionTLS12 = 0x0303;

/** Handshake message types (RFC 8446 §4). */
export enum HandshakeType {
  clientHello = 1,
  serverHello = 2,
  newSessionTicket = 4,
  endOfEarlyData = 5,
  encryptedExtensions = 8,
  certificate = 11,
  certificateRequest = 13,
  certificateVerify = 15,
  finished = 20,
  keyUpdate = 24,
  /** The synthetic message that replaces ClientHello1 in the transcript after an HRR (§4.4.1). */
  messageHash = 254,
}

/** Extension types (RFC 8446 §4.2, RFC 9001 §8.2). */
export enum ExtensionType {
  serverName = 0,
  supportedGroups = 10,
  signatureAlgorithms = 13,
  alpn = 16,
  preSharedKey = 41,
  earlyData = 42,
  supportedVersions = 43,
  cookie = 44,
  pskKeyExchangeModes = 45,
  keyShare = 51,
  quicTransportParameters = 0x39,
}

/** Named groups for key exchange (RFC 8446 §4.2.7). */
export enum CurveID {
  secp256r1 = 0x0017,
  secp384r1 = 0x0018,
  secp521r1 = 0x0019,
  x25519 = 0x001d,
}

/** psk_dhe_ke: resumption with a fresh (EC)DHE exchange, the only mode we use (§4.2.9). */
export const pskModeDHE = 1;

/** ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3). */
export const helloRetryRequestRandom = hexToBytes('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c');

/** The largest handshake message we accept (Go's maxHandshake, 64 KiB). */
export const maxHandshakeSize = 65536;

/** A TLS 1.3 session ticket lives at most seven days (RFC 8446 §4.6.1). */
export const maxSessionTicketLifetime = 7 * 24 * 60 * 60 * 1000;

/** max_early_data_size a QUIC server announces when it allows 0-RTT (RFC 9001 §4.6.1). */
export const quicMaxEarlyData = 0xffffffff;
