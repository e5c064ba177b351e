// Config with quic-go's fields and defaults (quic-go: interface.go Config, config.go populateConfig).
// Durations are in milliseconds.
import * as params from './internal/protocol/params.ts';
import { MaxPacketBufferSize, MaxMaxUDPPayloadSize, MinInitialPacketSize, MaxByteCount } from './internal/protocol/protocol.ts';
import { SupportedVersions, type Version } from './internal/protocol/version.ts';
import type { Clock } from './internal/utils/clock.ts';
import type { UDPAddr } from './sys_conn.ts';
import type { TokenStore } from './token_store.ts';

/** Which library runs the cryptography: @noble/* (pure TypeScript, the default) or node:crypto (OpenSSL); see docs/en/crypto.md. */
export type CryptoBackend = 'noble' | 'node';

/** What GetConfigForClient learns about a new client (quic-go's ClientHelloInfo). */
export interface ClientHelloInfo {
  remoteAddr: UDPAddr;
  addrVerified: boolean;
}

export interface Config {
  /** Versions we speak, in order of preference (default: v1, v2). */
  versions?: Version[];
  /** Idle limit before the handshake completes (default 5 s); the whole handshake gets twice that. */
  handshakeIdleTimeout?: number;
  /** Idle limit after the handshake (default 30 s); the effective value is min(ours, peer's). */
  maxIdleTimeout?: number;
  initialStreamReceiveWindow?: number;
  maxStreamReceiveWindow?: number;
  initialConnectionReceiveWindow?: number;
  maxConnectionReceiveWindow?: number;
  /** Peer-opened bidirectional streams (default 100; negative: none). */
  maxIncomingStreams?: number;
  /** Peer-opened unidirectional streams (default 100; negative: none). */
  maxIncomingUniStreams?: number;
  /** Send PINGs to keep an idle connection alive; 0 = off. */
  keepAlivePeriod?: number;
  /** Size of the first Initial datagram (default 1280, clamped to 1200…1452). */
  initialPacketSize?: number;
  /** Never probe for larger datagrams than initialPacketSize (quic-go's DisablePathMTUDiscovery). */
  disablePathMTUDiscovery?: boolean;
  /**
   * The largest UDP payload we accept, announced as max_udp_payload_size, and the ceiling of path MTU
   * discovery (default 1452, quic-go's MaxPacketBufferSize; clamped to initialPacketSize…65527).
   * Raise it only on paths known to carry more, such as loopback (MTU 65536) or jumbo frames: Node
   * cannot set IP_PMTUDISC_DO, so a probe larger than the first link's MTU is fragmented by the
   * kernel instead of being lost, and QUIC datagrams must not be fragmented (RFC 9000 §14).
   */
  maxUDPPayloadSize?: number;
  /** RFC 9221 DATAGRAM frames. */
  enableDatagrams?: boolean;
  /**
   * Server: accept 0-RTT data from resuming clients, and issue tickets that allow it (RFC 9001
   * §4.6). Meant for an EarlyListener (listenAddrEarly): a Listener drops the 0-RTT packets that
   * arrive before their connection exists (acceptEarlyConns, server.go:418-426).
   */
  allow0RTT?: boolean;
  /** Called for each new client; throwing refuses it with CONNECTION_REFUSED (server.go:623-641). */
  getConfigForClient?: (info: ClientHelloInfo) => Config;
  /** Which library runs packet protection, the key exchange and the handshake signatures. */
  crypto?: CryptoBackend;
  /**
   * Client: keeps the servers' NEW_TOKEN tokens and presents one in the next connection's Initial
   * (RFC 9000 §8.1.3; interface.go:281-285). Unset: tokens are dropped.
   */
  tokenStore?: TokenStore;
  /** Directory for qlog files, one per connection. */
  qlogDir?: string;
  /** The time source for timers (tests pass a ManualClock). */
  clock?: Clock;
}

/** A Config with every default filled in. */
export type PopulatedConfig = Required<Omit<Config, 'getConfigForClient' | 'tokenStore' | 'qlogDir' | 'clock'>> &
  Pick<Config, 'getConfigForClient' | 'tokenStore' | 'qlogDir' | 'clock'>;

/** 2 × HandshakeIdleTimeout: the whole handshake must finish in this time (config.go:17-19). */
export function handshakeTimeout(c: PopulatedConfig): number {
  return 2 * c.handshakeIdleTimeout; // @anchor config.handshakeTimeout
}

/**
 * The idle timeout once the handshake is complete (RFC 9000 §10.1): the smaller of ours and the
 * peer's max_idle_timeout (`peers` 0: the peer sent none, so no limit, connection.go:1770-1774; an
 * explicit 0 was already raised to 5 s, transport_parameters.go:302), and never less
 * than 3 × PTO (connection.go:685), so a slow path is not mistaken for a dead one.
 */
