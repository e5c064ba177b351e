// A QUIC connection (quic-go: connection.go). One goroutine, run(), owns all of its state: it
// takes packets from its own receivedPackets queue (256), wakes on one timer, and sends. Chapter 07
// follows "handshake complete" from here to the server's accept queue.
import { random, randomBytes } from './internal/utils/rand.ts';
import { Chan, select } from './internal/utils/chan.ts';
import type { Clock } from './internal/utils/clock.ts';
import { systemClock } from './internal/utils/clock.ts';
import { RTTStats } from './internal/utils/rtt_stats.ts';
import { yieldToIO } from './internal/utils/goroutine.ts';
import {
  EncryptionLevel,
  Perspective,
  PacketType,
  connIDEqual,
  connIDToHex,
  type ConnectionID,
} from './internal/protocol/protocol.ts';
import * as params from './internal/protocol/params.ts';
import type { Version } from './internal/protocol/version.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import {
  ApplicationError,
  HandshakeTimeoutError,
  IdleTimeoutError,
  TransportError,
  VersionNegotiationError,
  protocolError,
} from './internal/qerr/errors.ts';
import {
  UnsupportedVersionError,
  isLongHeaderPacket,
  isPotentialQUICPacket,
  isVersionNegotiationPacket,
  parseConnectionID,
  parsePacket,
  type Header,
} from './internal/wire/header.ts';
import { parseNextFrame } from './internal/wire/frame_parser.ts';
import { Reader } from './internal/wire/varint.ts';
import type { ConnectionCloseFrame, Frame } from './internal/wire/frame.ts';
import { isAckEliciting } from './internal/wire/frame.ts';
import { parseVersionNegotiationPacket } from './internal/wire/version_negotiation.ts';
import { validForUpdate, type TransportParameters } from './internal/wire/transport_parameters.ts';
import { ErrDecryptionFailed, ErrKeysDropped } from './internal/handshake/aead.ts';
import { cryptoSetup, type QUICTLSConfig } from './internal/handshake/crypto_setup.ts';
import { getRetryIntegrityTag } from './internal/handshake/retry.ts';
import type { TokenGenerator } from './internal/handshake/token_generator.ts';
import { sentPacketHandler } from './internal/ackhandler/sent_packet_handler.ts';
import { mtuFinder, type mtuDiscoverer } from './mtu_discoverer.ts';
import { receivedPacketHandler } from './internal/ackhandler/received_packet_handler.ts';
import { chooseSupportedVersion } from './internal/protocol/version.ts';
import type { PopulatedConfig } from './config.ts';
import { effectiveIdleTimeout, handshakeTimeout } from './config.ts';
import type { connRunner } from './packet_handler_map.ts';
import type { quicConn, serverConnParams } from './server.ts';
import type { ConnectionIDGenerator } from './interface.ts';
import { addrString, type rawConn, type receivedPacket, type UDPAddr } from './sys_conn.ts';
import { connIDGenerator } from './conn_id_generator.ts';
import { connIDManager } from './conn_id_manager.ts';
import { connectionTimer } from './connection_timer.ts';
import { packetPacker, type coalescedPacket } from './packet_packer.ts';
import { ErrKeysNotYetAvailable, headerParseError, levelOf, packetUnpacker } from './packet_unpacker.ts';
import { connectionStreams } from './connection_streams.ts';
import type { Connection, ConnectionState, ReceiveStream, SendStream, Stream } from './interface.ts';
import { trace, tracing } from './trace.ts';
import { qlogPacketTypeOf, qlogWriter, type packetDropTrigger, type qlogPacketType } from './qlog.ts';

/** Closing to dial again with another version, after Version Negotiation (quic-go: errCloseForRecreating). */
export class errCloseForRecreating extends Error {
  constructor(readonly nextVersion: Version) {
    super('closing connection in order to recreate it');
  }
}

/** Everything a client connection needs (quic-go: newClientConnection's parameters). */
export interface clientConnParams {
  conn: rawConn;
  remoteAddr: UDPAddr;
  runner: connRunner;
  destConnID: ConnectionID;
  srcConnID: ConnectionID;
  connIDGenerator: ConnectionIDGenerator;
  config: PopulatedConfig;
  tlsConf: QUICTLSConfig;
  version: Version;
  initialPacketNumber: number;
  /** dialEarly: offer 0-RTT when a session ticket allows it (quic-go: enable0RTT). */
  enable0RTT?: boolean;
  clock: Clock;
}

/** The server's connection factory; `newConn` in server.go (connection.go:217). */
export function newConnection(p: serverConnParams): quicConn {
  return new connection(Perspective.Server, p, undefined);
}

export function newClientConnection(p: clientConnParams): connection {
  return new connection(Perspective.Client, undefined, p);
}

export class connection implements quicConn {
  readonly perspective: Perspective;
  private version: Version;
  private readonly config: PopulatedConfig;
  private readonly clock: Clock;
  private readonly conn: rawConn;
  private readonly peerAddr: UDPAddr;
  private readonly runner: connRunner;
  private readonly tokenGenerator: TokenGenerator | undefined; // only set for the server
  private readonly tokenStoreKey: string | undefined; // only set for the client

  /** This connection's own queue, fed by Transport.handlePacket (connection.go:481). */
  readonly receivedPackets = new Chan<receivedPacket>(params.MaxConnUnprocessedPackets, 'conn.receivedPackets');
  private readonly sendingScheduled = new Chan<void>(1, 'sendingScheduled');
  private readonly closeChan = new Chan<void>(1, 'closeChan');
  private readonly handshakeCompleteChan = new Chan<void>(0, 'handshakeComplete');
  private readonly earlyConnReadyChan = new Chan<void>(0, 'earlyConnReady');
  private readonly ctx = new AbortController();
  private readonly timer: connectionTimer;

  private readonly rttStats = new RTTStats();
  private readonly sentPacketHandler: sentPacketHandler;
  private readonly receivedPacketHandler: receivedPacketHandler;
  private readonly cryptoStreamHandler: cryptoSetup;
  private readonly streams: connectionStreams;
  private readonly connIDManager: connIDManager;
  private readonly connIDGenerator: connIDGenerator;
  private readonly packer: packetPacker;
  private readonly unpacker: packetUnpacker;
  private readonly srcConnID: ConnectionID;

