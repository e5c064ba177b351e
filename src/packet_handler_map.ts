// Connection ID → connection (quic-go: packet_handler_map.go). One map per Transport: the
// listen loop looks every datagram's DCID up here, and only misses go to the server.
import { KeyedHMAC, sha256 } from './internal/handshake/hkdf.ts';
import { randomBytes } from './internal/utils/rand.ts';
import type { ConnectionID, StatelessResetToken } from './internal/protocol/protocol.ts';
import { connIDToHex } from './internal/protocol/protocol.ts';
import { RetiredConnectionIDDeleteTimeout } from './internal/protocol/params.ts';
import type { Clock, Timer } from './internal/utils/clock.ts';
import type { receivedPacket, UDPAddr } from './sys_conn.ts';
import { closedLocalConn, closedRemoteConn } from './closed_conn.ts';
import type { closePacket, connRunner, packetHandler } from './packet_handler.ts';

export type { closePacket, connRunner, packetHandler };


const key = (id: Uint8Array) => connIDToHex(id);

export class packetHandlerMap implements connRunner {
  readonly handlers = new Map<string, packetHandler>();
  private readonly resetTokens = new Map<string, packetHandler>();
  /** Each handler's retired IDs that still route to it, and the other way round (see retire and releaseRetiredRoutes). */
  private readonly retiredRoutes = new Map<packetHandler, Set<string>>();
  private readonly retiredOwners = new Map<string, packetHandler>();
  private readonly pendingTimers = new Set<Timer>();
  private closed = false;
  /** HMAC-SHA256 under the StatelessResetKey, its pads hashed once: every new connection ID needs a token. */
  private readonly resetTokenHMAC: KeyedHMAC | undefined;

  constructor(
    statelessResetKey: Uint8Array | undefined,
    private readonly enqueueClosePacket: (p: closePacket) => void,
    readonly clock: Clock,
    readonly deleteRetiredConnsAfter = RetiredConnectionIDDeleteTimeout,
  ) {
    this.resetTokenHMAC = statelessResetKey && new KeyedHMAC(sha256, statelessResetKey);
  }

  get(id: ConnectionID): packetHandler | undefined {
    return this.handlers.get(key(id));
  }

  // Once closed, the map takes nothing in: close() destroyed every connection and cancelled every
  // timer, and an entry or timer added later would never be cleaned up.

  /** Adds one connection ID; false if it is taken, or the map is closed. */
  add(id: ConnectionID, h: packetHandler): boolean {
    if (this.closed || this.handlers.has(key(id))) return false;
    this.handlers.set(key(id), h);
    return true;
  }

  /**
   * A new server connection: route both the client-chosen DCID and our own first ID to it.
   * false if the client's DCID is taken (AddWithConnID, server.go:703-706; see chapter 11), or the map is closed.
   */
  addWithConnID(clientDestConnID: ConnectionID, newConnID: ConnectionID, h: packetHandler): boolean {
    if (this.closed || this.handlers.has(key(clientDestConnID))) return false;
    this.handlers.set(key(clientDestConnID), h);
    this.handlers.set(key(newConnID), h); // @anchor packetHandlerMap.addWithConnID
    return true;
  }

  remove(id: ConnectionID): void {
    this.handlers.delete(key(id));
  }

  /** Keep routing a retired ID for RetiredConnectionIDDeleteTimeout: reordered packets still arrive. */
  retire(id: ConnectionID): void {
    if (this.closed) return;
    const k = key(id);
    this.noteRetired(k);
    this.later(this.deleteRetiredConnsAfter, () => this.forgetRetired(k)); // @anchor packetHandlerMap.retire
  }

  /** Remembers which handler a retired ID leads to, without the timer holding the handler. */
  private noteRetired(k: string): void {
    const h = this.handlers.get(k);
    if (!h) return;
    this.retiredOwners.set(k, h);
    const routes = this.retiredRoutes.get(h);
    if (routes) routes.add(k);
    else this.retiredRoutes.set(h, new Set([k]));
  }

