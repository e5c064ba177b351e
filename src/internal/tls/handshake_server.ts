// The server side of the TLS 1.3 handshake over QUIC (Go's handshake_server_tls13.go). `run`
// follows the protocol (RFC 8446 §2):
//
//   ClientHello         <-  (Initial)     [0-RTT data <- under client_early_traffic_secret, when accepted]
//   [HelloRetryRequest  ->  and ClientHello2 <-, when the client's key share does not suit us]
//   ServerHello         ->  (Initial)
//   EncryptedExtensions, Certificate, CertificateVerify, Finished  ->  (Handshake)
//   Finished            <-  (Handshake)
//   NewSessionTicket    ->  (1-RTT, after the handshake, when the QUIC layer asks: sendSessionTicket)
import { equalBytes } from '@noble/ciphers/utils.js';
import { randomBytes } from '../utils/rand.ts';
import { EncryptionLevel } from '../protocol/protocol.ts';
import { matchesServerName, sign, signatureSchemesFor } from '../x509/index.ts';
import { Alert, tlsError } from './alert.ts';
import { serverSignatureContext, signedMessage } from './auth.ts';
import { cipherSuiteTLS13ByID, mutualCipherSuiteTLS13, type cipherSuiteTLS13 } from './cipher_suites.ts';
import { VersionTLS13, helloRetryRequestRandom, maxSessionTicketLifetime, pskModeDHE, quicMaxEarlyData } from './common.ts';
import { cipherSuitesOf, cryptoOf, curvePreferencesOf, nowOf, type CertificateWithKey } from './config.ts';
import type { Conn, Handshake } from './conn.ts';
import {
  marshalCertificate,
  marshalCertificateVerify,
  marshalEncryptedExtensions,
  marshalNewSessionTicket,
  marshalServerHello,
  parseClientHello,
  pskBindersSize,
  type clientHelloMsg,
  type keyShare,
} from './handshake_messages.ts';
import { EarlySecret, finishedVerifyData, resumptionPSK, type HandshakeSecret, type MasterSecret } from './key_schedule.ts';
import { applicationSecrets, checkFinished, makeFinished } from './finished.ts';
import { generateKeyShare } from './key_share.ts';
import { openTicket, sealTicket, sessionTicketKeyOf, type SessionState } from './session_ticket.ts';
import { Transcript } from './transcript.ts';

/** The lifetime we give tickets: the most TLS 1.3 allows, as Go does. */
const ticketLifetime = maxSessionTicketLifetime;

export class serverHandshakeStateTLS13 {
  private hello!: clientHelloMsg;
  private helloRaw!: Uint8Array;
  private suite!: cipherSuiteTLS13;
  /** The client's share for the group we chose; absent until ClientHello2 after a HelloRetryRequest. */
  private clientShare?: keyShare;
  private hrrCookie?: Uint8Array;
  private transcript!: Transcript;
  private earlySecret!: EarlySecret;
  /** Index of the PSK identity we accepted, when resuming. */
  private selectedIdentity?: number;
  /** We accept the client's 0-RTT data (RFC 8446 §4.2.10): EncryptedExtensions says so. */
  private earlyData = false;
  private certificate?: CertificateWithKey;
  private signatureScheme = 0;
  private handshakeSecret!: HandshakeSecret;
  private clientHandshakeTrafficSecret!: Uint8Array;
  private serverHandshakeTrafficSecret!: Uint8Array;
  private masterSecret!: MasterSecret;
  private clientTrafficSecret!: Uint8Array;

  constructor(private readonly conn: Conn) {}

  *run(): Handshake {
    this.helloRaw = yield* this.conn.readHandshake();
    const group = this.processClientHello(parseClientHello(this.helloRaw));
    if (!this.clientShare) {
      this.sendHelloRetryRequest(group);
      const raw = yield* this.conn.readHandshake();
      this.processSecondClientHello(parseClientHello(raw), raw, group);
    }
    this.checkForResumption();
    if (!this.conn.didResume) this.pickCertificate();
    this.sendServerParameters();
    if (!this.conn.didResume) this.sendServerCertificate();
    this.sendServerFinished();
    this.readClientFinished(yield* this.conn.readHandshake());
  }

