// Exercise 08.1: populateConfig, the timeouts part. See README.md.
import * as params from '../../src/internal/protocol/params.ts';
import { MaxPacketBufferSize } from '../../src/internal/protocol/protocol.ts';
import { SupportedVersions } from '../../src/internal/protocol/version.ts';
import type { Config, PopulatedConfig } from '../../src/config.ts';

const orDefault = (v: number | undefined, d: number) => (v === undefined || v === 0 ? d : v);
const streamLimit = (v: number | undefined, d: number) => (v === undefined || v === 0 ? d : v < 0 ? 0 : v);

export function populateConfig(c: Config = {}): PopulatedConfig {
  // TODO: QUIC_DEBUG=1 (the debugger's launch configurations) must raise the two timeouts.
  return {
    versions: c.versions && c.versions.length > 0 ? c.versions : [...SupportedVersions],
    handshakeIdleTimeout: c.handshakeIdleTimeout ?? 0, // TODO: quic-go's default
    maxIdleTimeout: c.maxIdleTimeout ?? 0, // TODO: quic-go's default
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
