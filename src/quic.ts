// quic-go's package-level functions: ListenAddr, ListenAddrEarly, Listen and ListenEarly (server.go:180-235),
// DialAddr, DialAddrEarly, Dial and DialEarly (client.go). Each makes a single-use Transport and calls its Listen or Dial.
// They sit here, above transport.ts, because the Transport builds servers (server.ts) and client
// connections (client.ts): kept in those files they would import the Transport back, a cycle
// (ARCHITECTURE.md §9).
import { systemClock } from './internal/utils/clock.ts';
import type { QUICTLSConfig } from './internal/handshake/crypto_setup.ts';
import type { Config } from './config.ts';
import type { Connection, EarlyConnection } from './interface.ts';
import type { EarlyListener, Listener } from './server.ts';
import { listenUDP, resolveUDPAddr, type rawConn, type UDPAddr } from './sys_conn.ts';
import { Transport } from './transport.ts';

/** Opens a UDP socket on addr and starts a server on it; closing the listener closes the socket (server.go:180-190). */
export async function listenAddr(addr: string, tlsConf: QUICTLSConfig, config?: Config): Promise<Listener> {
  const conn = await listenUDP(addr, config?.clock ?? systemClock);
  return new Transport(conn, { clock: config?.clock }, true, true).Listen(tlsConf, config);
}

/** Like listenAddr, with an EarlyListener (server.go:193). */
export async function listenAddrEarly(addr: string, tlsConf: QUICTLSConfig, config?: Config): Promise<EarlyListener> {
  const conn = await listenUDP(addr, config?.clock ?? systemClock);
  return new Transport(conn, { clock: config?.clock }, true, true).ListenEarly(tlsConf, config);
}

/** Starts a server on a socket the caller owns; closing the listener leaves the socket open (server.go:227). */
export function listen(conn: rawConn, tlsConf: QUICTLSConfig, config?: Config): Listener {
  return new Transport(conn, { clock: config?.clock }, false, true).Listen(tlsConf, config);
}

/** Like listen, with an EarlyListener (server.go:233). */
export function listenEarly(conn: rawConn, tlsConf: QUICTLSConfig, config?: Config): EarlyListener {
  return new Transport(conn, { clock: config?.clock }, false, true).ListenEarly(tlsConf, config);
}

/**
 * Dials addr ("127.0.0.1:9000") from a fresh socket; closing the connection's transport closes the
 * socket (client.go:49 DialAddr). Zero-length connection IDs: the socket serves one connection only.
 */
export async function dialAddr(addr: string, tlsConf: QUICTLSConfig, config?: Config, signal?: AbortSignal): Promise<Connection> {
  return dialAddrWith(addr, config, (t, remote) => t.Dial(remote, tlsConf, config, signal));
}

/** A single-use Transport on a fresh socket for one dial; it closes with the connection. */
async function dialAddrWith<C extends Connection>(addr: string, config: Config | undefined, dial: (t: Transport, remote: UDPAddr) => Promise<C>): Promise<C> {
  const remote = resolveUDPAddr(addr);
  const conn = await listenUDP(remote.family === 'IPv6' ? '[::]:0' : '0.0.0.0:0', config?.clock ?? systemClock);
  const t = new Transport(conn, { connectionIDLength: 0, clock: config?.clock }, true, true);
  try {
    const c = await dial(t, remote);
    c.context.addEventListener('abort', () => t.close(), { once: true });
    return c;
  } catch (err) {
    t.close();
    throw err;
  }
}

/** Like dialAddr, but may send 0-RTT data before the handshake completes (client.go:65-86 DialAddrEarly). */
export async function dialAddrEarly(addr: string, tlsConf: QUICTLSConfig, config?: Config, signal?: AbortSignal): Promise<EarlyConnection> {
  return dialAddrWith(addr, config, (t, remote) => t.DialEarly(remote, tlsConf, config, signal));
}

/** Like dial, with 0-RTT (client.go:88-98 DialEarly). */
export function dialEarly(conn: rawConn, addr: UDPAddr, tlsConf: QUICTLSConfig, config?: Config, signal?: AbortSignal): Promise<EarlyConnection> {
  return new Transport(conn, { clock: config?.clock }, false, true).DialEarly(addr, tlsConf, config, signal);
}

/** Dials on a socket the caller owns (client.go:112 Dial). */
export async function dial(conn: rawConn, addr: UDPAddr, tlsConf: QUICTLSConfig, config?: Config, signal?: AbortSignal): Promise<Connection> {
  return new Transport(conn, { clock: config?.clock }, false, true).Dial(addr, tlsConf, config, signal);
}