  /**
   * Negotiates version, cipher suite, group and ALPN from ClientHello1, and returns the group to
   * use; `clientShare` is the client's share for it, if the client sent one.
   */
  private processClientHello(hello: clientHelloMsg): number {
    const { conn } = this;
    const { config } = conn;
    this.hello = hello;
    conn.clientRandom = hello.random; // the key log's index, from the first secret on (0-RTT's) onwards
    if (!hello.supportedVersions.includes(VersionTLS13)) throw tlsError(Alert.protocolVersion, 'client does not support TLS 1.3, which QUIC requires');
    if (hello.compressionMethods.length !== 1 || hello.compressionMethods[0] !== 0) {
      throw tlsError(Alert.illegalParameter, 'TLS 1.3 client supports illegal compression methods');
    }
    // RFC 9001 §8.4: a QUIC client never sends a legacy session ID.
    if (hello.sessionId.length > 0) throw tlsError(Alert.illegalParameter, 'client sent unexpected session ID in QUIC handshake');
    if (hello.quicTransportParameters === undefined) throw tlsError(Alert.missingExtension, 'client did not send a quic_transport_parameters extension');
    conn.events.push({ kind: 'transportParameters', params: hello.quicTransportParameters });

    const suite = mutualCipherSuiteTLS13(cipherSuitesOf(config), hello.cipherSuites);
    if (!suite) throw tlsError(Alert.handshakeFailure, 'no cipher suite supported by both client and server');
    this.suite = suite;
    conn.cipherSuite = suite.id;
    conn.serverName = hello.serverName ?? '';
    conn.negotiatedProtocol = negotiateALPN(config.nextProtos, hello.alpnProtocols);

    // RFC 8446 §4.2.8: shares only for groups listed in supported_groups, at most one per group.
    const groups = new Set<number>();
    for (const ks of hello.keyShares) {
      if (!hello.supportedCurves.includes(ks.group) || groups.has(ks.group)) throw tlsError(Alert.illegalParameter, 'client sent an invalid key share');
      groups.add(ks.group);
    }
    // Prefer a group the client sent a share for, to spare a round trip; otherwise ask for our
    // favourite with a HelloRetryRequest (Go does the same).
    const preferences = curvePreferencesOf(config);
    const withShare = preferences.find((g) => groups.has(g));
    const group = withShare ?? preferences.find((g) => hello.supportedCurves.includes(g));
    if (group === undefined) throw tlsError(Alert.handshakeFailure, 'no ECDHE curve supported by both client and server');
    this.clientShare = hello.keyShares.find((ks) => ks.group === group);
    return group;
  }

  /** RFC 8446 §4.1.4: ask for a share of `group`, with a cookie ClientHello2 must echo. */
  private sendHelloRetryRequest(group: number): void {
    this.transcript = new Transcript(this.suite.hash);
    this.transcript.write(this.helloRaw);
    this.transcript.replaceWithMessageHash();
    this.hrrCookie = randomBytes(32);
    const hrr = marshalServerHello({
      random: helloRetryRequestRandom,
      sessionId: this.hello.sessionId,
      cipherSuite: this.suite.id,
      supportedVersion: VersionTLS13,
      selectedGroup: group,
      cookie: this.hrrCookie,
    });
    this.transcript.write(hrr);
    this.conn.writeHandshake(EncryptionLevel.Initial, hrr);
  }

  private processSecondClientHello(hello: clientHelloMsg, raw: Uint8Array, group: number): void {
    const first = this.hello;
    if (hello.keyShares.length !== 1 || hello.keyShares[0]!.group !== group) {
      throw tlsError(Alert.illegalParameter, 'client sent invalid key share in second ClientHello');
    }
    if (!hello.cookie || !equalBytes(hello.cookie, this.hrrCookie!)) throw tlsError(Alert.illegalParameter, 'client did not echo the cookie');
    if (hello.earlyData) throw tlsError(Alert.illegalParameter, 'client indicated early data in second ClientHello');
    if (illegalClientHelloChange(hello, first)) throw tlsError(Alert.illegalParameter, 'client illegally modified second ClientHello');
    this.hello = hello;
    this.helloRaw = raw;
    this.clientShare = hello.keyShares[0]!;
  }

  /** Accepts the first PSK identity that is one of our tickets and whose binder verifies (§4.2.11). */
  private checkForResumption(): void {
    const { conn } = this;
    const hello = this.hello;
    this.earlySecret = new EarlySecret(this.suite.hash);
    if (hello.pskIdentities.length === 0) return;
    // We only do psk_dhe_ke (§4.2.9).
    if (!hello.pskModes.includes(pskModeDHE)) return;
    const key = sessionTicketKeyOf(conn.config);
    const now = nowOf(conn.config);
    for (let i = 0; i < hello.pskIdentities.length; i++) {
      const state = openTicket(key, hello.pskIdentities[i]!.identity);
      if (!state || now > state.createdAt + state.lifetime) continue;
      // The PSK must go with the suite's hash (§4.2.11).
      if (cipherSuiteTLS13ByID(state.cipherSuite)?.hash !== this.suite.hash) continue;
      const earlySecret = new EarlySecret(this.suite.hash, state.psk);
      const transcript = this.transcript?.clone() ?? new Transcript(this.suite.hash);
      transcript.write(this.helloRaw.subarray(0, this.helloRaw.length - pskBindersSize(hello.pskBinders)));
      const binder = finishedVerifyData(this.suite.hash, earlySecret.resumptionBinderKey(), transcript.sum());
      if (!equalBytes(binder, hello.pskBinders[i]!)) throw tlsError(Alert.decryptError, 'invalid PSK binder');
      this.earlySecret = earlySecret;
      this.selectedIdentity = i;
      conn.didResume = true;
      this.maybeAcceptEarlyData(state, i);
      return;
    }
  }

