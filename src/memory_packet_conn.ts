// An in-memory network of packet connections: quic-go's net.PacketConn seam (rawConn, sys_conn.ts)
// without sockets, so the real server and client run on an injectable clock (ARCHITECTURE.md §2,
// §4). Ours: quic-go's tests use real UDP sockets or mocks. Every datagram crosses a link, one per
// direction between two addresses, that can lose it (a seeded generator per link, so one direction's
// decisions never shift the other's), delay it, and hold some back so that later ones overtake them.
// Delays are timers on the network's clock: with a ManualClock nothing moves until the test advances
// time, and the same seed gives the same run. No Node built-in is used, so a browser page can run it.
import type { Clock } from './internal/utils/clock.ts';
import { addrString, type UDPAddr } from './internal/utils/udp_addr.ts';
import { receiveQueue, type rawConn, type receivedPacket } from './packet_conn.ts';

/** What happens on one direction of a path. Probabilities are per datagram, in [0, 1]. */
export interface LinkConditions {
  /** Drops the datagram. */
  loss?: number;
  /** One-way delay in ms. */
  delayMs?: number;
  /** Holds the datagram back another reorderDelayMs, so that the ones sent after it arrive first. */
  reorder?: number;
  /** Default 10 ms. */
  reorderDelayMs?: number;
}

/** One datagram's fate, as the network saw it: the trace a test compares between two runs. */
export interface DatagramEvent {
  /** When it was written, by the network's clock (ms). */
  time: number;
  from: string;
  to: string;
  size: number;
  fate: 'delivered' | 'reordered' | 'lost' | 'unreachable';
}

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: mixes a link's name into the network's seed. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

class link {
  readonly random: () => number;
  constructor(
    readonly conditions: LinkConditions,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }
}

/** Packet connections that reach each other by address, on one clock. */
export class MemoryNetwork {
  /** Every datagram written, in order. */
  readonly events: DatagramEvent[] = [];
  private readonly conns = new Map<string, MemoryPacketConn>();
  private readonly links = new Map<string, link>();
  private nextHost = 1;

  constructor(
    readonly clock: Clock,
    private readonly seed = 1,
    /** The conditions of a link not set with setLink. */
    private readonly defaults: LinkConditions = {},
  ) {}

  /** A new packet connection on `address` (default 10.0.0.N:443, N counting up). */
  listen(address?: UDPAddr): MemoryPacketConn {
    const addr = address ?? { address: `10.0.0.${this.nextHost++}`, port: 443, family: 'IPv4' as const };
    const key = addrString(addr);
    if (this.conns.has(key)) throw new Error(`listen ${key}: address already in use`);
    const conn = new MemoryPacketConn(this, addr);
    this.conns.set(key, conn);
    return conn;
  }

  /** Sets the conditions of the direction from → to. */
  setLink(from: UDPAddr, to: UDPAddr, conditions: LinkConditions): void {
    const key = `${addrString(from)}>${addrString(to)}`;
    this.links.set(key, new link(conditions, this.seed ^ hashString(key)));
  }

  private linkFor(from: string, to: string): link {
    const key = `${from}>${to}`;
    let l = this.links.get(key);
    if (!l) this.links.set(key, (l = new link(this.defaults, this.seed ^ hashString(key))));
    return l;
  }

  /** Carries one datagram across its link. */
  send(from: UDPAddr, to: UDPAddr, data: Uint8Array): void {
    const src = addrString(from);
    const dst = addrString(to);
    const l = this.linkFor(src, dst);
    const c = l.conditions;
    const event: DatagramEvent = { time: this.clock.now(), from: src, to: dst, size: data.length, fate: 'delivered' };
    this.events.push(event);
    // Both draws are made for every datagram, so a datagram's fate depends only on its place in the link.
    const lost = l.random() < (c.loss ?? 0);
    const reordered = l.random() < (c.reorder ?? 0);
    if (lost) {
      event.fate = 'lost';
      return;
    }
    const copy = data.slice(); // the sender may reuse its buffer
    let delay = c.delayMs ?? 0;
    if (reordered) {
      event.fate = 'reordered';
      delay += c.reorderDelayMs ?? 10;
    }
    const deliver = () => {
      const conn = this.conns.get(dst);
      if (!conn || !conn.deliver(copy, from)) event.fate = 'unreachable';
    };
    if (delay > 0) this.clock.setTimer(delay, deliver);
    else deliver();
  }

  /** Called by a connection when it closes: its address is free again. */
  remove(conn: MemoryPacketConn): void {
    const key = addrString(conn.localAddr());
    if (this.conns.get(key) === conn) this.conns.delete(key);
  }
}

/** A rawConn on a MemoryNetwork. */
export class MemoryPacketConn implements rawConn {
  private readonly queue = new receiveQueue('memoryPacketConn');
  private closed = false;

  constructor(
    private readonly network: MemoryNetwork,
    private readonly addr: UDPAddr,
  ) {}

  readPacket(): Promise<receivedPacket> {
    return this.queue.pop();
  }

  writePacket(data: Uint8Array, addr: UDPAddr): void {
    if (this.closed) return;
    this.network.send(this.addr, addr, data);
  }

  /** Queues a datagram from the network; false if this connection cannot take it. */
  deliver(data: Uint8Array, from: UDPAddr): boolean {
    if (this.closed) return false;
    return this.queue.push({ remoteAddr: from, rcvTime: this.network.clock.now(), data });
  }

  localAddr(): UDPAddr {
    return this.addr;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.close();
    this.network.remove(this);
  }
}