  private forgetRetired(k: string): void {
    this.handlers.delete(k);
    const h = this.retiredOwners.get(k);
    if (!h) return;
    this.retiredOwners.delete(k);
    const routes = this.retiredRoutes.get(h)!;
    routes.delete(k);
    if (routes.size === 0) this.retiredRoutes.delete(h);
  }

  /**
   * The connection is gone. For a few seconds its IDs lead to a placeholder: ours re-sends the
   * CONNECTION_CLOSE (closing state), the peer's swallows packets (draining state), RFC 9000 §10.2.
   */
  replaceWithClosed(ids: ConnectionID[], connClosePacket: Uint8Array | undefined): void {
    if (this.closed) return; // the transport is gone: nothing to re-send from, no one to absorb for
    const handler: packetHandler = connClosePacket
      ? new closedLocalConn((addr) => this.enqueueClosePacket({ payload: connClosePacket, addr }))
      : new closedRemoteConn();
    const keys = ids.map(key);
    const closing = keys.length > 0 ? this.handlers.get(keys[0]!) : undefined;
    for (const k of keys) this.handlers.set(k, handler); // @anchor packetHandlerMap.replaceWithClosed
    this.releaseRetiredRoutes(closing);
    this.later(this.deleteRetiredConnsAfter, () => {
      for (const k of keys) if (this.handlers.get(k) === handler) this.handlers.delete(k);
    });
  }

  /**
   * The closed connection's retired IDs still route to it until their timers fire, and would keep
   * its whole state in memory until then. From now on they lead to a placeholder that swallows
   * packets, which is what the closed connection did with them.
   */
  private releaseRetiredRoutes(closing: packetHandler | undefined): void {
    const routes = closing && this.retiredRoutes.get(closing);
    if (!routes) return;
    this.retiredRoutes.delete(closing!);
    const swallow = new closedRemoteConn();
    for (const k of routes) {
      this.retiredOwners.delete(k);
      if (this.handlers.get(k) === closing) this.handlers.set(k, swallow);
    }
  }

  addResetToken(token: StatelessResetToken, h: packetHandler): void {
    if (this.closed) return;
    this.resetTokens.set(key(token), h);
  }

  removeResetToken(token: StatelessResetToken): void {
    this.resetTokens.delete(key(token));
  }

  getByResetToken(token: StatelessResetToken): packetHandler | undefined {
    return this.resetTokens.get(key(token));
  }

  /**
   * The stateless reset token for one of our connection IDs (RFC 9000 §10.3.2): HMAC-SHA256 of the
   * ID under the StatelessResetKey, so we can reset connections we no longer remember. Without a
   * key the token is random: nobody, not even we, can reset the connection statelessly.
   */
  getStatelessResetToken(id: ConnectionID): StatelessResetToken {
    if (!this.resetTokenHMAC) return randomBytes(16);
    return this.resetTokenHMAC.mac(id).subarray(0, 16);
  }

  /**
   * Runs fn after ms, unless the map closes first: a closed map's pending deletions have nothing
   * left to delete, and would only keep the map (and its transport) in memory until then.
   */
  private later(ms: number, fn: () => void): void {
    const timer = this.clock.setTimer(ms, () => {
      this.pendingTimers.delete(timer);
      fn();
    });
    this.pendingTimers.add(timer);
  }

  /** Destroys every connection (the transport is going away). */
  close(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.pendingTimers) timer.cancel();
    this.pendingTimers.clear();
    const unique = new Set(this.handlers.values());
    this.handlers.clear();
    this.resetTokens.clear();
    this.retiredRoutes.clear();
    this.retiredOwners.clear();
    for (const h of unique) h.destroy(err);
  }

  /** Connection IDs routed now (tests check that nothing is left behind). */
  get size(): number {
    return this.handlers.size;
  }
}