  /**
   * RFC 8446 §4.2.10: 0-RTT only with the first PSK, in the first ClientHello (no HelloRetryRequest),
   * with the ticket's cipher suite and ALPN, if the ticket allows it; then the QUIC layer decides
   * (its transport parameters, its Allow0RTT: handleSessionTicket). Accepted, the 0-RTT read key
   * comes from client_early_traffic_secret over the ClientHello (RFC 9001 §4.6.1).
   */
  private maybeAcceptEarlyData(state: SessionState, identity: number): void {
    const { conn } = this;
    const using0RTT =
      this.hello.earlyData &&
      identity === 0 &&
      this.hrrCookie === undefined &&
      state.earlyData &&
      state.cipherSuite === this.suite.id &&
      state.alpn === conn.negotiatedProtocol;
    const accepted = conn.config.handleSessionTicket?.(state.extra, using0RTT) ?? true;
    if (!using0RTT || !accepted) return;
    this.earlyData = true;
    const transcript = new Transcript(this.suite.hash);
    transcript.write(this.helloRaw);
    conn.setReadSecret(EncryptionLevel.ZeroRTT, this.suite.id, this.earlySecret.clientEarlyTrafficSecret(transcript.sum()));
  }

  /** The certificate for the client's SNI (or the first one), and a scheme the client accepts. */
  private pickCertificate(): void {
    const certificates = this.conn.config.certificates ?? [];
    if (certificates.length === 0) throw tlsError(Alert.internalError, 'no certificates configured');
    const name = this.hello.serverName;
    this.certificate = (name !== undefined && certificates.find((c) => c.chain[0] && matchesServerName(c.chain[0], name))) || certificates[0]!;
    if (this.hello.supportedSignatureAlgorithms.length === 0) throw tlsError(Alert.missingExtension, 'client did not send signature_algorithms');
    const scheme = signatureSchemesFor(this.certificate.privateKey).find((s) => this.hello.supportedSignatureAlgorithms.includes(s));
    if (scheme === undefined) throw tlsError(Alert.handshakeFailure, "peer doesn't support any of the certificate's signature algorithms");
    this.signatureScheme = scheme;
  }

  /** ServerHello at Initial, the handshake keys, then EncryptedExtensions at Handshake. */
  private sendServerParameters(): void {
    const { conn } = this;
    if (!this.transcript) this.transcript = new Transcript(this.suite.hash);
    this.transcript.write(this.helloRaw);
    const clientShare = this.clientShare!;
    const keyShare = generateKeyShare(clientShare.group, cryptoOf(this.conn.config));
    const sharedSecret = keyShare.sharedSecret(clientShare.data);
    const serverHello = marshalServerHello({
      random: randomBytes(32),
      sessionId: this.hello.sessionId,
      cipherSuite: this.suite.id,
      supportedVersion: VersionTLS13,
      serverShare: { group: keyShare.group, data: keyShare.publicKey },
      selectedIdentity: this.selectedIdentity,
    });
    this.transcript.write(serverHello);
    conn.writeHandshake(EncryptionLevel.Initial, serverHello);

    this.handshakeSecret = this.earlySecret.handshakeSecret(sharedSecret);
    const th = this.transcript.sum();
    this.clientHandshakeTrafficSecret = this.handshakeSecret.clientHandshakeTrafficSecret(th);
    this.serverHandshakeTrafficSecret = this.handshakeSecret.serverHandshakeTrafficSecret(th);
    conn.setWriteSecret(EncryptionLevel.Handshake, this.suite.id, this.serverHandshakeTrafficSecret);
    conn.setReadSecret(EncryptionLevel.Handshake, this.suite.id, this.clientHandshakeTrafficSecret);

    // Without early_data the client knows its 0-RTT data was rejected (RFC 8446 §4.2.10).
    this.writeMessage(marshalEncryptedExtensions({ alpnProtocol: conn.negotiatedProtocol, quicTransportParameters: conn.config.quicTransportParameters, earlyData: this.earlyData }));
  }

