// The QUIC side of the TLS handshake (quic-go: internal/handshake/crypto_setup.go). Our TLS stack
// (tls/) hands out traffic secrets and handshake bytes per encryption level, like Go's crypto/tls
// QUIC API; here secrets become packet-protection keys, and the connection learns, as events,
// what to send and when the handshake is done (RFC 9001 §4).
import { EncryptionLevel, Perspective, opposite, type ConnectionID } from '../protocol/protocol.ts';
import type { Version } from '../protocol/version.ts';
import { newLocalCryptoError } from '../qerr/errors.ts';
import { Alert } from '../tls/alert.ts';
import { getCipherSuite } from './cipher_suite.ts';
import type { CryptoBackend } from '../crypto/crypto_backend.ts';
import {
  createAEAD,
  ErrKeysDropped,
  newLongHeaderOpener,
  newLongHeaderSealer,
  type LongHeaderOpener,
  type LongHeaderSealer,
  type ShortHeaderOpener,
  type ShortHeaderSealer,
} from './aead.ts';
import { newHeaderProtector } from './header_protector.ts';
import { newInitialAEAD } from './initial_aead.ts';
import { updatableAEAD } from './updatable_aead.ts';
import type { RTTStats } from '../utils/rtt_stats.ts';
import type { TLSConfig } from '../tls/config.ts';
import { quicClient, quicServer, type QUICConn } from '../tls/quic_conn.ts';
import { marshalTransportParameters, unmarshalTransportParameters, validFor0RTT, type TransportParameters } from '../wire/transport_parameters.ts';
import { marshalSessionTicket, unmarshalSessionTicket } from './session_ticket.ts';
import { sessionTicketKeyOf } from '../tls/session_ticket.ts';

/** What the connection must act on (quic-go's handshake.Event). */
export type Event =
  /** Send handshake bytes in CRYPTO frames at this level. */
  | { kind: 'writeData'; level: EncryptionLevel; data: Uint8Array }
  /** New keys to open packets: undecryptable packets can be tried again. */
  | { kind: 'receivedReadKeys' }
  /** The peer's transport parameters. */
  | { kind: 'receivedTransportParameters'; params: TransportParameters }
  /** Client: the server's parameters remembered with the session, for 0-RTT (RFC 9000 §7.4.1). */
  | { kind: 'restoredTransportParameters'; params: TransportParameters }
  /** Client: the server rejected 0-RTT; what was sent in 0-RTT packets is lost (RFC 9001 §4.6.2). */
  | { kind: 'discard0RTTKeys' }
  | { kind: 'handshakeComplete' };

/** Keys of one long-header level: undefined until derived, 'dropped' once discarded (RFC 9001 §4.9). */
type keys<T> = T | undefined | 'dropped';

/** The TLS configuration the application gives, before we add our transport parameters. */
export type QUICTLSConfig = Omit<TLSConfig, 'quicTransportParameters'>;

export class cryptoSetup {
  private readonly tls: QUICConn;
  private readonly events: Event[] = [];
  private handshakeCompleted = false;
  private handshakeCompleteTime = 0;
  /** The peer's transport parameters; a client stores them with its session tickets. */
  private peerParams: TransportParameters | undefined;

  private initialSealer: keys<LongHeaderSealer>;
  private initialOpener: keys<LongHeaderOpener>;
  private zeroRTTSealer: LongHeaderSealer | undefined;
  private zeroRTTOpener: LongHeaderOpener | undefined;
  private handshakeSealer: keys<LongHeaderSealer>;
  private handshakeOpener: keys<LongHeaderOpener>;
  private readonly aead: updatableAEAD;
  private has1RTTSealer = false;
  private has1RTTOpener = false;
  /** Set on a server when it accepts 0-RTT, on a client once it knows the server did (quic-go: used0RTT). */
  private used0RTT = false;

  /**
   * `allow0RTT`: a server accepts 0-RTT (Config.allow0RTT), a client offers it (dialEarly). A
   * server compares `ourParams` with those a ticket remembers (RFC 9000 §7.4.1).
   */
  constructor(
    readonly perspective: Perspective,
    connID: ConnectionID,
    tlsConf: QUICTLSConfig,
    private readonly ourParams: TransportParameters,
    private readonly rttStats: Pick<RTTStats, 'pto' | 'smoothedRTT'>,
    private version: Version,
    private readonly backend: CryptoBackend,
    private readonly allow0RTT = false,
    private readonly clock: () => number = Date.now,
  ) {
    [this.initialSealer, this.initialOpener] = newInitialAEAD(connID, perspective, version, backend);
    this.aead = new updatableAEAD(rttStats, version, backend);
    const config: TLSConfig = { ...tlsConf, crypto: backend, quicTransportParameters: marshalTransportParameters(ourParams, perspective) };
    if (perspective === Perspective.Client) {
      config.enableEarlyData = allow0RTT;
      config.marshalDataForSessionState = (earlyData) => this.marshalDataForSessionState(earlyData);
      config.handleDataFromSessionState = (data, earlyData) => this.handleDataFromSessionState(data, earlyData);
      this.tls = quicClient(config);
    } else {
      // One ticket key per application config, as Go's tls.Config has: every connection's copy of
      // the config must open the tickets the others sealed.
      config.sessionTicketKey = sessionTicketKeyOf(tlsConf as TLSConfig);
      config.getDataForSessionTicket = () => marshalSessionTicket({ rtt: this.rttStats.smoothedRTT(), parameters: this.allow0RTT ? this.ourParams : undefined });
      config.handleSessionTicket = (data, using0RTT) => this.handleSessionTicket(data, using0RTT);
      this.tls = quicServer(config);
    }
  }

