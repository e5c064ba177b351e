// One UDP socket and everything on it (quic-go: transport.go). Transport.listen is the read loop
// that starts the accept path; handlePacket demultiplexes by connection ID. Chapter 06.
import { randomBytes } from './internal/utils/rand.ts';
import { Chan, select } from './internal/utils/chan.ts';
import { go } from './internal/utils/goroutine.ts';
import { systemClock, type Clock } from './internal/utils/clock.ts';
import { MinStatelessResetSize, connIDToHex, type ConnectionID } from './internal/protocol/protocol.ts';
import { DefaultConnectionIDLength } from './internal/protocol/params.ts';
import { StatelessResetError } from './internal/qerr/errors.ts';
import { isLongHeaderPacket, isPotentialQUICPacket, parseConnectionID } from './internal/wire/header.ts';
import type { QUICTLSConfig } from './internal/handshake/crypto_setup.ts';
import { dialOnTransport } from './client.ts';
import type { Connection, ConnectionIDGenerator, EarlyConnection } from './interface.ts';
import { populateConfig, validateConfig, type Config } from './config.ts';
import { packetHandlerMap, type closePacket } from './packet_handler_map.ts';
import { baseServer, Listener, EarlyListener, type verifySourceAddressFunc } from './server.ts';
import { packetSize, type rawConn, type receivedPacket, type UDPAddr } from './sys_conn.ts';
import { newConnection } from './connection.ts';
import { trace } from './trace.ts';

/** Random connection IDs of a fixed length (quic-go's protocol.DefaultConnectionIDGenerator). */
export class DefaultConnectionIDGenerator implements ConnectionIDGenerator {
  constructor(readonly connLen: number) {}
  generateConnectionID(): ConnectionID {
    return randomBytes(this.connLen);
  }
  connectionIDLen(): number {
    return this.connLen;
  }
}

export interface TransportOptions {
  /** Length of the connection IDs we issue (default 4; a single-use dialing transport uses 0). */
  connectionIDLength?: number;
  /** Enables stateless resets (RFC 9000 §10.3): tokens become HMACs of the connection ID under this key. */
  statelessResetKey?: Uint8Array;
  /** 32 bytes sealing Retry and NEW_TOKEN tokens; random if not given. */
  tokenGeneratorKey?: Uint8Array;
  /**
   * How long a NEW_TOKEN token is valid, as quic-go's Transport.MaxTokenAge. Unset means 0, as at
   * v0.47.0: Listen passes the field as it is (transport.go:188), so validateToken rejects every
   * NEW_TOKEN token (server.go:546), although the field's comment promises 24 h
   * (transport.go:72). v0.49.0 fixed it (quic-go #4763: unset means protocol.TokenValidity).
   */
  maxTokenAge?: number;
  /** Return true to make a client prove its address with a Retry first. */
  verifySourceAddress?: verifySourceAddressFunc;
  disableVersionNegotiationPackets?: boolean;
  clock?: Clock;
}

/** What the transport calls on its server: packets for unknown IDs, and close. Ours (ARCHITECTURE.md §4). */
export interface unknownPacketHandler {
  handlePacket(p: receivedPacket): void;
  close(e: Error, notifyOnClose: boolean): void;
}

export class Transport {
  readonly handlerMap: packetHandlerMap;
  readonly connIDLen: number;
  readonly connIDGenerator: ConnectionIDGenerator;
  readonly clock: Clock;
  /** The listener's server (transport.go:120 holds a *baseServer; here only what the transport calls). */
  server: unknownPacketHandler | undefined;
  private closed = false;
  /** Closed when listen returns (transport.go:241). */
  readonly listening = new Chan<void>(0, 'listening');
  /** Copies of CONNECTION_CLOSE for closed connections (transport.go:243). */
  private readonly closeQueue = new Chan<closePacket>(4, 'closeQueue');
  /** Short-header packets for unknown IDs that deserve a stateless reset (transport.go:244). */
  private readonly statelessResetQueue = new Chan<receivedPacket>(4, 'statelessResetQueue');
  private readonly tokenGeneratorKey: Uint8Array;