  // Client: what the transport parameters must echo (RFC 9000 §7.3).
  private readonly origDestConnID: ConnectionID;
  private retrySrcConnID: ConnectionID | undefined;
  private peerSrcConnID: ConnectionID | undefined;

  private peerParams: TransportParameters | undefined;
  /** Client: the server's limits remembered with the session ticket, used for 0-RTT (RFC 9000 §7.4.1). */
  private restoredParams: TransportParameters | undefined;
  private undecryptablePackets: receivedPacket[] = [];
  private handshakeComplete_ = false;
  private handshakeConfirmed = false;
  private receivedFirstPacket = false;
  private receivedRetry = false;
  private droppedInitialKeys = false;
  private closeErr: Error | undefined;
  /** We sent (or must send) a CONNECTION_CLOSE, rather than just vanish. */
  private sendClose = false;

  private readonly creationTime: number;
  private lastPacketReceivedTime: number;
  private firstAckElicitingPacketAfterIdleSentTime: number | undefined; // Go's zero time.Time: none since the last packet received
  private idleTimeout: number;
  private keepAliveInterval = 0;
  private keepAlivePingSent = false;
  private pacingDeadline = 0;
  /** The datagram size we send: initialPacketSize, then what path MTU discovery confirms. */
  private maxPacketSize: number;
  /** Set up when the peer's transport parameters arrive (connection.go:1793). */
  private mtuDiscoverer: mtuDiscoverer | undefined;
  private bytesReceived = 0;
  private readonly qlog: qlogWriter | undefined;

  constructor(perspective: Perspective, s: serverConnParams | undefined, c: clientConnParams | undefined) {
    const p = (s ?? c)!;
    this.perspective = perspective;
    this.version = p.version;
    this.config = p.config;
    this.clock = p.clock ?? systemClock;
    this.conn = p.conn;
    this.peerAddr = p.remoteAddr;
    this.runner = p.runner;
    this.tokenGenerator = s?.tokenGenerator;
    this.timer = new connectionTimer(this.clock);
    this.creationTime = this.clock.now();
    this.lastPacketReceivedTime = this.creationTime;
    this.idleTimeout = this.config.handshakeIdleTimeout;
    this.maxPacketSize = this.config.initialPacketSize;
    this.srcConnID = p.srcConnID;
    // Our context is a child of the server's (WithCancelCause, connection.go:382): cancelling that one ends ours.
    const parent = s?.ctx;
    if (parent) {
      if (parent.aborted) this.ctx.abort(parent.reason);
      else parent.addEventListener('abort', () => this.ctx.abort(parent.reason), { once: true });
    }

    const destConnID = s ? s.destConnID : c!.destConnID;
    const queueControlFrame = (f: Frame) => this.streams.queueControlFrame(f);
    this.connIDManager = new connIDManager(
      destConnID,
      (t) => this.runner.addResetToken(t, this),
      (t) => this.runner.removeResetToken(t),
      queueControlFrame,
    );
    this.connIDGenerator = new connIDGenerator(p.srcConnID, s?.clientDestConnID, this.runner, this, queueControlFrame, p.connIDGenerator);
    this.origDestConnID = s ? s.origDestConnID : c!.destConnID;
    this.retrySrcConnID = s?.retrySrcConnID;
    if (s) this.peerSrcConnID = s.destConnID;

    this.sentPacketHandler = new sentPacketHandler(perspective, this.rttStats, {
      initialPacketNumber: c?.initialPacketNumber ?? 0,
      initialMaxDatagramSize: this.maxPacketSize,
      clientAddressValidated: s?.clientAddressValidated,
    });
    this.receivedPacketHandler = new receivedPacketHandler(this.sentPacketHandler);
    this.streams = new connectionStreams(perspective, this.config, this.rttStats, () => this.scheduleSending(), this.clock);

    this.cryptoStreamHandler = new cryptoSetup(
      perspective,
      s ? s.clientDestConnID : c!.destConnID,
      s ? s.tlsConf : c!.tlsConf,
      this.ourTransportParameters(s),
      this.rttStats,
      this.version,
      this.config.crypto,
      s ? this.config.allow0RTT : c!.enable0RTT === true, // connection.go:322 (conf.Allow0RTT), :428 (enable0RTT)
      () => this.clock.now(),
    );
    this.unpacker = new packetUnpacker(this.cryptoStreamHandler, p.srcConnID.length);
    this.packer = new packetPacker(
      p.srcConnID,
      () => this.connIDManager.get(),
      perspective,
      this.cryptoStreamHandler,
      this.sentPacketHandler,
      this.receivedPacketHandler,
      this.streams.cryptoFrameSources(),
      this.streams.framer,
      params.AckDelayExponent,
      this.version,
    );
    if (c) {
      // Tokens are kept per server name, or per address without one (tokenStoreKey, connection.go:438-447; RFC 9000 §8.1.3).
      this.tokenStoreKey = c.tlsConf.serverName || addrString(c.remoteAddr);
      const token = this.config.tokenStore?.pop(this.tokenStoreKey); // @anchor connection.newClientConnection.popToken
      if (token) this.packer.setToken(token.data);
    }
    if (this.config.qlogDir) this.qlog = new qlogWriter(this.config.qlogDir, perspective, this.origDestConnID);
  }

  /** Our transport parameters (connection.go:285-307; RFC 9000 §18.2). */
  private ourTransportParameters(s: serverConnParams | undefined): TransportParameters {
    const c = this.config;
    return {
      initialMaxStreamDataBidiLocal: c.initialStreamReceiveWindow,
      initialMaxStreamDataBidiRemote: c.initialStreamReceiveWindow,
      initialMaxStreamDataUni: c.initialStreamReceiveWindow,
      initialMaxData: c.initialConnectionReceiveWindow,
      maxIdleTimeout: c.maxIdleTimeout,
      maxBidiStreamNum: c.maxIncomingStreams,
      maxUniStreamNum: c.maxIncomingUniStreams,
      maxAckDelay: params.MaxAckDelayInclGranularity,
      ackDelayExponent: params.AckDelayExponent,
      disableActiveMigration: true,
      maxUDPPayloadSize: c.maxUDPPayloadSize,
      activeConnectionIDLimit: params.MaxActiveConnectionIDs,
      initialSourceConnectionID: this.srcConnID,
      originalDestinationConnectionID: s ? s.origDestConnID : undefined,
      retrySourceConnectionID: s ? s.retrySrcConnID : undefined,
      statelessResetToken: s ? s.statelessResetToken : undefined,
      maxDatagramFrameSize: c.enableDatagrams ? 16383 : undefined,
    } as TransportParameters;
  }

