// The client side of connection establishment (quic-go: client.go): dialOnTransport makes a
// connection with a random Initial DCID, runs it, and returns once the handshake is complete.
// dialAddr and dial, which make the Transport, are in quic.ts (ARCHITECTURE.md §9).
import { select } from './internal/utils/chan.ts';
import { go } from './internal/utils/goroutine.ts';
import type { Clock } from './internal/utils/clock.ts';
import { populateConfig, validateConfig, type Config } from './config.ts';
import type { QUICTLSConfig } from './internal/handshake/crypto_setup.ts';
import { errCloseForRecreating, generateConnectionIDForInitial, newClientConnection, type connection } from './connection.ts';
import type { rawConn, UDPAddr } from './sys_conn.ts';
import type { packetHandlerMap } from './packet_handler_map.ts';
import type { ConnectionIDGenerator } from './interface.ts';
import type { EarlyConnection } from './interface.ts';
import type { Version } from './internal/protocol/version.ts';

/** What dial needs of the transport it runs on: quic-go's Transport.Dial passes the same parts to client.go's dial. */
export interface dialTransport {
  readonly conn: rawConn;
  readonly handlerMap: packetHandlerMap;
  readonly connIDGenerator: ConnectionIDGenerator;
  readonly clock: Clock;
  readonly isClosed: boolean;
}

/**
 * Runs one client connection until its handshake completes (client.go dial / connect). After a
 * Version Negotiation the connection is recreated with the version both sides speak.
 */
export async function dialOnTransport(
  t: dialTransport,
  addr: UDPAddr,
  tlsConf: QUICTLSConfig,
  conf: Config | undefined,
  signal?: AbortSignal,
  use0RTT = false,
): Promise<EarlyConnection> {
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
      enable0RTT: use0RTT,
      clock: t.clock,
    });
    if (!t.handlerMap.add(srcConnID, conn)) throw new Error(t.isClosed ? 'transport closed' : 'connection ID collision');
    go('connection.run', () => conn.run());
    // client.go dial's select: the handshake completes, 0-RTT may start (dialEarly with a ticket
    // that allows it), the connection ends, or the caller gives up.
    const ended = eitherAborted(conn.context, signal);
    const ready = use0RTT ? [conn.handshakeComplete(), conn.earlyConnReady()] : [conn.handshakeComplete()];
    const r = await select(ready, ended.signal).finally(ended.release);
    if (r.index >= 0) return conn;
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
