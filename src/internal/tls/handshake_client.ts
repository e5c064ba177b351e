// The client side of the TLS 1.3 handshake over QUIC (Go's handshake_client.go and
// handshake_client_tls13.go). `run` reads from top to bottom like the protocol (RFC 8446 §2):
//
//   ClientHello            -> (Initial)
//                          <- ServerHello, or HelloRetryRequest then ClientHello2 / ServerHello
//                          <- EncryptedExtensions, Certificate, CertificateVerify, Finished (Handshake)
//   Finished               -> (Handshake)
//                          <- NewSessionTicket … (1-RTT, after the handshake: handleNewSessionTicket)
import { equalBytes } from '@noble/ciphers/utils.js';
import { randomBytes } from '../utils/rand.ts';
import { EncryptionLevel } from '../protocol/protocol.ts';
import { CertificateError, matchesServerName, verify, verifyCertificateChain } from '../x509/index.ts';
import { parseIp } from '../x509/ip.ts';
import { Alert, tlsError } from './alert.ts';
import { serverSignatureContext, signedMessage, supportedSignatureAlgorithms } from './auth.ts';
import { globalCertCache } from './cache.ts';
import { cipherSuiteTLS13ByID, type cipherSuiteTLS13 } from './cipher_suites.ts';
import { VersionTLS13, maxSessionTicketLifetime, pskModeDHE, quicMaxEarlyData } from './common.ts';
import { cipherSuitesOf, cryptoOf, curvePreferencesOf, nowOf } from './config.ts';
import type { Conn, Handshake } from './conn.ts';
import {
  isHelloRetryRequest,
  marshalClientHello,
  parseCertificate as parseCertificateMsg,
  parseCertificateVerify,
  parseEncryptedExtensions,
  parseNewSessionTicket,
  parseServerHello,
  pskBindersSize,
  type clientHelloMsg,
  type serverHelloMsg,
} from './handshake_messages.ts';
import { EarlySecret, finishedVerifyData, resumptionPSK, type HandshakeSecret, type MasterSecret } from './key_schedule.ts';
import { applicationSecrets, checkFinished, makeFinished } from './finished.ts';
import { generateKeyShare, type KeySharePrivate } from './key_share.ts';
import { obfuscatedTicketAge, type ClientSessionState } from './session_ticket.ts';
import { Transcript } from './transcript.ts';

export class clientHandshakeStateTLS13 {
  private hello!: clientHelloMsg;
  private helloRaw!: Uint8Array;
  private keyShare!: KeySharePrivate;
  /** The session offered for resumption, and the early secret of its PSK. */
  private session?: { state: ClientSessionState; suite: cipherSuiteTLS13; earlySecret: EarlySecret };
  private suite!: cipherSuiteTLS13;
  private transcript!: Transcript;
  private handshakeSecret!: HandshakeSecret;
  private clientHandshakeTrafficSecret!: Uint8Array;
  private serverHandshakeTrafficSecret!: Uint8Array;
  private masterSecret!: MasterSecret;
  private clientTrafficSecret!: Uint8Array;

  constructor(private readonly conn: Conn) {}

  *run(): Handshake {
    this.sendClientHello();
    let serverHelloRaw = yield* this.conn.readHandshake();
    let serverHello = parseServerHello(serverHelloRaw);
    if (isHelloRetryRequest(serverHello)) {
      this.processHelloRetryRequest(serverHello, serverHelloRaw);
      serverHelloRaw = yield* this.conn.readHandshake();
      serverHello = parseServerHello(serverHelloRaw);
      if (isHelloRetryRequest(serverHello)) throw tlsError(Alert.unexpectedMessage, 'server sent two HelloRetryRequest messages');
    }
    this.processServerHello(serverHello, serverHelloRaw);
    this.establishHandshakeKeys(serverHello);
    this.readServerParameters(yield* this.conn.readHandshake());
    if (!this.conn.didResume) {
      this.readServerCertificate(yield* this.conn.readHandshake());
      this.readServerCertificateVerify(yield* this.conn.readHandshake());
    }
    this.readServerFinished(yield* this.conn.readHandshake());
    this.sendClientFinished();
  }

