// Two QUICConns connected in memory: each writeData event of one is handed to the other's
// handleData at the same encryption level, as QUIC's CRYPTO frames would carry it.
import { EncryptionLevel } from '../../../src/internal/protocol/protocol.ts';
import { generateSelfSignedCertificate } from '../../../src/internal/x509/index.ts';
import type { TLSConfig } from '../../../src/internal/tls/config.ts';
import { quicClient, quicServer, type QUICConn, type QUICEvent } from '../../../src/internal/tls/quic_conn.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';

export const clientParams = Uint8Array.of(1, 2, 3);
export const serverParams = Uint8Array.of(4, 5, 6, 7);

export function serverConfig(opts: Partial<TLSConfig> & { kind?: 'ecdsa-p256' | 'ed25519' } = {}): TLSConfig {
  const { kind, ...rest } = opts;
  const cert = generateSelfSignedCertificate({ kind: kind ?? 'ecdsa-p256' });
  return { certificates: [{ chain: [cert.certificate], privateKey: cert.privateKey }], nextProtos: ['HLD'], quicTransportParameters: serverParams, ...rest };
}

export function clientConfig(opts: Partial<TLSConfig> = {}): TLSConfig {
  return { nextProtos: ['HLD'], insecureSkipVerify: true, quicTransportParameters: clientParams, ...opts };
}

export interface Side {
  conn: QUICConn;
  events: QUICEvent[];
  error?: TransportError;
  /** Lets a test change (or drop, with undefined) what this side sends, as an attacker on the path could. */
  rewrite?: (level: EncryptionLevel, data: Uint8Array) => Uint8Array | undefined;
}

/** Runs events back and forth until neither side has anything to say; a side's error stops it. */
export function pump(client: Side, server: Side, { start = true } = {}): void {
  if (start) {
    step(server, () => server.conn.start());
    step(client, () => client.conn.start());
  }
  for (let moved = true; moved; ) {
    moved = deliver(client, server) || deliver(server, client);
  }
}

/** Hands the next writeData of `from` to `to`; true if something moved. */
function deliver(from: Side, to: Side): boolean {
  for (let ev = from.conn.nextEvent(); ev; ev = from.conn.nextEvent()) {
    from.events.push(ev);
    if (ev.kind === 'writeData' && !to.error) {
      const data = from.rewrite ? from.rewrite(ev.level, ev.data) : ev.data;
      if (data) step(to, () => to.conn.handleData(ev.level, data));
      return true;
    }
  }
  return false;
}

function step(side: Side, f: () => void): void {
  if (side.error) return;
  try {
    f();
  } catch (e) {
    if (!(e instanceof TransportError)) throw e; // anything else is a bug the test must see
    side.error = e;
  }
}

export function connect(
  clientCfg: TLSConfig,
  serverCfg: TLSConfig,
  rewrite: { client?: Side['rewrite']; server?: Side['rewrite'] } = {},
): { client: Side; server: Side } {
  const client: Side = { conn: quicClient(clientCfg), events: [], rewrite: rewrite.client };
  const server: Side = { conn: quicServer(serverCfg), events: [], rewrite: rewrite.server };
  pump(client, server);
  return { client, server };
}

export function secretOf(events: QUICEvent[], kind: 'setReadSecret' | 'setWriteSecret', level: EncryptionLevel): Uint8Array | undefined {
  const ev = events.find((e) => e.kind === kind && e.level === level);
  return ev && 'secret' in ev ? ev.secret : undefined;
}

export function writes(events: QUICEvent[], level: EncryptionLevel): Uint8Array[] {
  return events.flatMap((e) => (e.kind === 'writeData' && e.level === level ? [e.data] : []));
}