  // --- the goroutine ---

  /** The connection's goroutine (connection.go:495-660). */
  async run(): Promise<void> {
    try {
      this.cryptoStreamHandler.startHandshake();
      this.handleHandshakeEvents();
    } catch (err) {
      this.closeLocal(err as Error);
    }
    this.scheduleSending();
    while (!this.closeErr) {
      const r = await select([this.closeChan, this.timer.chan, this.sendingScheduled, this.receivedPackets]); // @anchor connection.run.select
      if (r.index === 0) break;
      // A packet woke us: let the socket's other waiting datagrams reach the queue first, so that
      // runIteration handles them as one batch and one ACK covers them all (RFC 9000 §13.2.1
      // leaves the ACK rate to the receiver; quic-go batches the same way when its queue fills).
      if (r.index === 3) await yieldToIO();
      try {
        this.runIteration(r.index === 3 ? (r.value as receivedPacket) : undefined);
      } catch (err) {
        // A bug must close this connection, not take the process down.
        this.closeLocal(err instanceof TransportError ? err : new TransportError({ errorCode: TransportErrorCode.InternalError, errorMessage: String(err) }));
      }
    }
    this.handleCloseError();
  }

  /** One wake-up of the run loop: packets, timers, then sending. */
  private runIteration(p: receivedPacket | undefined): void {
    if (p) {
      this.handlePacketImpl(p); // @anchor connection.run.handlePacket
      // Process what else is queued before sending (connection.go:570-591).
      for (let n = this.receivedPackets.length; n > 0 && !this.closeErr; n--) {
        this.handlePacketImpl(this.receivedPackets.tryRecv()!.value!);
      }
    }
    // A frame the framer could not queue is lost for good (a MAX_STREAMS, a RETIRE_CONNECTION_ID…):
    // rather than stall the peer, close (connection.go:521-523).
    if (this.streams.queuedTooManyControlFrames()) this.closeLocal(new TransportError({ errorCode: TransportErrorCode.InternalError, errorMessage: 'too many queued control frames' }));
    if (this.closeErr) return;
    const now = this.clock.now();
    if (this.sentPacketHandler.getLossDetectionTimeout() <= now) this.sentPacketHandler.onLossDetectionTimeout(now);
    // Keep-alive first, as connection.go:610 checks nextKeepAliveTime before the two timeouts: a PING
    // due means no timeout check this time.
    if (!this.maybeSendKeepAlive(now) && this.maybeTimeout(now)) return;
    this.triggerSending(now);
    this.resetTimer();
  }

  /** The two timeouts of connection.go:615-622. */
  private maybeTimeout(now: number): boolean {
    if (!this.handshakeComplete_ && now - this.creationTime >= handshakeTimeout(this.config)) {
      this.destroyImpl(new HandshakeTimeoutError()); // @anchor connection.handshakeTimeout
      return true;
    }
    if (now >= this.nextIdleTimeoutTime()) {
      this.destroyImpl(new IdleTimeoutError()); // @anchor connection.idleTimeout
      return true;
    }
    return false;
  }

  /**
   * The idle clock restarts at the later of the last received packet and the first ack-eliciting
   * packet sent after it (connection.go:722-728, RFC 9000 §10.1). Before the handshake completes the
   * limit is HandshakeIdleTimeout; after, min(ours, peer's), never below 3×PTO.
   */
  private nextIdleTimeoutTime(): number {
    const start = Math.max(this.lastPacketReceivedTime, this.firstAckElicitingPacketAfterIdleSentTime ?? 0);
    const timeout = this.handshakeComplete_ ? effectiveIdleTimeout(this.config.maxIdleTimeout, this.peerParams?.maxIdleTimeout ?? 0, this.rttStats.pto(true)) : this.config.handshakeIdleTimeout;
    return start + timeout;
  }

  /** Queues a keep-alive PING when one is due; says whether it did. */
  private maybeSendKeepAlive(now: number): boolean {
    if (this.keepAliveInterval === 0 || this.keepAlivePingSent || !this.handshakeComplete_) return false;
    if (now < Math.max(this.lastPacketReceivedTime, this.firstAckElicitingPacketAfterIdleSentTime ?? 0) + this.keepAliveInterval) return false;
    this.keepAlivePingSent = true;
    this.streams.queueControlFrame({ type: 'ping' });
    return true;
  }

  private resetTimer(): void {
    const keepAlive =
      this.keepAliveInterval > 0 && this.handshakeComplete_ && !this.keepAlivePingSent
        ? Math.max(this.lastPacketReceivedTime, this.firstAckElicitingPacketAfterIdleSentTime ?? 0) + this.keepAliveInterval
        : Infinity;
    this.timer.setTimer(
      this.nextIdleTimeoutTime(),
      this.handshakeComplete_ ? Infinity : this.creationTime + handshakeTimeout(this.config),
      this.receivedPacketHandler.getAlarmTimeout(),
      this.sentPacketHandler.getLossDetectionTimeout(),
      this.pacingDeadline || Infinity,
      keepAlive,
    );
  }

  private scheduleSending(): void {
    this.sendingScheduled.trySend();
  }

  // --- receiving ---

  /**
   * Called on the transport's listen goroutine: a non-blocking hand-off into this connection's
   * queue, dropping when it is full (connection.go:1350-1360).
   */
  handlePacket(p: receivedPacket): void {
    if (!this.receivedPackets.trySend(p)) trace('transport.listen', 'drop: connection queue full'); // @anchor connection.handlePacket
  }