  /** Client, after a Retry or Version Negotiation: Initial keys come from the new DCID (RFC 9001 §5.2). */
  changeConnectionID(id: ConnectionID, version: Version = this.version): void {
    this.version = version;
    [this.initialSealer, this.initialOpener] = newInitialAEAD(id, this.perspective, version, this.backend);
  }

  startHandshake(): void {
    this.tls.start();
    this.drainTLSEvents();
  }

  /** In-order CRYPTO data of one level (quic-go: HandleMessage). Throws CRYPTO_ERROR TransportErrors. */
  handleMessage(data: Uint8Array, level: EncryptionLevel): void {
    this.tls.handleData(level, data);
    this.drainTLSEvents();
  }

  nextEvent(): Event | undefined {
    return this.events.shift();
  }

  private drainTLSEvents(): void {
    for (let ev = this.tls.nextEvent(); ev; ev = this.tls.nextEvent()) {
      switch (ev.kind) {
        case 'setReadSecret':
          this.setReadKey(ev.level, ev.suite, ev.secret);
          break;
        case 'setWriteSecret':
          this.setWriteKey(ev.level, ev.suite, ev.secret);
          break;
        case 'writeData':
          this.events.push({ kind: 'writeData', level: ev.level, data: ev.data });
          break;
        case 'transportParameters':
          this.peerParams = unmarshalTransportParameters(ev.params, opposite(this.perspective));
          this.events.push({ kind: 'receivedTransportParameters', params: this.peerParams });
          break;
        case 'rejectedEarlyData':
          this.rejected0RTT();
          break;
        case 'handshakeDone':
          this.handshakeCompleted = true;
          this.handshakeCompleteTime = this.clock();
          this.events.push({ kind: 'handshakeComplete' });
          break;
      }
    }
  }

  /** Client: what a ticket keeps: the RTT, and for a 0-RTT ticket the server's limits (RFC 9000 §7.4.1). */
  private marshalDataForSessionState(earlyData: boolean): Uint8Array {
    return marshalSessionTicket({ rtt: this.rttStats.smoothedRTT(), parameters: earlyData ? this.peerParams : undefined });
  }

  /**
   * Client: a stored session is about to be offered, with 0-RTT if `earlyData`: the 0-RTT data will
   * use its remembered parameters. Only then are they restored, so that limits no server promised
   * for this connection never apply.
   */
  private handleDataFromSessionState(data: Uint8Array, earlyData: boolean): boolean {
    if (!earlyData || !this.allow0RTT) return false;
    let parameters: TransportParameters | undefined;
    try {
      parameters = unmarshalSessionTicket(data, earlyData).parameters;
    } catch {
      return false; // resume, but without 0-RTT
    }
    if (!parameters) return false;
    this.events.push({ kind: 'restoredTransportParameters', params: parameters });
    return true;
  }

  /**
   * Server: accept the client's 0-RTT data only if we allow 0-RTT and our limits did not shrink since
   * the ticket was issued (RFC 9000 §7.4.1; quic-go: handleSessionTicket).
   */
  private handleSessionTicket(data: Uint8Array, using0RTT: boolean): boolean {
    if (!using0RTT || !this.allow0RTT) return false;
    try {
      const { parameters } = unmarshalSessionTicket(data, true);
      return parameters !== undefined && validFor0RTT(this.ourParams, parameters);
    } catch {
      return false;
    }
  }

  /** Client: the server said no to 0-RTT (RFC 9001 §4.6.2): its keys go, the connection re-sends. */
  private rejected0RTT(): void {
    const had0RTTKeys = this.zeroRTTSealer !== undefined;
    this.zeroRTTSealer = undefined;
    if (had0RTTKeys) this.events.push({ kind: 'discard0RTTKeys' });
  }

  private setReadKey(level: EncryptionLevel, suiteID: number, secret: Uint8Array): void {
    if (level === EncryptionLevel.ZeroRTT) {
      this.zeroRTTOpener = this.longHeaderOpener(suiteID, secret);
      this.used0RTT = true;
    } else if (level === EncryptionLevel.Handshake) {
      this.handshakeOpener = this.longHeaderOpener(suiteID, secret);
    } else if (level === EncryptionLevel.OneRTT) {
      this.aead.setReadKey(getCipherSuite(suiteID), secret);
      this.has1RTTOpener = true;
    } else {
      return;
    }
    this.events.push({ kind: 'receivedReadKeys' });
  }

