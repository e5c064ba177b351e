// Under QUIC_DEBUG=1, treats an explicit 0 as unset and gives it the debug value.
import * as params from '../../../src/internal/protocol/params.ts';
import { MaxPacketBufferSize } from '../../../src/internal/protocol/protocol.ts';
import { SupportedVersions } from '../../../src/internal/protocol/version.ts';
import type { Config, PopulatedConfig } from '../../../src/config.ts';

const orDefault = (v: number | undefined, d: number) => (v === undefined || v === 0 ? d : v);
/** Long enough to sit at a breakpoint: 10 min before, 1 h after the handshake. */
const debugTimeouts: Config = { handshakeIdleTimeout: 10 * 60_000, maxIdleTimeout: 60 * 60_000 };
const streamLimit = (v: number | undefined, d: number) => (v === undefined || v === 0 ? d : v < 0 ? 0 : v);

export function populateConfig(c: Config = {}): PopulatedConfig {
  // The caller's own values win over the debug ones.
  if (globalThis.process?.env.QUIC_DEBUG === '1') c = { ...c, handshakeIdleTimeout: c.handshakeIdleTimeout || debugTimeouts.handshakeIdleTimeout, maxIdleTimeout: c.maxIdleTimeout || debugTimeouts.maxIdleTimeout };
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
