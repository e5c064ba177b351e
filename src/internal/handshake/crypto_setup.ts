// The QUIC side of the TLS handshake (quic-go: internal/handshake/crypto_setup.go). Our TLS stack
// (tls/) hands out traffic secrets and handshake bytes per encryption level, like Go's crypto/tls
// QUIC API; here secrets become packet-protection keys, and the connection learns, as events,
// what to send and when the handshake is done (RFC 9001 §4).
import { EncryptionLevel, Perspective, type ConnectionID } from '../protocol/protocol.ts';
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

/** What the connection must act on (quic-go's handshake.Event). */
export type Event =
  /** Send handshake bytes in CRYPTO frames at this level. */
  | { kind: 'writeData'; level: EncryptionLevel; data: Uint8Array }
  /** New keys to open packets: undecryptable packets can be tried again. */
  | { kind: 'receivedReadKeys' }
  /** The peer's transport parameters (still encoded). */
  | { kind: 'receivedTransportParameters'; data: Uint8Array }
  | { kind: 'handshakeComplete' };

/** Keys of one long-header level: undefined until derived, 'dropped' once discarded (RFC 9001 §4.9). */
type keys<T> = T | undefined | 'dropped';

/** The TLS configuration the application gives, before we add our transport parameters. */
export type QUICTLSConfig = Omit<TLSConfig, 'quicTransportParameters'>;

export class cryptoSetup {
  private readonly tls: QUICConn;
  private readonly events: Event[] = [];
  private handshakeCompleted = false;

  private initialSealer: keys<LongHeaderSealer>;
  private initialOpener: keys<LongHeaderOpener>;
  private handshakeSealer: keys<LongHeaderSealer>;
  private handshakeOpener: keys<LongHeaderOpener>;
  private readonly aead: updatableAEAD;
  private has1RTTSealer = false;
  private has1RTTOpener = false;

  constructor(
    readonly perspective: Perspective,
    connID: ConnectionID,
    tlsConf: QUICTLSConfig,
    transportParameters: Uint8Array,
    rttStats: Pick<RTTStats, 'pto'>,
    private version: Version,
    private readonly backend: CryptoBackend,
  ) {
    [this.initialSealer, this.initialOpener] = newInitialAEAD(connID, perspective, version, backend);
    this.aead = new updatableAEAD(rttStats, version, backend);
    const config: TLSConfig = { ...tlsConf, crypto: backend, quicTransportParameters: transportParameters };
    this.tls = perspective === Perspective.Client ? quicClient(config) : quicServer(config);
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
          this.events.push({ kind: 'receivedTransportParameters', data: ev.params });
          break;
        case 'handshakeDone':
          this.handshakeCompleted = true;
          this.events.push({ kind: 'handshakeComplete' });
          break;
        default:
          break; // 0-RTT is not offered, so it cannot be rejected
      }
    }
  }

  private setReadKey(level: EncryptionLevel, suiteID: number, secret: Uint8Array): void {
    const suite = getCipherSuite(suiteID);
    if (level === EncryptionLevel.Handshake) {
      this.handshakeOpener = newLongHeaderOpener(createAEAD(suite, secret, this.version, this.backend), newHeaderProtector(suite, secret, this.version, this.backend));
    } else if (level === EncryptionLevel.OneRTT) {
      this.aead.setReadKey(suite, secret);
      this.has1RTTOpener = true;
    } else {
      return; // 0-RTT is not used
    }
    this.events.push({ kind: 'receivedReadKeys' });
  }

  private setWriteKey(level: EncryptionLevel, suiteID: number, secret: Uint8Array): void {
    const suite = getCipherSuite(suiteID);
    if (level === EncryptionLevel.Handshake) {
      this.handshakeSealer = newLongHeaderSealer(createAEAD(suite, secret, this.version, this.backend), newHeaderProtector(suite, secret, this.version, this.backend));
    } else if (level === EncryptionLevel.OneRTT) {
      this.aead.setWriteKey(suite, secret);
      this.has1RTTSealer = true;
    }
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

  /** Server: a NewSessionTicket to send in 1-RTT CRYPTO data, after the handshake. */
  sendSessionTicket(): void {
    this.tls.sendSessionTicket();
    this.drainTLSEvents();
  }

  isHandshakeComplete(): boolean {
    return this.handshakeCompleted;
  }

  getInitialSealer(): LongHeaderSealer | undefined {
    return usable(this.initialSealer);
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
  get0RTTOpener(): LongHeaderOpener | undefined {
    if (this.perspective === Perspective.Client) throw ErrKeysDropped;
    return undefined;
  }
  /** A server must not process 1-RTT packets before its handshake is complete (RFC 9001 §5.7). */
  get1RTTOpener(): ShortHeaderOpener | undefined {
    if (!this.has1RTTOpener) return undefined;
    if (this.perspective === Perspective.Server && !this.handshakeCompleted) return undefined;
    return this.aead;
  }

  connectionState() {
    return this.tls.connectionState();
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