  private sendClientHello(): void {
    const { conn } = this;
    const config = conn.config;
    if (!config.serverName && !config.insecureSkipVerify) {
      throw tlsError(Alert.internalError, 'either serverName or insecureSkipVerify must be specified in the config');
    }
    const curves = curvePreferencesOf(config);
    if (curves.length === 0) throw tlsError(Alert.internalError, 'no supported groups configured');
    this.keyShare = generateKeyShare(curves[0]!, cryptoOf(config));
    conn.clientRandom = randomBytes(32);
    this.hello = {
      random: conn.clientRandom,
      sessionId: new Uint8Array(0), // no middlebox compatibility mode in QUIC (RFC 9001 §8.4)
      cipherSuites: cipherSuitesOf(config),
      compressionMethods: Uint8Array.of(0),
      serverName: config.serverName && !parseIp(config.serverName) ? config.serverName : undefined, // RFC 6066 §3: no IP literals
      supportedVersions: [VersionTLS13],
      supportedCurves: curves,
      supportedSignatureAlgorithms: [...supportedSignatureAlgorithms],
      alpnProtocols: [...config.nextProtos],
      keyShares: [{ group: this.keyShare.group, data: this.keyShare.publicKey }],
      pskModes: [pskModeDHE],
      earlyData: false,
      quicTransportParameters: config.quicTransportParameters,
      pskIdentities: [],
      pskBinders: [],
    };
    this.loadSession();
    this.helloRaw = this.marshalHelloWithBinders();
    conn.writeHandshake(EncryptionLevel.Initial, this.helloRaw);
    if (this.hello.earlyData && this.session) {
      // The 0-RTT seam (RFC 9001 §4.6.1): keys over ClientHello from the PSK's early secret.
      const t = new Transcript(this.session.suite.hash);
      t.write(this.helloRaw);
      conn.setWriteSecret(EncryptionLevel.ZeroRTT, this.session.suite.id, this.session.earlySecret.clientEarlyTrafficSecret(t.sum()));
    }
  }

  /** Offers a cached session, if there is a usable one (Go's loadSession). */
  private loadSession(): void {
    const { config } = this.conn;
    const cache = config.clientSessionCache;
    if (!cache) return;
    const key = sessionCacheKey(config.serverName);
    const state = cache.get(key);
    if (!state) return;
    const now = nowOf(config);
    const suite = cipherSuiteTLS13ByID(state.cipherSuite);
    if (now > state.receivedAt + state.lifetime) {
      cache.delete(key); // expired (RFC 8446 §4.6.1)
      return;
    }
    if (!suite || !this.hello.cipherSuites.includes(state.cipherSuite)) return;
    // A session authenticated for another name must not be resumed for this one.
    const leaf = state.peerCertificates[0];
    if (!config.insecureSkipVerify && (!leaf || !matchesServerName(leaf, config.serverName ?? ''))) return;
    this.session = { state, suite, earlySecret: new EarlySecret(suite.hash, state.psk) };
    this.hello.pskIdentities = [{ identity: state.ticket, obfuscatedTicketAge: obfuscatedTicketAge(state, now) }];
    this.hello.pskBinders = [new Uint8Array(suite.hash.outputLen)];
    // 0-RTT for a ticket that allows it, with its ALPN among ours (RFC 8446 §4.2.10); the QUIC layer
    // restores what it stored with the ticket, and may still refuse (quic-go: handleDataFromSessionState).
    const earlyData = config.enableEarlyData === true && state.maxEarlyData > 0 && this.hello.alpnProtocols.includes(state.alpn);
    const quicAllows = config.handleDataFromSessionState?.(state.extra, earlyData) ?? true;
    this.hello.earlyData = earlyData && quicAllows;
  }

