// quic-go's tuning constants, under quic-go's names and values
// (internal/protocol/params.go at v0.47.0; the line is given beside each one).
// Durations are in milliseconds, sizes in bytes.

/** UDP receive buffer size quic-go tries to set (params.go:6). */
export const DesiredReceiveBufferSize = (1 << 20) * 7;
/** UDP send buffer size quic-go tries to set (params.go:9). */
export const DesiredSendBufferSize = (1 << 20) * 7;
/** Size of the client's first Initial datagram (params.go:12). */
export const InitialPacketSize = 1280;
/** Upper bound of the congestion window, in packets (params.go:15). */
export const MaxCongestionWindowPackets = 10000;
/** Undecryptable packets a connection keeps until its keys arrive (params.go:18). */
export const MaxUndecryptablePackets = 32;
/** Connection window = this × stream window (params.go:22). */
export const ConnectionFlowControlMultiplier = 1.5;
/** Initial stream receive window, 512 KiB (params.go:25). */
export const DefaultInitialMaxStreamData = (1 << 10) * 512;
/** Initial connection receive window, 768 KiB (params.go:28). */
export const DefaultInitialMaxData = ConnectionFlowControlMultiplier * DefaultInitialMaxStreamData;
/** Auto-tuning ceiling of a stream receive window, 6 MiB (params.go:31). */
export const DefaultMaxReceiveStreamFlowControlWindow = 6 * (1 << 20);
/** Auto-tuning ceiling of the connection receive window, 15 MiB (params.go:34). */
export const DefaultMaxReceiveConnectionFlowControlWindow = 15 * (1 << 20);
/** A window update is due once this fraction of the window is left (params.go:37). */
export const WindowUpdateThreshold = 0.25;
/** Default limit of peer-opened bidirectional streams (params.go:40). */
export const DefaultMaxIncomingStreams = 100;
/** Default limit of peer-opened unidirectional streams (params.go:43). */
export const DefaultMaxIncomingUniStreams = 100;
/** Capacity of baseServer.receivedPackets (params.go:46). */
export const MaxServerUnprocessedPackets = 1024;
/** Capacity of a connection's receivedPackets (params.go:49). */
export const MaxConnUnprocessedPackets = 256;
/** Packet numbers are skipped (to detect optimistic ACKs) at first within this period (params.go:53). */
export const SkipPacketInitialPeriod = 256;
/** …and the period doubles up to this (params.go:56). */
export const SkipPacketMaxPeriod = 128 * 1024;
/** Capacity of baseServer.connQueue; a full queue refuses new connections (params.go:60). */
export const MaxAcceptQueueSize = 32;
/**
 * Lifetime of a NEW_TOKEN token, 24 h (params.go:63). Nothing uses it at v0.47.0: an unset
 * Transport.MaxTokenAge stays 0 (src/transport.ts); v0.49.0 made it the default.
 */
export const TokenValidity = 24 * 60 * 60 * 1000;
/** Sent packets in flight we track at most (params.go:68). */
export const MaxOutstandingSentPackets = 2 * MaxCongestionWindowPackets;
/** Sent packets we remember at most (params.go:73). */
export const MaxTrackedSentPackets = (MaxOutstandingSentPackets * 5) / 4;
/** Non-ack-eliciting packets we send in a row before making one ack-eliciting (params.go:77). */
export const MaxNonAckElicitingAcks = 19;
/** Gaps a stream's frame sorter accepts (params.go:81). */
export const MaxStreamFrameSorterGaps = 1000;
/** Smallest buffer for a STREAM frame (params.go:86). */
export const MinStreamFrameBufferSize = 128;
/** Smallest room worth coalescing another packet into (params.go:90). */
export const MinCoalescedPacketSize = 128;
/** Highest CRYPTO offset we buffer per level (params.go:94). */
export const MaxCryptoStreamOffset = 16 * (1 << 10);
/** The smallest idle timeout we accept from a peer, 5 s (params.go:97). */
export const MinRemoteIdleTimeout = 5_000;
/** Default idle timeout after the handshake, 30 s (params.go:100). */
export const DefaultIdleTimeout = 30_000;
/** Default idle timeout during the handshake, 5 s (params.go:103). */
export const DefaultHandshakeIdleTimeout = 5_000;
/** Keep-alives are never spaced further apart, 20 s (params.go:107). */
export const MaxKeepAliveInterval = 20_000;
/** A retired connection ID stays routable this long, 5 s (params.go:111). */
export const RetiredConnectionIDDeleteTimeout = 5_000;
/** A STREAM frame smaller than this is not split (params.go:117). */
export const MinStreamFrameSize = 128;
/** Largest CRYPTO frame after the handshake (params.go:121). */
export const MaxPostHandshakeCryptoFrameSize = 1000;
/** Largest ACK frame we send (params.go:127). */
export const MaxAckFrameSize = 1000;
/** ACK ranges we send at most (params.go:132). */
export const MaxNumAckRanges = 32;
/** The pacer never waits less than this (params.go:137). */
export const MinPacingDelay = 1;
/** Length of the connection IDs a Transport issues by default (params.go:141). */
export const DefaultConnectionIDLength = 4;
/** The active_connection_id_limit we announce (params.go:144). */
export const MaxActiveConnectionIDs = 4;
/** Connection IDs we issue at most (params.go:147). */
export const MaxIssuedConnectionIDs = 6;
/** Packets sent on one connection ID before switching (params.go:151). */
export const PacketsPerConnectionID = 10000;
/** The ack_delay_exponent we use (params.go:154). */
export const AckDelayExponent = 3;
/** Timer granularity, 1 ms (params.go:158; RFC 9002 §6.1.2). */
export const TimerGranularity = 1;
/** The max_ack_delay we announce, 25 ms (params.go:161). */
export const MaxAckDelay = 25;
/** MaxAckDelay plus the timer granularity (params.go:165). */
export const MaxAckDelayInclGranularity = MaxAckDelay + TimerGranularity;
/** Packets per key phase before we initiate a key update (params.go:168). */
export const KeyUpdateInterval = 100 * 1000;
/** 0-RTT packets wait this long for their Initial (params.go:171). */
export const Max0RTTQueueingDuration = 100;
/** Connections with queued 0-RTT packets (params.go:174). */
export const Max0RTTQueues = 32;
/** Queued 0-RTT packets per connection (params.go:180). */
export const Max0RTTQueueLen = 31;