  /**
   * One datagram: possibly several coalesced packets (RFC 9000 §12.2). Whatever follows the first
   * packet may not be a packet at all ("Initial packets can even be coalesced with invalid packets,
   * which a receiver will discard", §14.1): bytes that do not form a packet of this connection end
   * the datagram, and the connection goes on (connection.go:789-873).
   */
  private handlePacketImpl(rp: receivedPacket): void {
    this.bytesReceived += rp.data.length;
    if (this.perspective === Perspective.Server) this.sentPacketHandler.receivedBytes(rp.data.length, rp.rcvTime);
    if (isVersionNegotiationPacket(rp.data)) {
      this.handleVersionNegotiationPacket(rp.data);
      return;
    }
    let data = rp.data;
    let firstDestConnID: ConnectionID | undefined;
    while (data.length > 0) {
      // RFC 9000 §17.2, §17.3.1: a packet with the fixed bit 0 is not valid and is discarded.
      if (!isPotentialQUICPacket(data[0]!)) return this.dropPacket('unknown', data.length, 'invalid', 'not a QUIC packet: fixed bit not set');
      if (firstDestConnID && !this.hasDestConnID(data, firstDestConnID)) return;
      const p = { remoteAddr: rp.remoteAddr, rcvTime: rp.rcvTime, data };
      if (!isLongHeaderPacket(data[0]!)) return this.handleShortHeaderPacket(p); // it runs to the end of the datagram
      let hdr: Header, packetData: Uint8Array, rest: Uint8Array;
      try {
        ({ hdr, packetData, rest } = parsePacket(data));
      } catch (err) {
        const unsupported = err instanceof UnsupportedVersionError;
        return this.dropPacket('unknown', data.length, unsupported ? 'unsupported' : 'invalid', `cannot parse long header: ${(err as Error).message}`);
      }
      firstDestConnID = hdr.destConnectionID;
      if (hdr.type === PacketType.Retry) return this.handleRetryPacket(hdr, packetData, rp.rcvTime);
      if (hdr.version !== this.version) return this.dropPacket(qlogPacketTypeOfHeader(hdr), data.length, 'unsupported', 'unexpected version');
      this.handleLongHeaderPacket({ ...p, data: packetData }, hdr);
      data = rest;
    }
  }

  /**
   * RFC 9000 §12.2: the packets coalesced in a datagram share the first one's Destination Connection
   * ID; a receiver ignores any that do not (connection.go:805-820).
   */
  private hasDestConnID(data: Uint8Array, want: ConnectionID): boolean {
    let destConnID: ConnectionID;
    try {
      destConnID = parseConnectionID(data, this.srcConnID.length);
    } catch (err) {
      this.dropPacket('unknown', data.length, 'invalid', `cannot parse connection ID: ${(err as Error).message}`);
      return false;
    }
    if (connIDEqual(destConnID, want)) return true;
    this.dropPacket('unknown', data.length, 'connection_unknown', `coalesced packet for another connection ID: ${connIDToHex(destConnID)}`);
    return false;
  }

  /** A packet (or the rest of a datagram) that is not processed: a trace line and a qlog packet_dropped event. */
  private dropPacket(type: qlogPacketType, length: number, trigger: packetDropTrigger, reason: string): void {
    if (tracing()) trace('connection.run', `drop ${type} packet: ${reason}`, { detail: `${length} bytes`, conn: connIDToHex(this.srcConnID) });
    this.qlog?.packetDropped(type, length, trigger, reason);
  }

  private handleLongHeaderPacket(p: receivedPacket, hdr: Header): void {
    const type = qlogPacketTypeOfHeader(hdr);
    // RFC 9000 §7.2: the peer's Source Connection ID is fixed by its first packet: the client's first
    // Initial for a server, the first Initial the client could decrypt for a client (a Retry comes
    // before, and does not fix it). Later packets with another SCID are discarded.
    if (this.peerSrcConnID && !connIDEqual(hdr.srcConnectionID, this.peerSrcConnID)) {
      return this.dropPacket(type, p.data.length, 'connection_unknown', `unexpected Source Connection ID ${connIDToHex(hdr.srcConnectionID)}`);
    }
    let packet;
    try {
      packet = this.unpacker.unpackLongHeader(hdr, p.data);
    } catch (err) {
      this.handleUnpackError(err, p, type);
      return;
    }
    // Client: the server's first packet tells us its connection ID (RFC 9000 §7.2).
    if (this.perspective === Perspective.Client && !this.receivedFirstPacket && !connIDEqual(hdr.srcConnectionID, this.connIDManager.get())) {
      this.connIDManager.changeInitialConnID(hdr.srcConnectionID);
    }
    this.peerSrcConnID ??= hdr.srcConnectionID;
    this.receivedFirstPacket = true;
    if (this.receivedPacketHandler.isPotentiallyDuplicate(packet.packetNumber, packet.encryptionLevel)) {
      return this.dropPacket(type, p.data.length, 'duplicate', `duplicate packet ${packet.packetNumber}`);
    }
    // RFC 9001 §4.9.1: a server drops its Initial keys once it receives a Handshake packet.
    if (this.perspective === Perspective.Server && packet.encryptionLevel === EncryptionLevel.Handshake && !this.droppedInitialKeys) {
      this.dropInitialKeys(p.rcvTime);
    }
    this.handleUnpackedPacket(packet.data, packet.encryptionLevel, packet.packetNumber, p.rcvTime, hdr.destConnectionID);
  }

  private handleShortHeaderPacket(p: receivedPacket): void {
    let packet;
    try {
      packet = this.unpacker.unpackShortHeader(p.rcvTime, p.data);
    } catch (err) {
      this.handleUnpackError(err, p, '1RTT');
      return;
    }
    if (this.receivedPacketHandler.isPotentiallyDuplicate(packet.packetNumber, EncryptionLevel.OneRTT)) {
      return this.dropPacket('1RTT', p.data.length, 'duplicate', `duplicate packet ${packet.packetNumber}`);
    }
    this.handleUnpackedPacket(packet.data, EncryptionLevel.OneRTT, packet.packetNumber, p.rcvTime, p.data.subarray(1, 1 + this.srcConnID.length));
  }

  /**
   * What the unpacker could not open is dropped, or kept for keys still to come; only an error about
   * an authenticated packet (reserved bits, no frames, a bad key update) closes the connection
   * (handleUnpackError, connection.go:992-1030).
   */
  private handleUnpackError(err: unknown, p: receivedPacket, type: qlogPacketType): void {
    if (err instanceof ErrKeysNotYetAvailable) {
      // RFC 9001 §5.7: keep a few packets for keys that are about to arrive.
      if (this.undecryptablePackets.length >= params.MaxUndecryptablePackets) {
        return this.dropPacket(type, p.data.length, 'key_unavailable', 'keys not yet available, and too many packets kept for them');
      }
      if (tracing()) trace('connection.run', `keep ${type} packet until its keys arrive`, { detail: `${p.data.length} bytes`, conn: connIDToHex(this.srcConnID) });
      this.undecryptablePackets.push(p);
      return;
    }
    if (err === ErrKeysDropped) return this.dropPacket(type, p.data.length, 'key_unavailable', 'keys already dropped'); // RFC 9001 §4.9
    if (err === ErrDecryptionFailed) return this.dropPacket(type, p.data.length, 'decryption_failure', 'decryption failed'); // RFC 9001 §5.5
    if (err instanceof headerParseError) return this.dropPacket(type, p.data.length, 'invalid', `cannot parse header: ${err.message}`);
    this.closeLocal(err as Error);
  }