  private sendServerCertificate(): void {
    const { chain, privateKey } = this.certificate!;
    this.writeMessage(marshalCertificate({ certificateRequestContext: new Uint8Array(0), certificates: chain.map((c) => c.raw) }));
    const signed = signedMessage(serverSignatureContext, this.transcript.sum());
    this.writeMessage(marshalCertificateVerify({ signatureAlgorithm: this.signatureScheme, signature: sign(privateKey, this.signatureScheme, signed, cryptoOf(this.conn.config)) }));
  }

  private sendServerFinished(): void {
    this.conn.writeHandshake(EncryptionLevel.Handshake, makeFinished(this.suite, this.serverHandshakeTrafficSecret, this.transcript));
    const secrets = applicationSecrets(this.conn, this.handshakeSecret, this.transcript);
    this.masterSecret = secrets.master;
    this.clientTrafficSecret = secrets.client;
    this.conn.setWriteSecret(EncryptionLevel.OneRTT, this.suite.id, secrets.server);
  }

  private readClientFinished(raw: Uint8Array): void {
    const { conn } = this;
    checkFinished(raw, this.suite, this.clientHandshakeTrafficSecret, this.transcript, 'client');
    conn.resumptionSecret = this.masterSecret.resumptionMasterSecret(this.transcript.sum());
    conn.setReadSecret(EncryptionLevel.OneRTT, this.suite.id, this.clientTrafficSecret);
    conn.handshakeComplete = true;
    conn.events.push({ kind: 'handshakeDone' });
  }

  /** A handshake message of ours at the Handshake level, added to the transcript. */
  private writeMessage(raw: Uint8Array): void {
    this.transcript.write(raw);
    this.conn.writeHandshake(EncryptionLevel.Handshake, raw);
  }
}

/**
 * After the handshake: sends a NewSessionTicket at 1-RTT (RFC 8446 §4.6.1; Go's
 * Conn.sendSessionTicket). The ticket seals the PSK under our ticket key; `earlyData` announces
 * 0-RTT as QUIC requires it (RFC 9001 §4.6.1).
 */
export function sendSessionTicket(conn: Conn, opts: { earlyData?: boolean } = {}): void {
  const suite = cipherSuiteTLS13ByID(conn.cipherSuite)!;
  const nonce = Uint8Array.of(conn.ticketsSent++); // unique per ticket on this connection
  const ageAdd = randomBytes(4).reduce((n, b) => n * 256 + b, 0);
  const ticket = sealTicket(sessionTicketKeyOf(conn.config), {
    cipherSuite: suite.id,
    createdAt: nowOf(conn.config),
    psk: resumptionPSK(suite.hash, conn.resumptionSecret!, nonce),
    alpn: conn.negotiatedProtocol,
    ageAdd,
    lifetime: ticketLifetime,
    earlyData: opts.earlyData === true,
    extra: conn.config.getDataForSessionTicket?.() ?? new Uint8Array(0),
  });
  const raw = marshalNewSessionTicket({ lifetime: ticketLifetime / 1000, ageAdd, nonce, ticket, maxEarlyData: opts.earlyData ? quicMaxEarlyData : 0 });
  conn.writeHandshake(EncryptionLevel.OneRTT, raw);
}

/**
 * The ALPN protocol: our most preferred one that the client offers. QUIC has no connection
 * without one (RFC 9001 §8.1): no overlap is no_application_protocol.
 */
function negotiateALPN(serverProtos: readonly string[], clientProtos: readonly string[]): string {
  if (clientProtos.length === 0) throw tlsError(Alert.noApplicationProtocol, 'client did not request an application protocol');
  const proto = serverProtos.find((p) => clientProtos.includes(p));
  if (proto === undefined) throw tlsError(Alert.noApplicationProtocol, `client requested unsupported application protocols (${clientProtos.join(', ')})`);
  return proto;
}

/** ClientHello2 may change only the key share, cookie, early_data and PSK (RFC 8446 §4.1.2). */
function illegalClientHelloChange(ch: clientHelloMsg, ch1: clientHelloMsg): boolean {
  const same = (a: readonly (number | string)[], b: readonly (number | string)[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return (
    !equalBytes(ch.random, ch1.random) ||
    !equalBytes(ch.sessionId, ch1.sessionId) ||
    !same(ch.cipherSuites, ch1.cipherSuites) ||
    !same(ch.supportedVersions, ch1.supportedVersions) ||
    !same(ch.supportedCurves, ch1.supportedCurves) ||
    !same(ch.supportedSignatureAlgorithms, ch1.supportedSignatureAlgorithms) ||
    !same(ch.alpnProtocols, ch1.alpnProtocols) ||
    ch.serverName !== ch1.serverName
  );
}
