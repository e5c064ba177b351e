// The client's --0rtt (RFC 9001 §4.6): a first connection only to obtain a session ticket (and a
// NEW_TOKEN token), then a resumed one that sends the request as early data. If the server rejects
// 0-RTT, the streams opened in it fail with Err0RTTRejected and the request is sent again on the
// connection nextConnection returns, as quic-go's users must do: nothing is lost.
import { dialAddr, dialAddrEarly, Err0RTTRejected, type Config, type Connection, type EarlyConnection, type QUICTLSConfig } from '../index.ts';
import type { ClientSessionCache, ClientSessionState } from '../internal/tls/config.ts'; // internal: our crypto/tls's session cache

/** A session cache that says when the first ticket has arrived. */
export function ticketCache(): ClientSessionCache & { ticket(): Promise<void>; readonly size: number } {
  const sessions = new Map<string, ClientSessionState>();
  let wake: (() => void) | undefined;
  return {
    get: (k) => sessions.get(k),
    set: (k, s) => {
      sessions.set(k, s);
      wake?.();
    },
    delete: (k) => sessions.delete(k),
    ticket: () => (sessions.size > 0 ? Promise.resolve() : new Promise<void>((r) => (wake = r))),
    get size() {
      return sessions.size;
    },
  };
}

/** How the resumed connection's 0-RTT went. */
export type EarlyDataOutcome = 'used' | 'rejected' | 'not offered';

/**
 * The first connection: a full handshake that ends once the server's ticket is in `cache`. A
 * server that sends none within `ms` cannot be resumed.
 */
export async function fetchTicket(addr: string, tls: QUICTLSConfig, config: Config, cache: ReturnType<typeof ticketCache>, ms = 5000): Promise<void> {
  const conn = await dialAddr(addr, { ...tls, clientSessionCache: cache }, config);
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no session ticket from ${addr} within ${ms} ms: 0-RTT needs one`)), ms)));
    await Promise.race([cache.ticket(), timeout]).finally(() => clearTimeout(timer));
  } finally {
    conn.closeWithError(0, '');
  }
}

/**
 * Runs `request` on the early connection; after a rejection, again on nextConnection's. `onConn`
 * learns each connection in use (the caller closes the last one).
 */
export async function requestWithEarlyData<T>(
  conn: EarlyConnection,
  request: (c: Connection) => Promise<T>,
  onConn: (c: Connection) => void = () => {},
): Promise<{ result: T; outcome: EarlyDataOutcome }> {
  onConn(conn);
  try {
    const result = await request(conn);
    const outcome = conn.connectionState().used0RTT ? 'used' : 'not offered';
    return { result, outcome };
  } catch (e) {
    if (!(e instanceof Err0RTTRejected)) throw e;
    const next = await conn.nextConnection();
    onConn(next);
    return { result: await request(next), outcome: 'rejected' };
  }
}

/** dialAddrEarly with the ticket cache: the connection to send early data on. */
export function dialResumed(addr: string, tls: QUICTLSConfig, config: Config, cache: ClientSessionCache): Promise<EarlyConnection> {
  return dialAddrEarly(addr, { ...tls, clientSessionCache: cache }, config);
}
