// The server's half of the accept path (quic-go: server.go). Chapters 01–05 step through it.
//
//   Transport.listen ──handlePacket──▶ receivedPackets (1024) ──▶ baseServer.run
//        └▶ handlePacketImpl ─▶ handleInitialImpl ─▶ new connection ─▶ go connection.run
//                                                               └▶ go handleNewConn ─▶ connQueue (32) ─▶ accept
import { Chan, select } from './internal/utils/chan.ts';
import { go } from './internal/utils/goroutine.ts';
import type { Clock } from './internal/utils/clock.ts';
import {
  MinConnectionIDLenInitial,
  MinInitialPacketSize,
  MinUnknownVersionPacketSize,
  PacketType,
  type ConnectionID,
  connIDToHex,
} from './internal/protocol/protocol.ts';
import {
  Max0RTTQueueLen,
  Max0RTTQueues,
  Max0RTTQueueingDuration,
  MaxAcceptQueueSize,
  MaxServerUnprocessedPackets,
} from './internal/protocol/params.ts';
import { isSupportedVersion, type Version } from './internal/protocol/version.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import {
  is0RTTPacket,
  isLongHeaderPacket,
  isVersionNegotiationPacket,
  parseConnectionID,
  parsePacket,
  parseArbitraryLenConnectionIDs,
  parseVersion,
  type Header,
} from './internal/wire/header.ts';
import { composeVersionNegotiation } from './internal/wire/version_negotiation.ts';
import { composeRetryPacket } from './internal/wire/extended_header.ts';
import { getRetryIntegrityTag } from './internal/handshake/retry.ts';
import { TokenGenerator, validateRemoteAddr, type Token } from './internal/handshake/token_generator.ts';
import type { QUICTLSConfig as TLSConfig } from './internal/handshake/crypto_setup.ts';
import { maxRetryTokenAge, populateConfig, type PopulatedConfig } from './config.ts';
import type { Connection, ConnectionIDGenerator, EarlyConnection } from './interface.ts';
import type { connRunner, packetHandler } from './packet_handler_map.ts';
import type { packetHandlerMap } from './packet_handler_map.ts';
import { packetSize, type rawConn, type receivedPacket, type UDPAddr } from './sys_conn.ts';
import { canOpenInitial, composeConnectionCloseInitial } from './packet_packer.ts';
import { trace } from './trace.ts';

/** `Accept` after `Close` (server.go:21-26). */
export class ErrServerClosed extends Error {
  constructor() {
    super('quic: server closed');
    this.name = 'ErrServerClosed';
  }
}

/** What the server needs from a connection (server.go:43-50). */
export interface quicConn extends EarlyConnection, packetHandler {
  run(): Promise<void>;
  /** Sends CONNECTION_CLOSE and waits until run() has returned (connection.go:1600-1603). */
  closeWithTransportError(code: number): Promise<void>;
  /** Closed once the client's transport parameters are in (EarlyListener, connection.go:1728). */
  earlyConnReady(): Chan<void>;
}

/** Everything newConnection gets from handleInitialImpl (server.go:678-697). */
export interface serverConnParams {
  /** handleInitialImpl's context (WithCancelCause, server.go:645), parent of the connection's (WithCancelCause, connection.go:382). */
  ctx?: AbortSignal;
  conn: rawConn;
  remoteAddr: UDPAddr;
  runner: connRunner;
  origDestConnID: ConnectionID;
  retrySrcConnID: ConnectionID | undefined;
  clientDestConnID: ConnectionID;
  destConnID: ConnectionID;
  srcConnID: ConnectionID;
  connIDGenerator: ConnectionIDGenerator;
  statelessResetToken: Uint8Array;
  config: PopulatedConfig;
  tlsConf: TLSConfig;
  tokenGenerator: TokenGenerator;
  clientAddressValidated: boolean;
  version: Version;
  clock: Clock;
}

export type newConnFunc = (p: serverConnParams) => quicConn;

export type { ConnectionIDGenerator };

/** Which clients must prove their address with a Retry first (Transport.VerifySourceAddress). */
export type verifySourceAddressFunc = (addr: UDPAddr) => boolean;