export function effectiveIdleTimeout(ours: number, peers: number, pto: number): number {
  const negotiated = peers > 0 ? Math.min(ours, peers) : ours;
  return Math.max(negotiated, 3 * pto);
}

/** A Retry token is valid for the handshake timeout (config.go:21-23). */
export function maxRetryTokenAge(c: PopulatedConfig): number {
  return handshakeTimeout(c);
}

/** Clips values to their maxima and rejects unknown versions (config.go:25-55). */
export function validateConfig(c: Config | undefined): void {
  if (!c) return;
  const maxStreams = 2 ** 60;
  if ((c.maxIncomingStreams ?? 0) > maxStreams) c.maxIncomingStreams = maxStreams;
  if ((c.maxIncomingUniStreams ?? 0) > maxStreams) c.maxIncomingUniStreams = maxStreams;
  if ((c.maxStreamReceiveWindow ?? 0) > MaxByteCount) c.maxStreamReceiveWindow = MaxByteCount;
  if ((c.maxConnectionReceiveWindow ?? 0) > MaxByteCount) c.maxConnectionReceiveWindow = MaxByteCount;
  if (c.initialPacketSize !== undefined && c.initialPacketSize > 0 && c.initialPacketSize < MinInitialPacketSize) {
    c.initialPacketSize = MinInitialPacketSize;
  }
  if ((c.initialPacketSize ?? 0) > MaxPacketBufferSize) c.initialPacketSize = MaxPacketBufferSize;
  if (c.maxUDPPayloadSize !== undefined && c.maxUDPPayloadSize > 0) {
    c.maxUDPPayloadSize = Math.min(Math.max(c.maxUDPPayloadSize, c.initialPacketSize ?? params.InitialPacketSize), MaxMaxUDPPayloadSize);
  }
  for (const v of c.versions ?? []) {
    if (!SupportedVersions.includes(v)) throw new Error(`invalid QUIC version: 0x${v.toString(16)}`);
  }
  for (const [name, value] of Object.entries(c)) {
    if (typeof value === 'number' && (!Number.isFinite(value) || Number.isNaN(value))) {
      throw new Error(`invalid config: ${name} = ${value}`);
    }
  }
}

const orDefault = (v: number | undefined, d: number) => (v === undefined || v === 0 ? d : v);
const streamLimit = (v: number | undefined, d: number) => (v === undefined || v === 0 ? d : v < 0 ? 0 : v);

/** Fills in quic-go's defaults (config.go:59-128). QUIC_DEBUG=1 (the VS Code launch configurations) applies debugTimeouts. */
export function populateConfig(c: Config = {}): PopulatedConfig {
  if (globalThis.process?.env.QUIC_DEBUG === '1') c = { ...debugTimeouts, ...c }; // @anchor config.populateConfig.debug
  return {
    versions: c.versions && c.versions.length > 0 ? c.versions : [...SupportedVersions],
    handshakeIdleTimeout: orDefault(c.handshakeIdleTimeout, params.DefaultHandshakeIdleTimeout),
    maxIdleTimeout: orDefault(c.maxIdleTimeout, params.DefaultIdleTimeout),
    initialStreamReceiveWindow: orDefault(c.initialStreamReceiveWindow, params.DefaultInitialMaxStreamData),
    maxStreamReceiveWindow: orDefault(c.maxStreamReceiveWindow, params.DefaultMaxReceiveStreamFlowControlWindow),
    initialConnectionReceiveWindow: orDefault(c.initialConnectionReceiveWindow, params.DefaultInitialMaxData),
    maxConnectionReceiveWindow: orDefault(c.maxConnectionReceiveWindow, params.DefaultMaxReceiveConnectionFlowControlWindow),
    maxIncomingStreams: streamLimit(c.maxIncomingStreams, params.DefaultMaxIncomingStreams),
    maxIncomingUniStreams: streamLimit(c.maxIncomingUniStreams, params.DefaultMaxIncomingUniStreams),
    keepAlivePeriod: c.keepAlivePeriod ?? 0,
    initialPacketSize: orDefault(c.initialPacketSize, params.InitialPacketSize),
    disablePathMTUDiscovery: c.disablePathMTUDiscovery ?? false,
    maxUDPPayloadSize: orDefault(c.maxUDPPayloadSize, MaxPacketBufferSize),
    enableDatagrams: c.enableDatagrams ?? false,
    allow0RTT: c.allow0RTT ?? false,
    crypto: c.crypto ?? 'noble',
    getConfigForClient: c.getConfigForClient,
    tokenStore: c.tokenStore,
    qlogDir: c.qlogDir,
    clock: c.clock,
  };
}

/** Timeouts long enough to sit at a breakpoint (the `--debug` flag; chapter 08). */
export const debugTimeouts: Pick<Config, 'handshakeIdleTimeout' | 'maxIdleTimeout'> = {
  handshakeIdleTimeout: 10 * 60_000,
  maxIdleTimeout: 60 * 60_000,
};