  private handleUnpackedPacket(data: Uint8Array, level: EncryptionLevel, pn: number, rcvTime: number, destConnID: ConnectionID): void {
    this.lastPacketReceivedTime = rcvTime;
    this.firstAckElicitingPacketAfterIdleSentTime = undefined;
    this.keepAlivePingSent = false;
    let ackEliciting: boolean;
    try {
      ackEliciting = this.handleFrames(data, level, pn, rcvTime, destConnID);
      this.receivedPacketHandler.receivedPacket(pn, level, rcvTime, ackEliciting);
    } catch (err) {
      this.closeLocal(err as Error);
      return;
    }
    this.scheduleSending();
  }

  /** Parses and handles every frame of a packet (connection.go:1239-1300). */
  private handleFrames(data: Uint8Array, level: EncryptionLevel, pn: number, rcvTime: number, destConnID: ConnectionID): boolean {
    const wasHandshakeComplete = this.handshakeComplete_;
    const r = new Reader(data);
    let ackEliciting = false;
    const frames: Frame[] = [];
    for (;;) {
      const f = parseNextFrame(r, level, this.peerParams?.ackDelayExponent ?? params.AckDelayExponent, this.config.enableDatagrams);
      if (!f) break;
      if (this.qlog) frames.push(f);
      if (isAckEliciting(f)) ackEliciting = true;
      this.handleFrame(f, level, rcvTime, destConnID);
      if (this.closeErr) return ackEliciting;
    }
    this.qlog?.packetReceived(level, pn, data.length, frames);
    // Only now, after the ACKs of this packet were processed (connection.go:1293-1294).
    if (!wasHandshakeComplete && this.handshakeComplete_) this.handleHandshakeComplete(rcvTime); // @anchor connection.handleFrames.handshakeComplete
    return ackEliciting;
  }

  private handleFrame(f: Frame, level: EncryptionLevel, rcvTime: number, destConnID: ConnectionID): void {
    switch (f.type) {
      case 'crypto':
        this.streams.handleCryptoFrame(f, level);
        for (let msg = this.streams.getCryptoData(level); msg; msg = this.streams.getCryptoData(level)) {
          this.cryptoStreamHandler.handleMessage(msg, level);
        }
        this.handleHandshakeEvents();
        return;
      case 'ack': {
        this.sentPacketHandler.receivedAck(f, level, rcvTime);
        if (level === EncryptionLevel.OneRTT) this.cryptoStreamHandler.setLargest1RTTAcked(f.ackRanges[0]!.largest);
        return;
      }
      case 'connection_close':
        this.closeRemote(
          f.isApplicationError
            ? new ApplicationError({ errorCode: f.errorCode, errorMessage: f.reasonPhrase, remote: true })
            : new TransportError({ errorCode: f.errorCode, errorMessage: f.reasonPhrase, frameType: f.frameType, remote: true }),
        );
        return;
      case 'new_connection_id':
        this.connIDManager.add(f);
        return;
      case 'retire_connection_id':
        this.connIDGenerator.retire(f.sequenceNumber, destConnID);
        return;
      case 'path_challenge':
        this.streams.queueControlFrame({ type: 'path_response', data: f.data });
        return;
      case 'new_token':
        if (this.perspective === Perspective.Server) throw protocolError(TransportErrorCode.ProtocolViolation, 'received NEW_TOKEN frame from the client');
        this.config.tokenStore?.put(this.tokenStoreKey!, { data: f.token }); // @anchor connection.handleNewTokenFrame.put
        return;
      case 'handshake_done':
        if (this.perspective === Perspective.Server) throw protocolError(TransportErrorCode.ProtocolViolation, 'received a HANDSHAKE_DONE frame');
        if (!this.handshakeConfirmed) this.handleHandshakeConfirmed(rcvTime);
        return;
      case 'ping':
      case 'padding':
      case 'path_response':
      case 'data_blocked':
      case 'datagram':
        return;
      default:
        this.streams.handleStreamRelatedFrame(f, rcvTime);
    }
  }

  /** Events from the crypto setup (connection.go:1395-1420). */
  private handleHandshakeEvents(): void {
    for (let ev = this.cryptoStreamHandler.nextEvent(); ev; ev = this.cryptoStreamHandler.nextEvent()) {
      switch (ev.kind) {
        case 'writeData':
          this.streams.writeCryptoData(ev.level, ev.data);
          break;
        case 'receivedReadKeys':
          // Packets kept for these keys go back into the queue (RFC 9001 §5.7).
          for (const p of this.undecryptablePackets.splice(0)) {
            if (!this.receivedPackets.trySend(p)) this.dropPacket('unknown', p.data.length, 'key_unavailable', 'kept for its keys, but the receive queue is full');
          }
          break;
        case 'receivedTransportParameters':
          this.handleTransportParameters(ev.params);
          break;
        case 'restoredTransportParameters':
          // Client: 0-RTT data goes out under the remembered limits, and the connection may be used
          // now (restoreTransportParameters, then close(earlyConnReadyChan), connection.go:1408-1410).
          this.restoredParams = ev.params;
          this.applyPeerLimits(ev.params);
          this.earlyConnReadyChan.close();
          break;
        case 'discard0RTTKeys':
          this.dropEncryptionLevel0RTT();
          break;
        case 'handshakeComplete':
          this.check0RTTLimits();
          // Acted upon after the rest of the packet (connection.go:1403-1405).
          this.handshakeComplete_ = true; // @anchor connection.handshakeEvents.complete
          break;
      }
    }
    this.scheduleSending();
  }

  /**
   * Client: the server rejected 0-RTT, and quic-go calls dropEncryptionLevel (connection.go:1669-1686).
   * The 0-RTT packets no longer count in flight, the streams opened in 0-RTT fail, and the
   * application sends again on the connection nextConnection returns (RFC 9001 §4.6.2).
   */
  private dropEncryptionLevel0RTT(): void {
    this.sentPacketHandler.dropPackets(EncryptionLevel.ZeroRTT, this.clock.now());
    this.receivedPacketHandler.dropPackets(EncryptionLevel.ZeroRTT);
    this.streams.resetFor0RTT();
    // The server's own parameters, if they are in already (after a HelloRetryRequest they are not).
    if (this.peerParams) this.applyPeerLimits(this.peerParams);
  }