  private setWriteKey(level: EncryptionLevel, suiteID: number, secret: Uint8Array): void {
    if (level === EncryptionLevel.ZeroRTT) {
      // Not used0RTT yet: the server may still reject it.
      this.zeroRTTSealer = this.longHeaderSealer(suiteID, secret);
    } else if (level === EncryptionLevel.Handshake) {
      this.handshakeSealer = this.longHeaderSealer(suiteID, secret);
    } else if (level === EncryptionLevel.OneRTT) {
      this.aead.setWriteKey(getCipherSuite(suiteID), secret);
      this.has1RTTSealer = true;
      if (this.zeroRTTSealer) {
        // 1-RTT keys and 0-RTT not rejected: it was accepted. 0-RTT keys go (RFC 9001 §4.9.3).
        this.used0RTT = true;
        this.zeroRTTSealer = undefined;
      }
    }
  }

  private longHeaderOpener(suiteID: number, secret: Uint8Array): LongHeaderOpener {
    const suite = getCipherSuite(suiteID);
    return newLongHeaderOpener(createAEAD(suite, secret, this.version, this.backend), newHeaderProtector(suite, secret, this.version, this.backend));
  }

  private longHeaderSealer(suiteID: number, secret: Uint8Array): LongHeaderSealer {
    const suite = getCipherSuite(suiteID);
    return newLongHeaderSealer(createAEAD(suite, secret, this.version, this.backend), newHeaderProtector(suite, secret, this.version, this.backend));
  }

  /** RFC 9001 §4.9.1: a client drops Initial keys when it first sends a Handshake packet, a server when it first receives one. */
  discardInitialKeys(): void {
    this.initialSealer = 'dropped';
    this.initialOpener = 'dropped';
  }

  /** RFC 9001 §4.9.2: Handshake keys go when the handshake is confirmed. */
  setHandshakeConfirmed(): void {
    this.aead.setHandshakeConfirmed();
    this.handshakeSealer = 'dropped';
    this.handshakeOpener = 'dropped';
  }

  setLargest1RTTAcked(pn: number): void {
    this.aead.setLargestAcked(pn);
  }

  /** Server: a NewSessionTicket to send in 1-RTT CRYPTO data, after the handshake; it allows 0-RTT if we do (RFC 9001 §4.6.1). */
  sendSessionTicket(): void {
    this.tls.sendSessionTicket({ earlyData: this.allow0RTT });
    this.drainTLSEvents();
  }

  isHandshakeComplete(): boolean {
    return this.handshakeCompleted;
  }

  getInitialSealer(): LongHeaderSealer | undefined {
    return usable(this.initialSealer);
  }
  /** Client: 0-RTT keys until the server accepts (1-RTT keys) or rejects 0-RTT. */
  get0RTTSealer(): LongHeaderSealer | undefined {
    return this.zeroRTTSealer;
  }
  getHandshakeSealer(): LongHeaderSealer | undefined {
    return usable(this.handshakeSealer);
  }
  get1RTTSealer(): ShortHeaderSealer | undefined {
    return this.has1RTTSealer ? this.aead : undefined;
  }

  /** Openers throw ErrKeysDropped for discarded keys: such packets are dropped, not buffered. */
  getInitialOpener(): LongHeaderOpener | undefined {
    return openable(this.initialOpener);
  }
  getHandshakeOpener(): LongHeaderOpener | undefined {
    return openable(this.handshakeOpener);
  }
  /** Server: 0-RTT keys; undefined (keep the packet) while the ClientHello may still bring them. */
  get0RTTOpener(): LongHeaderOpener | undefined {
    if (this.perspective === Perspective.Client) throw ErrKeysDropped;
    if (this.zeroRTTOpener) return this.zeroRTTOpener;
    if (this.initialOpener !== 'dropped') return undefined;
    throw ErrKeysDropped;
  }
  /**
   * A server must not process 1-RTT packets before its handshake is complete (RFC 9001 §5.7). Its
   * 0-RTT keys go 3 PTO after completion, when reordered 0-RTT packets are unlikely (RFC 9001 §4.9.3).
   */
  get1RTTOpener(): ShortHeaderOpener | undefined {
    if (this.zeroRTTOpener && this.handshakeCompleted && this.clock() - this.handshakeCompleteTime > 3 * this.rttStats.pto(true)) {
      this.zeroRTTOpener = undefined;
    }
    if (!this.has1RTTOpener) return undefined;
    if (this.perspective === Perspective.Server && !this.handshakeCompleted) return undefined;
    return this.aead;
  }

  connectionState() {
    return { ...this.tls.connectionState(), used0RTT: this.used0RTT };
  }

  close(): void {
    this.tls.close();
  }
}

function usable<T>(k: keys<T>): T | undefined {
  return k === 'dropped' ? undefined : k;
}

function openable<T>(k: keys<T>): T | undefined {
  if (k === 'dropped') throw ErrKeysDropped;
  return k;
}

/** A handshake that ends with an alert the peer sent us, or that our TLS stack raised. */
export function alertError(alert: Alert, message: string) {
  return newLocalCryptoError(alert, message);
}
