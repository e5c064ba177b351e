// The configuration of one side of a TLS 1.3 handshake over QUIC, named after Go's tls.Config
// fields. The QUIC layer builds it from its own Config (quic-go: populateConfig, crypto_setup.go).
import { DefaultCryptoBackend, type CryptoBackend } from '../crypto/crypto_backend.ts';
import type { Certificate, PrivateKey } from '../x509/index.ts';
import { defaultCipherSuitesTLS13, cipherSuiteTLS13ByID } from './cipher_suites.ts';
import type { CurveID } from './common.ts';
import { defaultCurvePreferences, isSupportedGroup } from './key_share.ts';

/** A certificate chain (leaf first) and the leaf's private key. */
export interface CertificateWithKey {
  chain: Certificate[];
  privateKey: PrivateKey;
}

/** Where a client keeps session tickets, keyed by server name; a `Map` will do. */
export interface ClientSessionCache {
  get(serverName: string): ClientSessionState | undefined;
  set(serverName: string, session: ClientSessionState): unknown;
  delete(serverName: string): unknown;
}

export interface TLSConfig {
  /** Server: the certificates to choose from (by SNI); the first one otherwise. */
  certificates?: CertificateWithKey[];
  /** ALPN protocols in preference order. QUIC requires ALPN (RFC 9001 §8.1). */
  nextProtos: string[];
  /** Client: the name sent in SNI and checked against the server's certificate. */
  serverName?: string;
  /** Client: skip the chain and name checks (CertificateVerify is still checked). */
  insecureSkipVerify?: boolean;
  /** Client: the trusted roots. */
  rootCAs?: Certificate[];
  /** TLS 1.3 cipher suites in preference order (default 0x1301, 0x1302, 0x1303). */
  cipherSuites?: number[];
  /** Key exchange groups in preference order (default X25519, P-256). The client sends a share for the first. */
  curvePreferences?: CurveID[];
  /** Receives NSS key log lines, for Wireshark (https://firefox-source-docs.mozilla.org/security/nss/legacy/key_log_format/). */
  keyLogWriter?: (line: string) => void;
  /** Server: the 32-byte key sealing session tickets; a random one per config when absent. */
  sessionTicketKey?: Uint8Array;
  /** Client: enables resumption. */
  clientSessionCache?: ClientSessionCache;
  /** Client: offer 0-RTT when the ticket allows it (RFC 8446 §4.2.10). */
  enableEarlyData?: boolean;
  /**
   * Server: the QUIC layer's data sealed into each ticket (quic-go: getDataForSessionTicket, set as
   * Go's WrapSession by qtls.SetupConfigForServer).
   */
  getDataForSessionTicket?: () => Uint8Array;
  /**
   * Server: a resumed session's QUIC data; `using0RTT` when the client sends early data the ticket
   * allows. Returns whether to accept it (quic-go: handleSessionTicket, Go's UnwrapSession).
   */
  handleSessionTicket?: (data: Uint8Array, using0RTT: boolean) => boolean;
  /** Client: the QUIC layer's data stored with each ticket (quic-go: marshalDataForSessionState). */
  marshalDataForSessionState?: (earlyData: boolean) => Uint8Array;
  /** Client: a stored session's QUIC data; returns whether 0-RTT may be offered (quic-go: handleDataFromSessionState). */
  handleDataFromSessionState?: (data: Uint8Array, earlyData: boolean) => boolean;
  /** The clock; defaults to the system time. */
  time?: () => Date;
  /** Which library runs the key exchange and the signatures: noble (default) or node:crypto (QUIC's Config.crypto). */
  crypto?: CryptoBackend;
  /** Our QUIC transport parameters, sent in the quic_transport_parameters extension (RFC 9001 §8.2). */
  quicTransportParameters: Uint8Array;
}

export function cipherSuitesOf(config: TLSConfig): number[] {
  return (config.cipherSuites ?? defaultCipherSuitesTLS13).filter((id) => cipherSuiteTLS13ByID(id) !== undefined);
}

export function curvePreferencesOf(config: TLSConfig): CurveID[] {
  return (config.curvePreferences ?? defaultCurvePreferences).filter(isSupportedGroup);
}

export function cryptoOf(config: TLSConfig): CryptoBackend {
  return config.crypto ?? DefaultCryptoBackend;
}

/** Milliseconds since the epoch, from the configured clock. */
export function nowOf(config: TLSConfig): number {
  return (config.time?.() ?? new Date()).getTime();
}

/** What a client keeps per server name in its ClientSessionCache. */
export interface ClientSessionState {
  ticket: Uint8Array;
  psk: Uint8Array;
  cipherSuite: number;
  /** When the ticket arrived, ms since the epoch (ticket ages count from here, RFC 8446 §4.2.11.1). */
  receivedAt: number;
  /** ms */
  lifetime: number;
  ageAdd: number;
  alpn: string;
  serverName: string;
  peerCertificates: Certificate[];
  /** From the ticket's early_data extension: 0 means no 0-RTT. */
  maxEarlyData: number;
  /** What marshalDataForSessionState returned when the ticket arrived. */
  extra: Uint8Array;
}