  /**
   * Client: if the server accepted 0-RTT, its new limits must not be below the remembered ones the
   * 0-RTT data used (RFC 9000 §7.4.1; quic-go checks this with ValidForUpdate, connection.go:1714).
   */
  private check0RTTLimits(): void {
    if (this.perspective !== Perspective.Client || !this.restoredParams || !this.peerParams) return;
    if (!this.cryptoStreamHandler.connectionState().used0RTT || validForUpdate(this.peerParams, this.restoredParams)) return;
    throw protocolError(TransportErrorCode.ProtocolViolation, 'server sent reduced limits after accepting 0-RTT data');
  }

  /** What 0-RTT needs of the server's parameters: stream and flow-control limits, connection IDs (restoreTransportParameters, connection.go:1689-1701). */
  private applyPeerLimits(tp: TransportParameters): void {
    this.connIDGenerator.setMaxActiveConnIDs(tp.activeConnectionIDLimit);
    this.streams.applyTransportParameters(tp);
  }

  private handleTransportParameters(tp: TransportParameters): void {
    this.checkTransportParameters(tp);
    this.applyTransportParameters(tp);
    // The server's connection is early-ready now: an EarlyListener may hand it out (connection.go:1728).
    if (this.perspective === Perspective.Server) this.earlyConnReadyChan.close();
  }

  /** RFC 9000 §7.3: the connection IDs in the transport parameters must match the ones on the wire. */
  private checkTransportParameters(tp: TransportParameters): void {
    const fail = (msg: string) => protocolError(TransportErrorCode.TransportParameterError, msg);
    if (!tp.initialSourceConnectionID || !this.peerSrcConnID || !connIDEqual(tp.initialSourceConnectionID, this.peerSrcConnID)) {
      throw fail('expected initial_source_connection_id to equal the Source Connection ID of the peer');
    }
    if (this.perspective === Perspective.Server) return;
    if (!tp.originalDestinationConnectionID || !connIDEqual(tp.originalDestinationConnectionID, this.origDestConnID)) {
      throw fail('expected original_destination_connection_id to equal the DCID of our first Initial');
    }
    if (this.receivedRetry !== (tp.retrySourceConnectionID !== undefined)) throw fail('retry_source_connection_id does not match the Retry');
    if (this.retrySrcConnID && !connIDEqual(tp.retrySourceConnectionID!, this.retrySrcConnID)) throw fail('wrong retry_source_connection_id');
  }

  private applyTransportParameters(tp: TransportParameters): void {
    this.peerParams = tp;
    // min(ours, peer's); 0 means the peer sent no max_idle_timeout, so no limit (connection.go:1770-1774;
    // an explicit 0 was raised to 5 s when parsed, transport_parameters.go:302). Keep-alives use it.
    this.idleTimeout = effectiveIdleTimeout(this.config.maxIdleTimeout, tp.maxIdleTimeout, 0); // @anchor connection.applyTransportParameters.idleTimeout
    if (this.config.keepAlivePeriod > 0) {
      this.keepAliveInterval = Math.max(
        Math.min(this.config.keepAlivePeriod, this.idleTimeout / 2, params.MaxKeepAliveInterval),
        1.5 * this.rttStats.pto(true),
      );
    }
    this.rttStats.setMaxAckDelay(tp.maxAckDelay);
    this.applyPeerLimits(tp);
    if (this.perspective === Perspective.Client && tp.statelessResetToken) this.connIDManager.setStatelessResetToken(tp.statelessResetToken);
    this.maxPacketSize = Math.min(this.maxPacketSize, tp.maxUDPPayloadSize);
    // The search for a larger datagram size stops at our ceiling and at the peer's limit (connection.go:1789-1799).
    if (!this.config.disablePathMTUDiscovery) {
      const ceiling = Math.min(this.config.maxUDPPayloadSize, tp.maxUDPPayloadSize);
      this.mtuDiscoverer = new mtuFinder(this.rttStats, this.maxPacketSize, ceiling, (size, done) => this.onMTUIncreased(size, done));
    }
  }

  /** A probe of this size was acknowledged: the path carries it (connection.go:2271-2274). */
  private onMTUIncreased(size: number, done: boolean): void {
    this.qlog?.mtuUpdated(size, done);
    this.maxPacketSize = size;
    this.sentPacketHandler.setMaxDatagramSize(size);
  }

  /**
   * The handshake is complete (connection.go:730-771). Go defers close(handshakeCompleteChan), so
   * the close comes last, on the client's early return too: whoever it wakes finds the client's
   * first DCID retired and, on a server, the Handshake keys dropped and HANDSHAKE_DONE queued.
   */
  private handleHandshakeComplete(now: number): void {
    try {
      this.undecryptablePackets = [];
      this.connIDManager.setHandshakeComplete();
      this.connIDGenerator.setHandshakeComplete();
      if (this.perspective === Perspective.Client) return;
      // The server's handshake is confirmed at completion (RFC 9001 §4.1.2).
      this.handleHandshakeConfirmed(now);
      this.cryptoStreamHandler.sendSessionTicket();
      this.handleHandshakeEvents();
      if (this.tokenGenerator) this.streams.queueControlFrame({ type: 'new_token', token: this.tokenGenerator.newToken(this.peerAddr) });
      this.streams.queueControlFrame({ type: 'handshake_done' });
    } finally {
      this.handshakeCompleteChan.close(); // @anchor connection.handleHandshakeComplete.close
      trace('connection.run', 'handshake complete: close(handshakeCompleteChan)', { conn: connIDToHex(this.srcConnID) });
    }
  }

  /** RFC 9001 §4.9.2: Handshake keys are discarded when the handshake is confirmed. */
  private handleHandshakeConfirmed(now: number): void {
    this.handshakeConfirmed = true;
    if (!this.droppedInitialKeys) this.dropInitialKeys(now);
    this.cryptoStreamHandler.setHandshakeConfirmed();
    this.sentPacketHandler.dropPackets(EncryptionLevel.Handshake, now);
    this.receivedPacketHandler.dropPackets(EncryptionLevel.Handshake);
    this.sentPacketHandler.setHandshakeConfirmed(now);
    this.streams.dropCryptoStream(EncryptionLevel.Handshake);
    this.mtuDiscoverer?.start(now); // probing waits for a confirmed handshake (connection.go:783-785)
  }