  /**
   * @param conn the socket
   * @param createdConn we opened the socket, so closing the transport closes it (ListenAddr, DialAddr)
   * @param isSingleUse the transport exists for one listener or one dial only
   */
  constructor(
    readonly conn: rawConn,
    private readonly opts: TransportOptions = {},
    private readonly createdConn = false,
    private readonly isSingleUse = false,
  ) {
    // Transport.init (transport.go:224-270), done once, here.
    this.clock = opts.clock ?? systemClock;
    this.connIDLen = opts.connectionIDLength ?? DefaultConnectionIDLength;
    this.connIDGenerator = new DefaultConnectionIDGenerator(this.connIDLen);
    this.tokenGeneratorKey = opts.tokenGeneratorKey ?? randomBytes(32);
    this.handlerMap = new packetHandlerMap(opts.statelessResetKey, (p) => this.enqueueClosePacket(p), this.clock);
    go('transport.listen', () => this.listen()); // transport.go:267
    go('transport.runSendQueue', () => this.runSendQueue()); // transport.go:268
  }

  /**
   * Starts a server on this transport (transport.go:141-150). As in Go, `Listen` (capital L) is the
   * public call and `listen` (lower case) the read loop.
   */
  Listen(tlsConf: QUICTLSConfig, conf?: Config): Listener {
    return new Listener(this.createServer(tlsConf, conf, false));
  }

  /** Like Listen, but connections are handed out once early-ready (transport.go:152-158). */
  ListenEarly(tlsConf: QUICTLSConfig, conf?: Config): EarlyListener {
    return new EarlyListener(this.createServer(tlsConf, conf, true));
  }

  private createServer(tlsConf: QUICTLSConfig, conf: Config | undefined, allow0RTT: boolean): baseServer {
    if (!tlsConf) throw new Error('quic: tls.Config not set');
    validateConfig(conf);
    if (this.server) throw new Error('listener already set');
    const config = populateConfig(conf);
    const server = new baseServer({
      conn: this.conn,
      connHandler: this.handlerMap,
      connIDGenerator: this.connIDGenerator,
      tlsConf,
      config,
      onClose: () => this.closeServer(),
      tokenGeneratorKey: this.tokenGeneratorKey,
      maxTokenAge: this.opts.maxTokenAge ?? 0,
      verifySourceAddress: this.opts.verifySourceAddress,
      disableVersionNegotiation: this.opts.disableVersionNegotiationPackets ?? false,
      acceptEarly: allow0RTT,
      newConn: newConnection,
      clock: this.clock,
    });
    this.server = server;
    return server;
  }

  /**
   * The read loop: one goroutine reads every datagram and hands it on synchronously
   * (transport.go:361-391). Nothing downstream may block it.
   */
  private async listen(): Promise<void> {
    try {
      for (;;) {
        let p: receivedPacket;
        try {
          p = await this.conn.readPacket(); // @anchor transport.listen.read
        } catch (err) {
          this.close(err as Error);
          return;
        }
        this.handlePacket(p); // @anchor transport.listen.handlePacket
      }
    } finally {
      this.listening.close();
    }
  }

  /** Routes one datagram: to its connection, to the server, or to a stateless reset (transport.go:393-438). */
  handlePacket(p: receivedPacket): void {
    if (p.data.length === 0) return;
    const first = p.data[0]!;
    if (!isPotentialQUICPacket(first) && !isLongHeaderPacket(first)) {
      trace('transport.listen', 'drop: not a QUIC packet', { detail: `${packetSize(p)} bytes` });
      return;
    }
    let connID: ConnectionID;
    try {
      // Long headers carry the DCID length; short headers have our fixed length.
      connID = parseConnectionID(p.data, this.connIDLen); // @anchor transport.handlePacket.parseConnID
    } catch {
      trace('transport.listen', 'drop: cannot parse connection ID');
      return;
    }

    const handler = this.handlerMap.get(connID); // @anchor transport.handlePacket.lookup
    if (handler) {
      // An existing connection (or a closed-connection placeholder): the server is not involved.
      handler.handlePacket(p); // @anchor transport.handlePacket.toConn
      return;
    }
    if (this.maybeHandleStatelessReset(p.data)) return;
    if (!isLongHeaderPacket(first)) {
      this.maybeSendStatelessReset(p);
      return;
    }
    if (!this.server) {
      trace('transport.listen', `drop: unexpected connection ID ${connIDToHex(connID)}`);
      return;
    }
    this.server.handlePacket(p); // @anchor transport.handlePacket.toServer
  }