  /**
   * Marshals the ClientHello; with a PSK, first with placeholder binders to learn the truncated
   * ClientHello, then with the binder computed over the transcript so far (empty, or
   * message_hash || HelloRetryRequest) + truncated ClientHello (RFC 8446 §4.2.11.2).
   */
  private marshalHelloWithBinders(transcriptSoFar?: Transcript): Uint8Array {
    const raw = marshalClientHello(this.hello);
    if (!this.session) return raw;
    const transcript = transcriptSoFar ?? new Transcript(this.session.suite.hash);
    transcript.write(raw.subarray(0, raw.length - pskBindersSize(this.hello.pskBinders)));
    const binderKey = this.session.earlySecret.resumptionBinderKey();
    this.hello.pskBinders = [finishedVerifyData(this.session.suite.hash, binderKey, transcript.sum())];
    return marshalClientHello(this.hello);
  }

  /** Checks common to ServerHello and HelloRetryRequest (Go's checkServerHelloOrHRR). */
  private checkServerHelloOrHRR(m: serverHelloMsg): cipherSuiteTLS13 {
    if (m.supportedVersion === undefined) throw tlsError(Alert.protocolVersion, 'server selected TLS 1.2 or lower; QUIC requires TLS 1.3');
    if (m.supportedVersion !== VersionTLS13) throw tlsError(Alert.illegalParameter, `server selected unsupported version 0x${m.supportedVersion.toString(16)}`);
    if (!equalBytes(m.sessionId, this.hello.sessionId)) throw tlsError(Alert.illegalParameter, 'server did not echo the legacy session ID');
    const suite = this.hello.cipherSuites.includes(m.cipherSuite) ? cipherSuiteTLS13ByID(m.cipherSuite) : undefined;
    if (!suite) throw tlsError(Alert.illegalParameter, 'server chose an unconfigured cipher suite');
    if (this.suite && this.suite.id !== suite.id) throw tlsError(Alert.illegalParameter, 'server changed cipher suite after a HelloRetryRequest');
    return suite;
  }

  /** RFC 8446 §4.1.4: answer a HelloRetryRequest with ClientHello2. */
  private processHelloRetryRequest(hrr: serverHelloMsg, hrrRaw: Uint8Array): void {
    const { conn } = this;
    this.suite = this.checkServerHelloOrHRR(hrr);
    // The transcript restarts as message_hash(ClientHello1) || HelloRetryRequest (§4.4.1).
    this.transcript = new Transcript(this.suite.hash);
    this.transcript.write(this.helloRaw);
    this.transcript.replaceWithMessageHash();
    this.transcript.write(hrrRaw);

    if (hrr.selectedGroup === undefined && hrr.cookie === undefined) {
      throw tlsError(Alert.illegalParameter, 'server sent an unnecessary HelloRetryRequest message');
    }
    this.hello.cookie = hrr.cookie;
    if (hrr.selectedGroup !== undefined) {
      const group = hrr.selectedGroup;
      if (!this.hello.supportedCurves.includes(group) || group === this.keyShare.group) {
        throw tlsError(Alert.illegalParameter, 'server selected an unsupported or already offered group');
      }
      this.keyShare = generateKeyShare(group, cryptoOf(this.conn.config));
      this.hello.keyShares = [{ group, data: this.keyShare.publicKey }];
    }
    // A PSK survives only if its hash matches the suite now chosen; 0-RTT never survives (§4.1.4).
    if (this.session && this.session.suite.hash !== this.suite.hash) {
      this.session = undefined;
      this.hello.pskIdentities = [];
      this.hello.pskBinders = [];
    }
    if (this.hello.earlyData) {
      this.hello.earlyData = false;
      conn.events.push({ kind: 'rejectedEarlyData' });
    }
    this.helloRaw = this.marshalHelloWithBinders(this.transcript.clone());
    this.transcript.write(this.helloRaw);
    conn.writeHandshake(EncryptionLevel.Initial, this.helloRaw);
  }