  private dropInitialKeys(now: number): void {
    this.droppedInitialKeys = true;
    this.cryptoStreamHandler.discardInitialKeys();
    this.sentPacketHandler.dropPackets(EncryptionLevel.Initial, now);
    this.receivedPacketHandler.dropPackets(EncryptionLevel.Initial);
    this.streams.dropCryptoStream(EncryptionLevel.Initial);
  }

  /** Client: a Retry (RFC 9000 §17.2.5, §8.1.2): start over with the server's token and connection ID. */
  private handleRetryPacket(hdr: Header, data: Uint8Array, now: number): void {
    const reject = (trigger: packetDropTrigger, why: string) => this.dropPacket('retry', data.length, trigger, why);
    if (this.perspective === Perspective.Server) return reject('rejected', 'a client does not send Retry');
    if (this.receivedFirstPacket || this.receivedRetry) return reject('rejected', 'only the first Retry, before any Initial, counts'); // RFC 9000 §17.2.5.2
    if (connIDEqual(hdr.srcConnectionID, this.connIDManager.get())) return reject('rejected', 'Retry without a new connection ID'); // RFC 9000 §17.2.5.2
    const tag = getRetryIntegrityTag(data.subarray(0, data.length - 16), this.connIDManager.get(), hdr.version);
    if (!connIDEqual(tag, data.subarray(data.length - 16))) return reject('decryption_failure', 'Retry integrity tag does not match'); // RFC 9001 §5.8
    trace('connection.run', 'received Retry: resending the Initial with its token');
    this.receivedRetry = true;
    this.retrySrcConnID = hdr.srcConnectionID;
    this.connIDManager.changeInitialConnID(hdr.srcConnectionID);
    this.packer.setToken(hdr.token);
    this.cryptoStreamHandler.changeConnectionID(hdr.srcConnectionID);
    this.sentPacketHandler.resetForRetry(now);
    this.scheduleSending();
  }

  /** Client: the server does not speak our version (RFC 9000 §6.2). */
  private handleVersionNegotiationPacket(data: Uint8Array): void {
    const reject = (trigger: packetDropTrigger, why: string) => this.dropPacket('version_negotiation', data.length, trigger, why);
    if (this.perspective === Perspective.Server || this.receivedFirstPacket) return reject('rejected', 'unexpected Version Negotiation packet');
    let versions: number[];
    try {
      versions = parseVersionNegotiationPacket(data).versions;
    } catch (err) {
      return reject('invalid', `cannot parse Version Negotiation: ${(err as Error).message}`);
    }
    if (versions.includes(this.version)) return reject('rejected', 'Version Negotiation lists our version'); // RFC 9000 §6.2
    const next = chooseSupportedVersion(this.config.versions, versions);
    trace('connection.run', `received Version Negotiation: ${versions.map((v) => '0x' + v.toString(16)).join(', ')}`);
    this.destroyImpl(next === undefined ? new VersionNegotiationError(this.config.versions, versions) : new errCloseForRecreating(next));
  }

  // --- sending ---

  private triggerSending(now: number): void {
    this.pacingDeadline = 0;
    for (let sent = 0; sent < 64; sent++) {
      const mode = this.sentPacketHandler.sendMode(now);
      if (mode === 'none') return;
      if (mode === 'pacing_limited') {
        this.pacingDeadline = this.sentPacketHandler.timeUntilSend(); // absolute: when the pacer has budget again
        return;
      }
      let packet: coalescedPacket | undefined;
      if (mode === 'ack') {
        packet = this.packer.packCoalescedPacket(true, this.maxDatagramSize(), now);
        if (packet) this.sendPackedPacket(packet, now);
        return;
      }
      if (mode === 'pto_initial' || mode === 'pto_handshake' || mode === 'pto_app') {
        const level = mode === 'pto_initial' ? EncryptionLevel.Initial : mode === 'pto_handshake' ? EncryptionLevel.Handshake : EncryptionLevel.OneRTT;
        this.sentPacketHandler.queueProbePacket(level);
        packet = this.packer.packProbePacket(level, this.maxDatagramSize(), now);
        if (!packet) return;
        this.sendPackedPacket(packet, now);
        continue;
      }
      // Now and then one larger packet tests the path (RFC 9000 §14.3; connection.go:1860-1875).
      if (this.handshakeConfirmed && this.mtuDiscoverer?.shouldSendProbe(now)) {
        const { ping, size } = this.mtuDiscoverer.getPing(now); // marks the probe in flight
        packet = this.packer.packMTUProbePacket(ping, size);
        // A confirmed handshake has 1-RTT keys. Without them the probe could never be acknowledged or
        // lost and the search would wait forever: an internal error, as packing errors are in quic-go.
        if (!packet) throw new Error('no 1-RTT keys to pack a path MTU probe');
        this.sendPackedPacket(packet, now, true);
        continue;
      }
      packet = this.packer.packCoalescedPacket(false, this.maxDatagramSize(), now);
      if (!packet) return;
      this.sendPackedPacket(packet, now);
    }
    this.scheduleSending(); // more to send: yield to the event loop first
  }

  /** The datagram size: the path's, and before address validation no more than the 3× budget allows (RFC 9000 §8.1). */
  private maxDatagramSize(): number {
    return Math.min(this.maxPacketSize, this.sentPacketHandler.amplificationWindow());
  }

  private sendPackedPacket(packet: coalescedPacket, now: number, isPathMTUProbePacket = false): void {
    for (const p of packet.packets) {
      this.qlog?.packetSent(p.level, p.packetNumber, p.length, [...(p.ack ? [p.ack] : []), ...p.frames.map((f) => f.frame), ...p.streamFrames.map((f) => f.frame)]);
      if (p.isAckEliciting && this.firstAckElicitingPacketAfterIdleSentTime === undefined) this.firstAckElicitingPacketAfterIdleSentTime = now;
      this.sentPacketHandler.sentPacket(
        {
          packetNumber: p.packetNumber,
          encryptionLevel: p.level,
          length: p.length,
          largestAcked: p.ack ? p.ack.ackRanges[0]!.largest : -1,
          frames: p.frames,
          streamFrames: p.streamFrames,
          isPathMTUProbePacket,
        },
        now,
      );
      // RFC 9001 §4.9.1: a client drops its Initial keys when it first sends a Handshake packet.
      if (this.perspective === Perspective.Client && p.level === EncryptionLevel.Handshake && !this.droppedInitialKeys) this.dropInitialKeys(now);
    }
    this.conn.writePacket(packet.data, this.peerAddr);
  }