  /** RFC 9000 §10.3.1: a short packet whose last 16 bytes are a token a peer gave us. */
  maybeHandleStatelessReset(data: Uint8Array): boolean {
    if (isLongHeaderPacket(data[0]!) || data.length < 17) return false;
    const token = data.subarray(data.length - 16);
    const conn = this.handlerMap.getByResetToken(token);
    if (!conn) return false;
    conn.destroy(new StatelessResetError(token));
    return true;
  }

  /** Only with a StatelessResetKey, and never in reply to a packet that could itself be a reset. */
  maybeSendStatelessReset(p: receivedPacket): void {
    if (!this.opts.statelessResetKey) return;
    if (p.data.length <= MinStatelessResetSize) return;
    this.statelessResetQueue.trySend(p);
  }

  /** RFC 9000 §10.3: random bits that look like a short-header packet, ending in the token. */
  private sendStatelessReset(p: receivedPacket): void {
    const connID = parseConnectionID(p.data, this.connIDLen);
    const token = this.handlerMap.getStatelessResetToken(connID);
    const data = new Uint8Array(MinStatelessResetSize);
    data.set(randomBytes(MinStatelessResetSize - 16));
    data[0] = (data[0]! & 0x7f) | 0x40;
    data.set(token, MinStatelessResetSize - 16);
    this.conn.writePacket(data, p.remoteAddr);
  }

  private enqueueClosePacket(p: closePacket): void {
    this.closeQueue.trySend(p); // best effort: drop when backlogged
  }

  /** The transport's writer goroutine (transport.go:290-301). */
  private async runSendQueue(): Promise<void> {
    for (;;) {
      const r = await select([this.listening, this.closeQueue, this.statelessResetQueue]);
      if (r.index === 0) return;
      if (r.index === 1) {
        const p = r.value as closePacket;
        this.conn.writePacket(p.payload, p.addr);
      } else {
        this.sendStatelessReset(r.value as receivedPacket);
      }
    }
  }

  /** Dials a server from this transport's socket (transport.go Dial). */
  Dial(addr: UDPAddr, tlsConf: QUICTLSConfig, conf?: Config, signal?: AbortSignal): Promise<Connection> {
    return dialOnTransport(this, addr, tlsConf, conf, signal);
  }

  /**
   * Like Dial, but offers 0-RTT when the session cache holds a ticket that allows it, and returns
   * as soon as 0-RTT data may be sent (transport.go:202-205, RFC 9001 §4.6.1).
   */
  DialEarly(addr: UDPAddr, tlsConf: QUICTLSConfig, conf?: Config, signal?: AbortSignal): Promise<EarlyConnection> {
    return dialOnTransport(this, addr, tlsConf, conf, signal, true);
  }

  /** The listener is done; a single-use transport goes with it (transport.go:322-337). */
  private closeServer(): void {
    this.server = undefined;
    if (this.isSingleUse) this.closed = true;
    if (this.createdConn) this.conn.close();
  }

  /** Closes the socket (if ours), every connection and the server. */
  close(e: Error = new Error('closing')): void {
    if (!this.closed) {
      this.closed = true;
      this.handlerMap.close(e);
      this.server?.close(e, false);
    }
    if (this.createdConn) this.conn.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  localAddr(): UDPAddr {
    return this.conn.localAddr();
  }
}