  private processServerHello(m: serverHelloMsg, raw: Uint8Array): void {
    const { conn } = this;
    const suite = this.checkServerHelloOrHRR(m);
    if (!this.transcript) {
      this.transcript = new Transcript(suite.hash);
      this.transcript.write(this.helloRaw);
    }
    this.suite = suite;
    this.transcript.write(raw);
    conn.cipherSuite = suite.id;

    if (m.cookie !== undefined) throw tlsError(Alert.unsupportedExtension, 'server sent a cookie in a normal ServerHello');
    if (!m.serverShare) throw tlsError(Alert.illegalParameter, 'server did not send a key share');
    if (m.serverShare.group !== this.keyShare.group) throw tlsError(Alert.illegalParameter, 'server selected an unsupported group');
    if (m.selectedIdentity !== undefined) {
      if (!this.session || m.selectedIdentity !== 0) throw tlsError(Alert.illegalParameter, 'server selected an invalid PSK');
      if (this.session.suite.hash !== suite.hash) throw tlsError(Alert.illegalParameter, 'server selected an invalid PSK and cipher suite pair');
      conn.didResume = true;
      conn.peerCertificates = this.session.state.peerCertificates;
      conn.serverName = this.session.state.serverName;
    }
  }

  private establishHandshakeKeys(m: serverHelloMsg): void {
    const sharedSecret = this.keyShare.sharedSecret(m.serverShare!.data);
    const earlySecret = this.conn.didResume ? this.session!.earlySecret : new EarlySecret(this.suite.hash);
    this.handshakeSecret = earlySecret.handshakeSecret(sharedSecret);
    const th = this.transcript.sum();
    this.clientHandshakeTrafficSecret = this.handshakeSecret.clientHandshakeTrafficSecret(th);
    this.serverHandshakeTrafficSecret = this.handshakeSecret.serverHandshakeTrafficSecret(th);
    this.conn.setWriteSecret(EncryptionLevel.Handshake, this.suite.id, this.clientHandshakeTrafficSecret);
    this.conn.setReadSecret(EncryptionLevel.Handshake, this.suite.id, this.serverHandshakeTrafficSecret);
  }

  /** EncryptedExtensions: ALPN, transport parameters and 0-RTT (RFC 8446 §4.3.1, RFC 9001 §8). */
  private readServerParameters(raw: Uint8Array): void {
    const { conn } = this;
    const ee = parseEncryptedExtensions(raw);
    this.transcript.write(raw);
    if (ee.alpnProtocol === undefined) throw tlsError(Alert.noApplicationProtocol, 'server did not select an ALPN protocol');
    if (!this.hello.alpnProtocols.includes(ee.alpnProtocol)) throw tlsError(Alert.unsupportedExtension, 'server selected unadvertised ALPN protocol');
    conn.negotiatedProtocol = ee.alpnProtocol;
    if (ee.quicTransportParameters === undefined) throw tlsError(Alert.missingExtension, 'server did not send a quic_transport_parameters extension');
    conn.events.push({ kind: 'transportParameters', params: ee.quicTransportParameters });
    if (ee.earlyData && !this.hello.earlyData) throw tlsError(Alert.unsupportedExtension, 'server sent an unexpected early_data extension');
    if (this.hello.earlyData && (!ee.earlyData || !conn.didResume)) conn.events.push({ kind: 'rejectedEarlyData' });
    // 0-RTT data was sent for the ticket's ALPN: accepting it under another is an error (RFC 8446 §4.2.10).
    if (ee.earlyData && this.session && this.session.state.alpn !== ee.alpnProtocol) {
      throw tlsError(Alert.illegalParameter, 'server accepted 0-RTT with the wrong ALPN');
    }
  }

  private readServerCertificate(raw: Uint8Array): void {
    const { conn } = this;
    const { config } = conn;
    const m = parseCertificateMsg(raw);
    this.transcript.write(raw);
    if (m.certificateRequestContext.length > 0) throw tlsError(Alert.decodeError, 'server sent a certificate request context');
    if (m.certificates.length === 0) throw tlsError(Alert.decodeError, 'received empty certificates message');
    const chain = m.certificates.map((der) => certificateOrAlert(() => globalCertCache.newCert(der)));
    if (!config.insecureSkipVerify) {
      const now = new Date(nowOf(config));
      certificateOrAlert(() => verifyCertificateChain(chain, config.rootCAs ?? [], { serverName: config.serverName ?? '', now, crypto: cryptoOf(config) }));
    }
    conn.peerCertificates = chain;
    conn.serverName = config.serverName ?? '';
  }