/** A packet we answer without a connection, with its parsed header (server.go:57-60). */
export interface rejectedPacket {
  packet: receivedPacket;
  hdr: Header;
}

type rejectedPacketQueue = 'invalidTokenQueue' | 'connectionRefusedQueue' | 'retryQueue';

interface zeroRTTQueue {
  packets: receivedPacket[];
  expiration: number;
}

export interface baseServerParams {
  conn: rawConn;
  connHandler: packetHandlerMap;
  connIDGenerator: ConnectionIDGenerator;
  tlsConf: TLSConfig;
  config: PopulatedConfig;
  onClose: () => void;
  tokenGeneratorKey: Uint8Array;
  maxTokenAge: number;
  verifySourceAddress?: verifySourceAddressFunc;
  disableVersionNegotiation: boolean;
  acceptEarly: boolean;
  newConn: newConnFunc;
  clock: Clock;
}

export class baseServer {
  readonly acceptEarlyConns: boolean;
  readonly conn: rawConn;
  private readonly connHandler: packetHandlerMap;
  readonly connIDGenerator: ConnectionIDGenerator;
  private readonly tlsConf: TLSConfig;
  readonly config: PopulatedConfig;
  readonly onClose: () => void;
  readonly tokenGenerator: TokenGenerator;
  readonly maxTokenAge: number;
  private readonly verifySourceAddress?: verifySourceAddressFunc;
  readonly disableVersionNegotiation: boolean;
  private readonly newConn: newConnFunc;
  readonly clock: Clock; // everything the server measures, token ages included (ARCHITECTURE.md §2)

  /** Packets for unknown connection IDs, from Transport.listen (server.go:266). */
  readonly receivedPackets = new Chan<receivedPacket>(MaxServerUnprocessedPackets, 'receivedPackets');
  /** Connections whose handshake completed, waiting for accept (server.go:263). */
  readonly connQueue = new Chan<quicConn>(MaxAcceptQueueSize, 'connQueue');
  /** Closed on shutdown; every select in this file listens to it (server.go:264). */
  readonly errorChan = new Chan<void>(0, 'errorChan');
  /**
   * The replies runSendQueue writes for packets that get no connection, each a small bounded queue:
   * when one is full the packet is dropped, since the run loop must never wait (server.go:267-270).
   */
  readonly versionNegotiationQueue = new Chan<receivedPacket>(4, 'versionNegotiationQueue');
  readonly invalidTokenQueue = new Chan<rejectedPacket>(4, 'invalidTokenQueue');
  readonly connectionRefusedQueue = new Chan<rejectedPacket>(4, 'connectionRefusedQueue');
  readonly retryQueue = new Chan<rejectedPacket>(8, 'retryQueue');
  /** Closed when run returns; runSendQueue stops on it (server.go:288, 309). */
  readonly running = new Chan<void>(0, 'running');
  closeErr: Error | undefined;
  private readonly zeroRTTQueues = new Map<string, zeroRTTQueue>();
  private nextZeroRTTCleanup = 0;

  constructor(p: baseServerParams) {
    this.conn = p.conn;
    this.connHandler = p.connHandler;
    this.connIDGenerator = p.connIDGenerator;
    this.tlsConf = p.tlsConf;
    this.config = p.config;
    this.onClose = p.onClose;
    this.tokenGenerator = new TokenGenerator(p.tokenGeneratorKey, () => p.clock.wallTime());
    this.maxTokenAge = p.maxTokenAge;
    this.verifySourceAddress = p.verifySourceAddress;
    this.disableVersionNegotiation = p.disableVersionNegotiation;
    this.acceptEarlyConns = p.acceptEarly;
    this.newConn = p.newConn;
    this.clock = p.clock;
    go('server.run', () => this.run()); // server.go:281
    go('server.runSendQueue', () => this.runSendQueue()); // server.go:282
  }

  addr(): UDPAddr {
    return this.conn.localAddr();
  }

