// Full handshakes between our client and server, in memory.
import { describe, expect, it } from 'vitest';
import { EncryptionLevel } from '../../../src/internal/protocol/protocol.ts';
import { generateSelfSignedCertificate } from '../../../src/internal/x509/index.ts';
import { CurveID, HandshakeType } from '../../../src/internal/tls/common.ts';
import type { ClientSessionState } from '../../../src/internal/tls/session_ticket.ts';
import { clientConfig, clientParams, connect, pump, secretOf, serverConfig, serverParams, writes } from './pump.ts';
import { quicClient, quicServer } from '../../../src/internal/tls/quic_conn.ts';

const suites = [0x1301, 0x1302, 0x1303];
const groups = [CurveID.x25519, CurveID.secp256r1];
const kinds = ['ecdsa-p256', 'ed25519'] as const;

describe('handshake', () => {
  for (const suite of suites) {
    for (const group of groups) {
      for (const kind of kinds) {
        it(`completes with suite 0x${suite.toString(16)}, group 0x${group.toString(16)}, ${kind} certificate`, () => {
          const lines: string[] = [];
          const { client, server } = connect(
            clientConfig({ cipherSuites: [suite], curvePreferences: [group], serverName: 'localhost', keyLogWriter: (l) => lines.push(l) }),
            serverConfig({ kind, curvePreferences: [group] }),
          );
          expect(client.error).toBeUndefined();
          expect(server.error).toBeUndefined();
          const cs = client.conn.connectionState();
          const ss = server.conn.connectionState();
          expect(cs).toMatchObject({ version: 0x0304, cipherSuite: suite, negotiatedProtocol: 'HLD', didResume: false, handshakeComplete: true });
          expect(ss).toMatchObject({ cipherSuite: suite, negotiatedProtocol: 'HLD', serverName: 'localhost', handshakeComplete: true });
          expect(cs.peerCertificates).toHaveLength(1);
          // Each side's write secret is the other's read secret, at both levels.
          for (const level of [EncryptionLevel.Handshake, EncryptionLevel.OneRTT]) {
            expect(secretOf(client.events, 'setWriteSecret', level)).toEqual(secretOf(server.events, 'setReadSecret', level));
            expect(secretOf(server.events, 'setWriteSecret', level)).toEqual(secretOf(client.events, 'setReadSecret', level));
          }
          expect(secretOf(client.events, 'setWriteSecret', EncryptionLevel.OneRTT)).toHaveLength(suite === 0x1302 ? 48 : 32);
          expect(client.events).toContainEqual({ kind: 'transportParameters', params: serverParams });
          expect(server.events).toContainEqual({ kind: 'transportParameters', params: clientParams });
          expect(client.events.at(-1)).toEqual({ kind: 'handshakeDone' });
          expect(server.events.at(-1)).toEqual({ kind: 'handshakeDone' });
          // The key log names each secret with the client random.
          const labels = lines.map((l) => l.split(' ')[0]);
          expect(labels).toEqual(
            expect.arrayContaining(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0', 'EXPORTER_SECRET']),
          );
          const clientHello = writes(client.events, EncryptionLevel.Initial)[0]!;
          const random = Buffer.from(clientHello.subarray(6, 38)).toString('hex');
          expect(lines.every((l) => l.split(' ')[1] === random)).toBe(true);
          const chts = lines.find((l) => l.startsWith('CLIENT_HANDSHAKE_TRAFFIC_SECRET'))!.split(' ')[2];
          expect(chts).toBe(Buffer.from(secretOf(client.events, 'setWriteSecret', EncryptionLevel.Handshake)!).toString('hex'));
        });
      }
    }
  }

  it('orders the events as crypto/tls does', () => {
    const { client, server } = connect(clientConfig(), serverConfig());
    const summary = (evs: typeof client.events) => evs.map((e) => ('level' in e ? `${e.kind}:${e.level}` : e.kind));
    expect(summary(server.events)).toEqual([
      'transportParameters',
      'writeData:1', // ServerHello
      'setWriteSecret:2',
      'setReadSecret:2',
      'writeData:2', // EncryptedExtensions
      'writeData:2', // Certificate
      'writeData:2', // CertificateVerify
      'writeData:2', // Finished
      'setWriteSecret:4',
      'setReadSecret:4',
      'handshakeDone',
    ]);
    expect(summary(client.events)).toEqual([
      'writeData:1', // ClientHello
      'setWriteSecret:2',
      'setReadSecret:2',
      'transportParameters',
      'setReadSecret:4',
      'writeData:2', // Finished
      'setWriteSecret:4',
      'handshakeDone',
    ]);
  });

  it('reassembles messages fed one byte at a time', () => {
    const client = { conn: quicClient(clientConfig()), events: [] as never[] };
    const server = quicServer(serverConfig());
    server.start();
    client.conn.start();
    const clientHello = client.conn.nextEvent();
    if (clientHello?.kind !== 'writeData') throw new Error('no ClientHello');
    for (const b of clientHello.data) server.handleData(EncryptionLevel.Initial, Uint8Array.of(b));
    const flight = [];
    for (let ev = server.nextEvent(); ev; ev = server.nextEvent()) if (ev.kind === 'writeData') flight.push(ev);
    // Feed the server's whole flight per level as one buffer (several messages at once).
    for (const level of [EncryptionLevel.Initial, EncryptionLevel.Handshake]) {
      const parts = flight.filter((e) => e.level === level).map((e) => e.data);
      client.conn.handleData(level, Buffer.concat(parts));
    }
    expect(client.conn.connectionState().handshakeComplete).toBe(true);
  });

  it('sends a HelloRetryRequest when the server wants another group', () => {
    const { client, server } = connect(clientConfig({ curvePreferences: [CurveID.x25519, CurveID.secp256r1] }), serverConfig({ curvePreferences: [CurveID.secp256r1] }));
    expect(client.error).toBeUndefined();
    expect(server.error).toBeUndefined();
    const clientHellos = writes(client.events, EncryptionLevel.Initial);
    const serverInitial = writes(server.events, EncryptionLevel.Initial);
    expect(clientHellos).toHaveLength(2);
    expect(serverInitial).toHaveLength(2); // HelloRetryRequest, ServerHello
    expect(serverInitial[0]![0]).toBe(HandshakeType.serverHello);
    // ClientHello2 echoes the cookie (extension 44) and carries a P-256 share (0x0017, 65 bytes).
    expect(Buffer.from(clientHellos[1]!).includes(Buffer.from([0x00, 0x2c]))).toBe(true);
    expect(Buffer.from(clientHellos[1]!).includes(Buffer.from([0x00, 0x17, 0x00, 0x41, 0x04]))).toBe(true);
    expect(client.conn.connectionState().handshakeComplete).toBe(true);
    expect(server.conn.connectionState().handshakeComplete).toBe(true);
  });

  it('refuses sendSessionTicket before the handshake completes, without failing the connection', () => {
    const server = quicServer(serverConfig());
    server.start();
    expect(() => server.sendSessionTicket()).toThrow(/before handshake completed/);
    const client = quicClient(clientConfig());
    client.start();
    const ch = client.nextEvent();
    if (ch?.kind !== 'writeData') throw new Error('no ClientHello');
    server.handleData(EncryptionLevel.Initial, ch.data);
    expect(server.nextEvent()?.kind).toBe('transportParameters');
  });

  it('does not retry when the client sent a share for an acceptable group', () => {
    const { client } = connect(clientConfig({ curvePreferences: [CurveID.x25519, CurveID.secp256r1] }), serverConfig({ curvePreferences: [CurveID.secp256r1, CurveID.x25519] }));
    expect(writes(client.events, EncryptionLevel.Initial)).toHaveLength(1);
  });

  describe('with a CA', () => {
    const ca = generateSelfSignedCertificate({ isCA: true, dnsNames: [], ipAddresses: [], commonName: 'Test CA' });
    const leaf = generateSelfSignedCertificate({ dnsNames: ['quic.example'], ipAddresses: ['127.0.0.1'], issuer: { certificate: ca.certificate, privateKey: ca.privateKey } });
    const server = () => serverConfig({ certificates: [{ chain: [leaf.certificate], privateKey: leaf.privateKey }] });

    it('accepts the right name', () => {
      const r = connect(clientConfig({ insecureSkipVerify: false, rootCAs: [ca.certificate], serverName: 'quic.example' }), server());
      expect(r.client.error).toBeUndefined();
      expect(r.client.conn.connectionState().peerCertificates[0]!.raw).toEqual(leaf.certificate.raw);
    });

    it('accepts an IP address', () => {
      const r = connect(clientConfig({ insecureSkipVerify: false, rootCAs: [ca.certificate], serverName: '127.0.0.1' }), server());
      expect(r.client.error).toBeUndefined();
    });

    it('picks the certificate for the SNI the client sends', () => {
      const other = generateSelfSignedCertificate({ dnsNames: ['other.example'], issuer: { certificate: ca.certificate, privateKey: ca.privateKey } });
      const certificates = [leaf, other].map((c) => ({ chain: [c.certificate], privateKey: c.privateKey }));
      const r = connect(clientConfig({ insecureSkipVerify: false, rootCAs: [ca.certificate], serverName: 'other.example' }), serverConfig({ certificates }));
      expect(r.client.error).toBeUndefined();
      expect(r.client.conn.connectionState().peerCertificates[0]!.raw).toEqual(other.certificate.raw);
      expect(r.server.conn.connectionState().serverName).toBe('other.example');
    });

    it('refuses a wrong name with bad_certificate', () => {
      const r = connect(clientConfig({ insecureSkipVerify: false, rootCAs: [ca.certificate], serverName: 'other.example' }), server());
      expect(r.client.error?.errorCode).toBe(0x100 + 42);
      expect(r.client.conn.connectionState().handshakeComplete).toBe(false);
    });

    it('refuses an unknown CA with unknown_ca', () => {
      const other = generateSelfSignedCertificate({ isCA: true });
      const r = connect(clientConfig({ insecureSkipVerify: false, rootCAs: [other.certificate], serverName: 'quic.example' }), server());
      expect(r.client.error?.errorCode).toBe(0x100 + 48);
    });

    it('refuses an expired certificate with certificate_expired', () => {
      const later = new Date(Date.now() + 3 * 365 * 24 * 3600 * 1000);
      const r = connect(clientConfig({ insecureSkipVerify: false, rootCAs: [ca.certificate], serverName: 'quic.example', time: () => later }), server());
      expect(r.client.error?.errorCode).toBe(0x100 + 45);
    });
  });

  describe('resumption', () => {
    function firstConnection(cache: Map<string, ClientSessionState>, serverCfg = serverConfig({ sessionTicketKey: new Uint8Array(32).fill(7) })) {
      const first = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), serverCfg);
      first.server.conn.sendSessionTicket();
      pump(first.client, first.server, { start: false });
      return { first, serverCfg };
    }

    it('resumes with the ticket of the previous connection', () => {
      const cache = new Map<string, ClientSessionState>();
      const { first, serverCfg } = firstConnection(cache);
      expect(writes(first.server.events, EncryptionLevel.OneRTT)[0]![0]).toBe(HandshakeType.newSessionTicket);
      expect(cache.get('localhost')).toBeDefined();

      const second = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), serverCfg);
      expect(second.client.error).toBeUndefined();
      expect(second.server.error).toBeUndefined();
      expect(second.client.conn.connectionState()).toMatchObject({ didResume: true, handshakeComplete: true, negotiatedProtocol: 'HLD' });
      expect(second.server.conn.connectionState().didResume).toBe(true);
      expect(second.client.conn.connectionState().peerCertificates).toEqual(first.client.conn.connectionState().peerCertificates);
      // No Certificate or CertificateVerify: EncryptedExtensions and Finished only.
      expect(writes(second.server.events, EncryptionLevel.Handshake).map((m) => m[0])).toEqual([HandshakeType.encryptedExtensions, HandshakeType.finished]);
      expect(secretOf(second.client.events, 'setWriteSecret', EncryptionLevel.OneRTT)).toEqual(secretOf(second.server.events, 'setReadSecret', EncryptionLevel.OneRTT));
    });

    it('resumes after a HelloRetryRequest', () => {
      const cache = new Map<string, ClientSessionState>();
      const { serverCfg } = firstConnection(cache);
      const second = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), { ...serverCfg, curvePreferences: [CurveID.secp256r1] });
      expect(second.client.error).toBeUndefined();
      expect(writes(second.client.events, EncryptionLevel.Initial)).toHaveLength(2);
      expect(second.client.conn.connectionState().didResume).toBe(true);
    });

    it('falls back to a full handshake when the server has another ticket key', () => {
      const cache = new Map<string, ClientSessionState>();
      const { serverCfg } = firstConnection(cache);
      const second = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), { ...serverCfg, sessionTicketKey: new Uint8Array(32).fill(8) });
      expect(second.client.error).toBeUndefined();
      expect(second.client.conn.connectionState()).toMatchObject({ didResume: false, handshakeComplete: true });
    });

    it('does not offer an expired ticket', () => {
      const cache = new Map<string, ClientSessionState>();
      const { serverCfg } = firstConnection(cache);
      const later = new Date(Date.now() + 8 * 24 * 3600 * 1000);
      const second = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost', time: () => later }), serverCfg);
      expect(second.client.conn.connectionState().didResume).toBe(false);
      expect(cache.has('localhost')).toBe(false); // the expired ticket was dropped
    });

    /** A ticket that allows 0-RTT (RFC 9001 §4.6.1), in a fresh client cache. */
    function earlyDataTicket(serverCfg: ReturnType<typeof serverConfig>) {
      const cache = new Map<string, ClientSessionState>();
      const first = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost' }), serverCfg);
      first.server.conn.sendSessionTicket({ earlyData: true });
      pump(first.client, first.server, { start: false });
      expect(cache.get('localhost')!.maxEarlyData).toBe(0xffffffff);
      return cache;
    }

    it('accepts 0-RTT: client_early_traffic_secret on both ends, early_data in EncryptedExtensions (RFC 8446 §4.2.10)', () => {
      const serverCfg = serverConfig({ sessionTicketKey: new Uint8Array(32).fill(9) });
      const cache = earlyDataTicket(serverCfg);
      const second = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost', enableEarlyData: true }), serverCfg);
      expect(second.client.error).toBeUndefined();
      const written = secretOf(second.client.events, 'setWriteSecret', EncryptionLevel.ZeroRTT);
      expect(written).toHaveLength(32);
      expect(secretOf(second.server.events, 'setReadSecret', EncryptionLevel.ZeroRTT)).toEqual(written);
      expect(second.client.events).not.toContainEqual({ kind: 'rejectedEarlyData' });
    });

    it('both key logs name client_early_traffic_secret under the ClientHello.random (NSS key log format)', () => {
      const lines: { client: string[]; server: string[] } = { client: [], server: [] };
      const serverCfg = serverConfig({ sessionTicketKey: new Uint8Array(32).fill(9), keyLogWriter: (l) => lines.server.push(l) });
      const cache = earlyDataTicket(serverCfg);
      lines.server.length = 0;
      connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost', enableEarlyData: true, keyLogWriter: (l) => lines.client.push(l) }), serverCfg);
      const early = (side: string[]) => side.filter((l) => l.startsWith('CLIENT_EARLY_TRAFFIC_SECRET '));
      expect(early(lines.client)).toHaveLength(1);
      expect(early(lines.server)).toEqual(early(lines.client)); // the server's once said random 00…00
      expect(early(lines.client)[0]).not.toMatch(/^CLIENT_EARLY_TRAFFIC_SECRET 0{64} /);
    });

    it('rejects 0-RTT when the QUIC layer says no (handleSessionTicket): no 0-RTT read key, the client learns it', () => {
      const seen: boolean[] = [];
      const serverCfg = serverConfig({ sessionTicketKey: new Uint8Array(32).fill(9), handleSessionTicket: (_data, using0RTT) => (seen.push(using0RTT), false) });
      const cache = earlyDataTicket(serverCfg);
      const second = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost', enableEarlyData: true }), serverCfg);
      expect(second.client.error).toBeUndefined();
      expect(seen).toEqual([true]);
      expect(secretOf(second.client.events, 'setWriteSecret', EncryptionLevel.ZeroRTT)).toHaveLength(32);
      expect(secretOf(second.server.events, 'setReadSecret', EncryptionLevel.ZeroRTT)).toBeUndefined();
      expect(second.client.events).toContainEqual({ kind: 'rejectedEarlyData' });
      expect(second.client.conn.connectionState().didResume).toBe(true);
    });

    it('rejects 0-RTT after a HelloRetryRequest, and for a ticket of another ALPN (RFC 8446 §4.2.10)', () => {
      const serverCfg = serverConfig({ sessionTicketKey: new Uint8Array(32).fill(9) });
      const hrr = connect(clientConfig({ clientSessionCache: earlyDataTicket(serverCfg), serverName: 'localhost', enableEarlyData: true }), { ...serverCfg, curvePreferences: [CurveID.secp256r1] });
      expect(hrr.client.error).toBeUndefined();
      expect(hrr.client.events).toContainEqual({ kind: 'rejectedEarlyData' });
      expect(secretOf(hrr.server.events, 'setReadSecret', EncryptionLevel.ZeroRTT)).toBeUndefined();

      const cache = earlyDataTicket(serverCfg);
      const alpn = connect(clientConfig({ clientSessionCache: cache, serverName: 'localhost', enableEarlyData: true, nextProtos: ['other', ...serverCfg.nextProtos] }), {
        ...serverCfg,
        nextProtos: ['other', ...serverCfg.nextProtos],
      });
      expect(alpn.client.error).toBeUndefined();
      expect(alpn.client.events).toContainEqual({ kind: 'rejectedEarlyData' });
      expect(secretOf(alpn.server.events, 'setReadSecret', EncryptionLevel.ZeroRTT)).toBeUndefined();
    });
  });
});