  // --- closing ---

  /**
   * Close with a transport error, sending CONNECTION_CLOSE (the server's refusal path, server.go:725),
   * and wait until the context is done: when run() has returned (connection.go:1600-1603), or the
   * parent context was cancelled.
   */
  closeWithTransportError(code: number): Promise<void> {
    this.closeLocal(new TransportError({ errorCode: code }));
    const done = this.ctx.signal;
    return new Promise((resolve) => (done.aborted ? resolve() : done.addEventListener('abort', () => resolve(), { once: true })));
  }

  /** Close with an application error (CONNECTION_CLOSE 0x1d). */
  closeWithError(code: number, reason: string): void {
    this.closeLocal(new ApplicationError({ errorCode: code, errorMessage: reason }));
  }

  private closeLocal(err: Error): void {
    this.setCloseError(err, true);
  }

  private closeRemote(err: Error): void {
    this.setCloseError(err, false);
  }

  /** Vanish without a CONNECTION_CLOSE: timeouts, stateless reset, transport shutdown. */
  destroy(err: Error): void {
    this.destroyImpl(err);
  }

  private destroyImpl(err: Error): void {
    this.setCloseError(err, false);
  }

  private setCloseError(err: Error, sendClose: boolean): void {
    if (this.closeErr) return;
    this.closeErr = err;
    this.sendClose = sendClose;
    this.closeChan.trySend();
  }

  /** Runs once, when run() ends (connection.go:1605-1667). */
  private handleCloseError(): void {
    const err = this.closeErr!;
    this.timer.stop();
    let closePacket: Uint8Array | undefined;
    if (this.sendClose) {
      try {
        const packet = this.packer.packConnectionClose(this.connectionCloseFrame(err), this.maxPacketSize);
        if (packet.packets.length > 0) {
          this.conn.writePacket(packet.data, this.peerAddr);
          closePacket = packet.data;
        }
      } catch {
        // keys may be gone; the peer will time out
      }
    }
    this.streams.closeWithError(err);
    this.connIDManager.close();
    this.cryptoStreamHandler.close();
    // Keep the IDs routed for a while: re-send our close, or absorb the peer's stragglers (RFC 9000 §10.2).
    if (err instanceof errCloseForRecreating) for (const id of this.connIDGenerator.allConnIDs()) this.runner.remove(id);
    else this.runner.replaceWithClosed(this.connIDGenerator.allConnIDs(), closePacket);
    trace('connection.run', `closed: ${err.message}`, { conn: connIDToHex(this.srcConnID) });
    this.qlog?.closed(err.message);
    this.ctx.abort(err);
  }

  private connectionCloseFrame(err: Error): ConnectionCloseFrame {
    if (err instanceof ApplicationError) {
      return { type: 'connection_close', isApplicationError: true, errorCode: err.errorCode, frameType: 0, reasonPhrase: err.errorMessage };
    }
    if (err instanceof TransportError) {
      return { type: 'connection_close', isApplicationError: false, errorCode: err.errorCode, frameType: err.frameType, reasonPhrase: err.errorMessage };
    }
    return { type: 'connection_close', isApplicationError: false, errorCode: TransportErrorCode.InternalError, frameType: 0, reasonPhrase: '' };
  }

  // --- the application's view (interface.ts) ---

  get context(): AbortSignal {
    return this.ctx.signal;
  }
  handshakeComplete(): Chan<void> {
    return this.handshakeCompleteChan;
  }
  earlyConnReady(): Chan<void> {
    return this.earlyConnReadyChan;
  }
  acceptStream(signal?: AbortSignal): Promise<Stream> {
    return this.streams.streamsMap.acceptStream(signal);
  }
  acceptUniStream(signal?: AbortSignal): Promise<ReceiveStream> {
    return this.streams.streamsMap.acceptUniStream(signal);
  }
  openStream(): Stream {
    return this.streams.streamsMap.openStream();
  }
  openStreamSync(signal?: AbortSignal): Promise<Stream> {
    return this.streams.streamsMap.openStreamSync(signal);
  }
  openUniStream(): SendStream {
    return this.streams.streamsMap.openUniStream();
  }
  openUniStreamSync(signal?: AbortSignal): Promise<SendStream> {
    return this.streams.streamsMap.openUniStreamSync(signal);
  }
  localAddr(): UDPAddr {
    return this.conn.localAddr();
  }
  remoteAddr(): UDPAddr {
    return this.peerAddr;
  }
  connectionState(): ConnectionState {
    const tls = this.cryptoStreamHandler.connectionState();
    return {
      tls: { negotiatedProtocol: tls.negotiatedProtocol, cipherSuite: tls.cipherSuite, serverName: tls.serverName, didResume: tls.didResume },
      version: this.version,
      used0RTT: tls.used0RTT,
    };
  }

  /**
   * The connection to use once 0-RTT is settled (connection.go:2315-2326): after a rejection the
   * streams opened in 0-RTT failed with Err0RTTRejected, and the application opens new ones here.
   * It waits for the handshake to complete (or the connection to end).
   */
  async nextConnection(signal?: AbortSignal): Promise<Connection> {
    const r = await select([this.handshakeCompleteChan], signal ? AbortSignal.any([this.ctx.signal, signal]) : this.ctx.signal);
    if (r.index === -1 && signal?.aborted) throw signal.reason;
    if (r.index === 0) this.streams.streamsMap.useResetMaps();
    return this;
  }
  /** Bytes received on this connection (tests check the 3× amplification limit against it). */
  get receivedBytes(): number {
    return this.bytesReceived;
  }
}

/** A fresh random connection ID for a client's first Initial: at least 8 bytes (RFC 9000 §7.2). */
export function generateConnectionIDForInitial(): ConnectionID {
  return randomBytes(8 + Math.floor(random() * 13));
}

/** The qlog packet type of a long header. */
function qlogPacketTypeOfHeader(hdr: Header): qlogPacketType {
  return hdr.type === PacketType.Retry ? 'retry' : qlogPacketTypeOf(levelOf(hdr.type));
}
