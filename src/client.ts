// The client side of connection establishment (quic-go: client.go). dialAddr opens a socket, makes
// a connection with a random Initial DCID, runs it, and returns once the handshake is complete.
import { select } from './internal/utils/chan.ts';
import { go } from './internal/utils/goroutine.ts';
import { systemClock } from './internal/utils/clock.ts';
import { populateConfig, validateConfig, type Config } from './config.ts';
import type { QUICTLSConfig } from './internal/handshake/crypto_setup.ts';
import { errCloseForRecreating, generateConnectionIDForInitial, newClientConnection, type connection } from './connection.ts';
import { listenUDP, resolveUDPAddr, type rawConn, type UDPAddr } from './sys_conn.ts';
import { Transport } from './transport.ts';
import type { Connection } from './interface.ts';
import type { Version } from './internal/protocol/version.ts';

/**
 * Dials addr ("127.0.0.1:9000") from a fresh socket; closing the connection's transport closes the
 * socket (client.go DialAddr). Zero-length connection IDs: the socket serves one connection only.
 */
export async function dialAddr(addr: string, tlsConf: QUICTLSConfig, config?: Config, signal?: AbortSignal): Promise<Connection> {
  const remote = resolveUDPAddr(addr);
  const conn = await listenUDP(remote.family === 'IPv6' ? '[::]:0' : '0.0.0.0:0', config?.clock ?? systemClock);
  const t = new Transport(conn, { connectionIDLength: 0, clock: config?.clock }, true, true);
  try {
    const c = await t.Dial(remote, tlsConf, config, signal);
    c.context.addEventListener('abort', () => t.close(), { once: true });
    return c;
  } catch (err) {
    t.close();
    throw err;
  }
}

/** Dials on a socket the caller owns (client.go Dial). */
export async function dial(conn: rawConn, addr: UDPAddr, tlsConf: QUICTLSConfig, config?: Config, signal?: AbortSignal): Promise<Connection> {
  return new Transport(conn, { clock: config?.clock }, false, true).Dial(addr, tlsConf, config, signal);
}

/**
 * Runs one client connection until its handshake completes (client.go dial / connect). After a
 * Version Negotiation the connection is recreated with the version both sides speak.
 */
export async function dialOnTransport(
  t: Transport,
  addr: UDPAddr,
  tlsConf: QUICTLSConfig,
  conf: Config | undefined,
  signal?: AbortSignal,
): Promise<Connection> {
  validateConfig(conf);
  const config = populateConfig(conf);
  let version: Version = config.versions[0]!;
  let initialPacketNumber = 0;
  for (;;) {
    const srcConnID = t.connIDGenerator.generateConnectionID();
    const conn: connection = newClientConnection({
      conn: t.conn,
      remoteAddr: addr,
      runner: t.handlerMap,
      destConnID: generateConnectionIDForInitial(),
      srcConnID,
      connIDGenerator: t.connIDGenerator,
      config,
      tlsConf: { ...tlsConf, serverName: tlsConf.serverName ?? addr.address },
      version,
      initialPacketNumber,
      clock: t.clock,
    });
    if (!t.handlerMap.add(srcConnID, conn)) throw new Error(t.isClosed ? 'transport closed' : 'connection ID collision');
    go('connection.run', () => conn.run());
    // client.go dial's select: the handshake completes, the connection ends, or the caller gives up.
    const ended = eitherAborted(conn.context, signal);
    const r = await select([conn.handshakeComplete()], ended.signal).finally(ended.release);
    if (r.index === 0) return conn;
    if (!conn.context.aborted && signal?.aborted) {
      conn.destroy(signal.reason instanceof Error ? signal.reason : new Error('dial aborted'));
      throw signal.reason;
    }
    const err = conn.context.reason as Error;
    if (!(err instanceof errCloseForRecreating)) throw err;
    // Packet numbers continue across the recreated connection (RFC 9000 §17.2.1 allows either; quic-go continues).
    version = err.nextVersion;
    initialPacketNumber += 1;
  }
}

/** A signal that aborts once either does; release() unhooks it from both (Node's AbortSignal.any, without leaving listeners on a long-lived caller signal). */
function eitherAborted(a: AbortSignal, b?: AbortSignal): { signal: AbortSignal; release: () => void } {
  if (!b) return { signal: a, release: () => {} };
  const either = new AbortController();
  const abort = () => either.abort();
  if (a.aborted || b.aborted) abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  const release = () => {
    a.removeEventListener('abort', abort);
    b.removeEventListener('abort', abort);
  };
  return { signal: either.signal, release };
}