  /** The server proves it holds the leaf's private key by signing the transcript (RFC 8446 §4.4.3). */
  private readServerCertificateVerify(raw: Uint8Array): void {
    const m = parseCertificateVerify(raw);
    if (!this.hello.supportedSignatureAlgorithms.includes(m.signatureAlgorithm)) {
      throw tlsError(Alert.illegalParameter, 'certificate used with invalid signature algorithm');
    }
    const signed = signedMessage(serverSignatureContext, this.transcript.sum());
    if (!verify(this.conn.peerCertificates[0]!.publicKey, m.signatureAlgorithm, signed, m.signature, cryptoOf(this.conn.config))) {
      throw tlsError(Alert.decryptError, 'invalid signature by the server certificate');
    }
    this.transcript.write(raw);
  }

  private readServerFinished(raw: Uint8Array): void {
    checkFinished(raw, this.suite, this.serverHandshakeTrafficSecret, this.transcript, 'server');
    const secrets = applicationSecrets(this.conn, this.handshakeSecret, this.transcript);
    this.masterSecret = secrets.master;
    this.clientTrafficSecret = secrets.client;
    this.conn.setReadSecret(EncryptionLevel.OneRTT, this.suite.id, secrets.server);
  }

  private sendClientFinished(): void {
    const { conn } = this;
    conn.writeHandshake(EncryptionLevel.Handshake, makeFinished(this.suite, this.clientHandshakeTrafficSecret, this.transcript));
    conn.setWriteSecret(EncryptionLevel.OneRTT, this.suite.id, this.clientTrafficSecret);
    conn.resumptionSecret = this.masterSecret.resumptionMasterSecret(this.transcript.sum());
    conn.handshakeComplete = true;
    conn.events.push({ kind: 'handshakeDone' });
  }
}

/**
 * After the handshake: stores a NewSessionTicket for the next connection to the same server
 * (RFC 8446 §4.6.1; Go's Conn.handleNewSessionTicket).
 */
export function handleNewSessionTicket(conn: Conn, raw: Uint8Array): void {
  const suite = cipherSuiteTLS13ByID(conn.cipherSuite)!;
  const m = parseNewSessionTicket(raw);
  const lifetime = m.lifetime * 1000;
  if (lifetime > maxSessionTicketLifetime) throw tlsError(Alert.illegalParameter, 'received a session ticket with invalid lifetime');
  // RFC 9001 §4.6.1: 0xffffffff is the only max_early_data_size a QUIC ticket may carry.
  if (m.maxEarlyData !== 0 && m.maxEarlyData !== quicMaxEarlyData) throw tlsError(Alert.illegalParameter, 'invalid early data for QUIC connection');
  const cache = conn.config.clientSessionCache;
  if (!cache || lifetime === 0) return;
  cache.set(sessionCacheKey(conn.config.serverName), {
    ticket: m.ticket,
    psk: resumptionPSK(suite.hash, conn.resumptionSecret!, m.nonce),
    cipherSuite: suite.id,
    receivedAt: nowOf(conn.config),
    lifetime,
    ageAdd: m.ageAdd,
    alpn: conn.negotiatedProtocol,
    serverName: conn.serverName,
    peerCertificates: conn.peerCertificates,
    maxEarlyData: m.maxEarlyData,
    extra: conn.config.marshalDataForSessionState?.(m.maxEarlyData > 0) ?? new Uint8Array(0),
  });
}

/** The cache is keyed by server name (Go's clientSessionCacheKey; we have no address here). */
function sessionCacheKey(serverName: string | undefined): string {
  return serverName ?? '';
}

/** Runs an x509 step, turning its CertificateError into the alert it names. */
function certificateOrAlert<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof CertificateError) throw tlsError(e.alert as Alert, e.message);
    throw e;
  }
}