  /**
   * The server's goroutine: one packet at a time from receivedPackets (server.go:287-303).
   * Shutdown is checked first, so a closed server stops even with packets queued.
   */
  private async run(): Promise<void> {
    try {
      for (;;) {
        if (this.errorChan.isClosed) return;
        const r = await select([this.errorChan, this.receivedPackets]);
        if (r.index === 0) return;
        const p = r.value as receivedPacket;
        const blocked = this.handlePacketImpl(p); // @anchor server.run.recv
        if (blocked) await blocked; // only a connection-ID collision (AddWithConnID fails, server.go:703-706) returns one
      }
    } finally {
      this.running.close(); // Go's `defer close(s.running)`
    }
  }

  /** The server's writer goroutine (server.go:306-321): it stops once run has returned and closed s.running (server.go:309). */
  private async runSendQueue(): Promise<void> {
    const queues = [this.versionNegotiationQueue, this.invalidTokenQueue, this.connectionRefusedQueue, this.retryQueue] as const;
    for (;;) {
      const r = await select([this.running, ...queues]);
      try {
        switch (r.index) {
          case 0:
            return;
          case 1:
            this.maybeSendVersionNegotiationPacket(r.value as receivedPacket);
            break;
          case 2:
            this.maybeSendInvalidToken(r.value as rejectedPacket);
            break;
          case 3:
            this.sendConnectionRefused(r.value as rejectedPacket);
            break;
          case 4:
            this.sendRetry(r.value as rejectedPacket);
            break;
        }
      } catch (err) {
        trace('server.runSendQueue', `reply failed: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Called by Transport.handlePacket on the listen goroutine, for long-header packets whose DCID
   * is unknown. It must never block: when the queue is full, the packet is dropped (server.go:366-375).
   */
  handlePacket(p: receivedPacket): void {
    if (!this.receivedPackets.trySend(p)) { // @anchor server.handlePacket.enqueue
      trace('transport.listen', 'drop: server receive queue full', { queue: this.queueLevel() });
      return;
    }
    trace('transport.listen', 'server.handlePacket → receivedPackets', { queue: this.queueLevel() });
  }

  private queueLevel() {
    return { name: 'receivedPackets', len: this.receivedPackets.length, cap: this.receivedPackets.capacity };
  }

  /** The first look at a packet for a connection that does not exist yet (server.go:377-465). */
  handlePacketImpl(p: receivedPacket): Promise<void> | void {
    trace('server.run', 'handlePacketImpl', { queue: this.queueLevel(), detail: `${packetSize(p)} bytes` });
    // Go defers the cleanup (server.go:378-380): it runs after this packet is handled, whatever the outcome.
    const cleanupDue = this.nextZeroRTTCleanup !== 0 && p.rcvTime > this.nextZeroRTTCleanup;
    try {
      if (isVersionNegotiationPacket(p.data)) return drop(p, 'unexpected Version Negotiation packet');
      // Short-header packets never get here: the transport routes them to connections or resets.
      if (!isLongHeaderPacket(p.data[0]!)) throw new Error('misrouted packet');

      let v: Version;
      try {
        v = parseVersion(p.data); // @anchor server.handlePacketImpl.parseVersion
      } catch {
        return drop(p, 'cannot parse the version');
      }
      if (!isSupportedVersion(this.config.versions, v)) return this.handleUnsupportedVersion(p);

      if (is0RTTPacket(p.data)) {
        if (!this.acceptEarlyConns) return drop(p, '0-RTT packet, but not an early listener');
        this.handle0RTTPacket(p); // @anchor server.handlePacketImpl.zeroRTT
        return;
      }

      // The header is parsed again by the connection; here we need its type, DCID and token.
      let hdr: Header;
      try {
        hdr = parsePacket(p.data).hdr; // @anchor server.handlePacketImpl.parsePacket
      } catch (err) {
        return drop(p, `header parse error: ${(err as Error).message}`);
      }
      if (!this.canStartConnection(p, hdr)) return;

      trace('server.run', 'handleInitialImpl', { detail: `DCID ${connIDToHex(hdr.destConnectionID)}` });
      return this.handleInitialImpl(p, hdr); // @anchor server.handlePacketImpl.handleInitial
    } finally {
      if (cleanupDue) this.cleanupZeroRTTQueues(p.rcvTime);
    }
  }

  /**
   * A long header of a version we don't speak. Our function: quic-go has these lines inline in
   * handlePacketImpl, after `!protocol.IsSupportedVersion` (server.go:403-416). RFC 9000 §6.1: answer with
   * Version Negotiation, but only datagrams big enough to be a client's first Initial, so that a
   * spoofed small packet cannot make us send more than we received.
   */
  handleUnsupportedVersion(p: receivedPacket): void {
    if (this.disableVersionNegotiation) return;
    if (packetSize(p) < MinUnknownVersionPacketSize) {
      drop(p, 'unknown version, datagram too small for VN'); // @anchor server.handlePacketImpl.vnSize
      return;
    }
    this.enqueueVersionNegotiationPacket(p); // @anchor server.handlePacketImpl.vn
  }

  /**
   * Only a client's Initial, in a full-size datagram, may create a connection. Our function: quic-go
   * has these checks inline in handlePacketImpl, from the `PacketTypeInitial` size check (server.go:438-455).
   */
  canStartConnection(p: receivedPacket, hdr: Header): boolean {
    // RFC 9000 §14.1: a client's Initial datagram is at least 1200 bytes: the datagram, not the packet.
    if (hdr.type === PacketType.Initial && packetSize(p) < MinInitialPacketSize) { // @anchor server.handlePacketImpl.minInitialSize
      drop(p, `Initial in a datagram of ${packetSize(p)} bytes (< ${MinInitialPacketSize})`);
      return false;
    }
    // Handshake, Retry, … for a connection we don't know: drop, no stateless reset.
    if (hdr.type !== PacketType.Initial) {
      drop(p, `long header packet of type ${PacketType[hdr.type]}`);
      return false;
    }
    return true;
  }

  private handle0RTTPacket(p: receivedPacket): void {
    let connID: ConnectionID;
    try {
      connID = parseConnectionID(p.data, 0);
    } catch {
      return drop(p, 'cannot parse 0-RTT connection ID');
    }
    // The connection may have appeared while this packet waited (server.go:477-480).
    const handler = this.connHandler.get(connID);
    if (handler) return handler.handlePacket(p);
    const key = connIDToHex(connID);
    const q = this.zeroRTTQueues.get(key);
    if (q) {
      if (q.packets.length >= Max0RTTQueueLen) return drop(p, '0-RTT queue full');
      q.packets.push(p);
      return trace('server.run', '0-RTT packet queued', { queue: { name: 'packets', len: q.packets.length, cap: Max0RTTQueueLen }, detail: `DCID ${key}` });
    }
    if (this.zeroRTTQueues.size >= Max0RTTQueues) return drop(p, 'too many 0-RTT queues');
    const expiration = p.rcvTime + Max0RTTQueueingDuration;
    this.zeroRTTQueues.set(key, { packets: [p], expiration }); // @anchor server.handle0RTTPacket.newQueue
    trace('server.run', '0-RTT packet queued', { queue: { name: 'zeroRTTQueues', len: this.zeroRTTQueues.size, cap: Max0RTTQueues }, detail: `DCID ${key}` });
    if (this.nextZeroRTTCleanup === 0 || this.nextZeroRTTCleanup > expiration) this.nextZeroRTTCleanup = expiration;
  }

  private cleanupZeroRTTQueues(now: number): void {
    let next = 0;
    for (const [key, q] of this.zeroRTTQueues) {
      if (q.expiration > now) {
        if (next === 0 || next > q.expiration) next = q.expiration;
        continue;
      }
      this.zeroRTTQueues.delete(key);
    }
    this.nextZeroRTTCleanup = next;
  }

  /** A token is valid if it is ours, for this address and young enough (server.go:539-553). */
  validateToken(token: Token, addr: UDPAddr): boolean {
    if (!validateRemoteAddr(token, addr)) return false;
    const age = this.clock.wallTime() - token.sentTime;
    if (!token.isRetryToken && age > this.maxTokenAge) return false;
    if (token.isRetryToken && age > maxRetryTokenAge(this.config)) return false;
    return true;
  }

  /** An Initial for an unknown DCID: validate, maybe Retry, then create the connection (server.go:555-729). */
  private handleInitialImpl(p: receivedPacket, hdr: Header): Promise<void> | void {
    // RFC 9000 §7.2: the client's first DCID has at least 8 bytes of randomness.
    if (hdr.token.length === 0 && hdr.destConnectionID.length < MinConnectionIDLenInitial) { // @anchor server.handleInitialImpl.dcidLen
      return drop(p, 'too short connection ID');
    }
    // A second look-up: the packet may have waited in receivedPackets while its connection was made.
    const handler = this.connHandler.get(hdr.destConnectionID); // @anchor server.handleInitialImpl.secondLookup
    if (handler) return handler.handlePacket(p);

    let token: Token | undefined;
    let retrySrcConnID: ConnectionID | undefined;
    let clientAddrVerified = false;
    let origDestConnID = hdr.destConnectionID;
    if (hdr.token.length > 0) {
      token = this.tokenGenerator.decodeToken(hdr.token);
      if (token?.isRetryToken) {
        origDestConnID = token.originalDestConnectionID!;
        retrySrcConnID = token.retrySrcConnectionID;
      }
    }
    if (token) {
      clientAddrVerified = this.validateToken(token, p.remoteAddr);
      if (!clientAddrVerified) {
        // A bad NEW_TOKEN token is ignored (we may still send a Retry); a bad Retry token is an
        // INVALID_TOKEN error (RFC 9000 §8.1.2).
        if (!token.isRetryToken) token = undefined;
        else return this.enqueue(this.invalidTokenQueue, { packet: p, hdr });
      }
    }

    if (!token && this.verifySourceAddress?.(p.remoteAddr)) { // @anchor server.handleInitialImpl.retry
      this.zeroRTTQueues.delete(connIDToHex(hdr.destConnectionID));
      return this.enqueue(this.retryQueue, { packet: p, hdr });
    }

    let config = this.config;
    if (this.config.getConfigForClient) {
      try {
        config = populateConfig(this.config.getConfigForClient({ remoteAddr: p.remoteAddr, addrVerified: clientAddrVerified }));
      } catch {
        this.zeroRTTQueues.delete(connIDToHex(hdr.destConnectionID));
        return this.enqueue(this.connectionRefusedQueue, { packet: p, hdr }); // @anchor server.handleInitialImpl.refuse
      }
    }

    const connID = this.connIDGenerator.generateConnectionID();
    // The connection's parent context, as `ctx, cancel1` at server.go:645: cancelling it ends the
    // connection's context even if run() never starts.
    const ctx = new AbortController();
    const conn = this.newConn({ // @anchor server.handleInitialImpl.newConn
      ctx: ctx.signal,
      conn: this.conn,
      remoteAddr: p.remoteAddr,
      runner: this.connHandler,
      origDestConnID,
      retrySrcConnID,
      clientDestConnID: hdr.destConnectionID,
      destConnID: hdr.srcConnectionID,
      srcConnID: connID,
      connIDGenerator: this.connIDGenerator,
      statelessResetToken: this.connHandler.getStatelessResetToken(connID),
      config,
      tlsConf: this.tlsConf,
      tokenGenerator: this.tokenGenerator,
      clientAddressValidated: clientAddrVerified,
      version: hdr.version,
      clock: this.clock,
    });
    conn.handlePacket(p);
    // Fails when the client's DCID is already in the map. Not "two Initials at the same time", as
    // quic-go's comment says: both are handled here, one after the other, and the look-up above
    // sends the second to the first. Only an entry added by someone else since that look-up can
    // collide (a callback of this function, or in Go another goroutine: a dial, a NEW_CONNECTION_ID).
    if (!this.connHandler.addWithConnID(hdr.destConnectionID, connID, conn)) { // @anchor server.handleInitialImpl.addWithConnID
      this.zeroRTTQueues.delete(connIDToHex(hdr.destConnectionID));
      return this.handleConnIDCollision(conn, p, this.connHandler.get(hdr.destConnectionID), (cause) => ctx.abort(cause));
    }
    const queued = this.zeroRTTQueues.get(connIDToHex(hdr.destConnectionID));
    if (queued) {
      const n = queued.packets.length;
      trace('server.run', 'hands the queued 0-RTT packets to the connection', { detail: `${n} packet${n === 1 ? '' : 's'}` });
      for (const q of queued.packets) conn.handlePacket(q); // @anchor server.handleInitialImpl.zeroRTTHandOver
      this.zeroRTTQueues.delete(connIDToHex(hdr.destConnectionID));
    }

    const id = connIDToHex(connID);
    trace('server.run', 'go connection.run', { conn: id });
    go('connection.run', () => conn.run()); // server.go:716
    go('handleNewConn', async () => { // server.go:717
      if (await this.handleNewConn(conn)) this.queueConn(conn, id); // @anchor server.handleInitialImpl.handleNewConn
    });
  }

  /**
   * The collision branch of handleInitialImpl, as v0.47.0 has it (AddWithConnID fails,
   * server.go:703-706; our function, quic-go has it inline). `owner` is the handler the client's DCID
   * leads to, `cancel` ends the connection's context. closeWithTransportError waits until run() returns,
   * and run() was never started, so server.run waits for ever and no connection is accepted again.
   * quic-go v0.61.0 still has it (chapter 11, exercise 11.1).
   */
  handleConnIDCollision(conn: quicConn, _p: receivedPacket, _owner: packetHandler | undefined, _cancel: (cause: Error) => void): Promise<void> | void {
    return conn.closeWithTransportError(TransportErrorCode.ConnectionRefused); // @anchor server.handleConnIDCollision.close
  }

  /** Non-blocking: a full accept queue refuses the connection. Our function: quic-go has the select inline (`s.connQueue <- conn`, server.go:722-726). */
  queueConn(conn: quicConn, id: string): void {
    if (this.connQueue.trySend(conn)) { // @anchor server.connQueue.push
      trace('handleNewConn', 'connQueue <- conn', { conn: id, queue: this.acceptQueueLevel() });
    } else {
      trace('handleNewConn', 'connQueue full: CONNECTION_REFUSED', { conn: id, queue: this.acceptQueueLevel() });
      conn.closeWithTransportError(TransportErrorCode.ConnectionRefused); // @anchor server.connQueue.refuse
    }
  }

  acceptQueueLevel() {
    return { name: 'connQueue', len: this.connQueue.length, cap: this.connQueue.capacity };
  }

  /**
   * Waits, on the connection's own goroutine, until it may be handed to the application: when the
   * handshake completes (or, for an EarlyListener, once it is early-ready), unless it fails first or
   * the server closes (server.go:731-754).
   */
  async handleNewConn(conn: quicConn): Promise<boolean> {
    const ready = this.acceptEarlyConns ? conn.earlyConnReady() : conn.handshakeComplete();
    const r = await select([this.errorChan, ready], conn.context); // @anchor server.handleNewConn.select
    if (r.index === -1) return false; // the handshake failed or timed out
    if (r.index === 0) {
      conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
      return false;
    }
    return true;
  }

  /**
   * RFC 9000 §8.1.2: ask the client to prove its address (server.go:756-801). The Retry carries a
   * token sealing the original DCID and our new SCID; its integrity tag is keyed by the original
   * DCID (RFC 9001 §5.8). Exercise 03.2.
   */
  sendRetry({ packet: p, hdr }: rejectedPacket): void {
    const srcConnID = this.connIDGenerator.generateConnectionID();
    const token = this.tokenGenerator.newRetryToken(p.remoteAddr, hdr.destConnectionID, srcConnID);
    const retry = composeRetryPacket(hdr.version, hdr.srcConnectionID, srcConnID, token, (packet) =>
      getRetryIntegrityTag(packet, hdr.destConnectionID, hdr.version),
    );
    this.conn.writePacket(retry, p.remoteAddr);
    trace('server.runSendQueue', 'sent Retry');
  }

  /** Only answer INVALID_TOKEN if the packet decrypts: never for corrupted packets (server.go:803-833). */
  private maybeSendInvalidToken(p: rejectedPacket): void {
    if (!canOpenInitial(p.packet.data, p.hdr)) return;
    this.sendError(p, TransportErrorCode.InvalidToken);
  }

  /** The application's getConfigForClient refused this client (server.go:835-841). */
  private sendConnectionRefused(p: rejectedPacket): void {
    this.sendError(p, TransportErrorCode.ConnectionRefused);
  }

  /** An Initial with CONNECTION_CLOSE, sealed with the client's Initial keys (server.go:844-886). */
  private sendError({ packet: p, hdr }: rejectedPacket, code: TransportErrorCode): void {
    this.conn.writePacket(composeConnectionCloseInitial(hdr, code), p.remoteAddr);
    trace('server.runSendQueue', `sent ${TransportErrorCode[code]}`);
  }

  /** Non-blocking: a full queue drops the packet (server.go:888-896). */
  enqueueVersionNegotiationPacket(p: receivedPacket): void {
    if (!this.versionNegotiationQueue.trySend(p)) trace('server.run', 'drop: VN queue full');
  }

  /** RFC 9000 §6.1 / §17.2.1: list our versions, echoing the client's connection IDs swapped (server.go:898). */
  private maybeSendVersionNegotiationPacket(p: receivedPacket): void {
    const { srcConnID, destConnID } = parseArbitraryLenConnectionIDs(p.data);
    this.conn.writePacket(composeVersionNegotiation(srcConnID, destConnID, this.config.versions), p.remoteAddr);
    trace('server.runSendQueue', 'sent Version Negotiation');
  }

  /** Our helper for Go's `select { case queue <- p: default: }` of handleInitialImpl (server.go:601, 615, 633). */
  private enqueue(queue: Chan<rejectedPacket>, p: rejectedPacket): void {
    if (!queue.trySend(p)) trace('server.run', `drop: ${queue.name} full`);
  }

  /**
   * The application's side: wait for a connection, the caller's signal, or the server's close
   * (server.go:329-338). Like Go's select, it has no priority among ready cases.
   */
  async accept(signal?: AbortSignal): Promise<quicConn> {
    const r = await select([this.connQueue, this.errorChan], signal); // @anchor server.accept.select
    if (r.index === -1) throw signal!.reason ?? new Error('context canceled');
    if (r.index === 0) {
      const conn = r.value as quicConn;
      trace('app', 'accept ← connQueue', { queue: this.acceptQueueLevel() });
      return conn;
    }
    throw this.closeErr!;
  }

  /**
   * Stops the server; pending and future accept calls get `e` (server.go:345-360): ErrServerClosed
   * from Listener.close, or the socket's error from the Transport, which closes itself (no onClose).
   * Go's close also waits for run to return (`<-s.running` under closeMx, server.go:353) before
   * onClose, so no handlePacketImpl is under way. Here that holds without waiting: handlePacketImpl
   * is synchronous, so while close runs, run is parked in its select, and it returns when it wakes.
   * (Not after a connection-ID collision: run then waits for ever, and Go's close with it.)
   */
  close(e: Error, notifyOnClose = true): void {
    if (this.closeErr) return;
    this.closeErr = e;
    this.errorChan.close();
    if (notifyOnClose) this.onClose();
  }
}

function drop(p: receivedPacket, why: string): void {
  trace('server.run', `drop: ${why}`, { detail: `${packetSize(p)} bytes` });
}

/** A QUIC server: accept returns connections whose handshake is complete (server.go:128-150). */
export class Listener {
  constructor(readonly baseServer: baseServer) {}

  /** Waits for the next connection (server.go:134 → 325 → 329). */
  accept(signal?: AbortSignal): Promise<Connection> {
    return this.baseServer.accept(signal); // @anchor listener.accept
  }

  /** Stops accepting; queued and in-flight handshakes are refused. */
  close(): void {
    this.baseServer.close(new ErrServerClosed());
  }

  addr(): UDPAddr {
    return this.baseServer.addr();
  }
}

/**
 * Hands out connections as soon as the client's transport parameters are in, about one round trip
 * before the handshake completes; the client's address is not yet validated (server.go:152-175).
 */
export class EarlyListener {
  constructor(readonly baseServer: baseServer) {}

  accept(signal?: AbortSignal): Promise<EarlyConnection> {
    return this.baseServer.accept(signal);
  }

  close(): void {
    this.baseServer.close(new ErrServerClosed());
  }

  addr(): UDPAddr {
    return this.baseServer.addr();
  }
}
