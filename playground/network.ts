// The playground's network: src/'s MemoryNetwork (loss, delay, reordering per direction, on the
// virtual clock) plus what a learner watches and controls. Every datagram gets an id and a label
// (packet_type.ts), and is followed from send to delivery or loss; a hold rule keeps matching
// datagrams back until a given time ("hold this packet"), and a rewrite changes what one sender
// puts on the wire (a client whose Initial datagram is one byte short).
import type { Clock } from '../src/internal/utils/clock.ts';
import { addrString, type UDPAddr } from '../src/internal/utils/udp_addr.ts';
import { MemoryNetwork, type LinkConditions, type MemoryPacketConn } from '../src/memory_packet_conn.ts';
import { describeDatagram } from './packet_type.ts';

export interface PacketView {
  id: number;
  from: string;
  to: string;
  type: string;
  size: number;
  /** When it left (for a held datagram: when it was released). */
  sentAt: number;
  /** When a hold rule took it. */
  heldAt?: number;
  arriveAt?: number;
  state: 'flight' | 'held' | 'lost' | 'delivered' | 'unreachable';
  /** Connection IDs and version of the first long header (hex), when there is one. */
  dcid?: string;
  scid?: string;
  version?: number;
}

/**
 * Holds datagrams back. Every field given must match: `packet` is a datagram's id, `from` and `to`
 * actor names, `type` its label, `after` the earliest send time. A held datagram leaves at
 * `releaseAt`, or never; one sent at or after `releaseAt` is not held.
 */
export interface HoldRule {
  packet?: number;
  from?: string;
  to?: string;
  /** The datagram's label (PacketView.type), or its first packet's: 'Initial' holds 'Initial+0-RTT'. */
  type?: string;
  after?: number;
  releaseAt?: number;
}

export type PacketEvent = 'send' | 'deliver' | 'lost' | 'held' | 'release';

export class PlaygroundNetwork extends MemoryNetwork {
  /** Datagrams in flight or held, by id. */
  readonly inFlight = new Map<number, PacketView>();
  private readonly names = new Map<string, string>();
  private readonly conditions = new Map<string, LinkConditions>();
  private readonly rewrites = new Map<string, (data: Uint8Array) => Uint8Array>();
  private readonly payloads = new Map<number, Uint8Array>();
  private nextID = 0;

  constructor(
    clock: Clock,
    seed: number,
    private readonly holds: HoldRule[],
    private readonly observe: (event: PacketEvent, p: PacketView) => void,
  ) {
    super(clock, seed);
  }

  /** A packet connection for actor `name` ('server', 'client 1', …). */
  listenAs(name: string, address?: UDPAddr): MemoryPacketConn {
    const conn = this.listen(address);
    const key = addrString(conn.localAddr());
    this.names.set(key, name);
    // Delivery is where a datagram leaves the network: wrap the connection's intake to see it.
    const deliver = conn.deliver.bind(conn);
    conn.deliver = (data, from) => {
      const p = this.arriving(addrString(from), key, data);
      const ok = deliver(data, from);
      if (p) {
        this.inFlight.delete(p.id);
        this.payloads.delete(p.id);
        p.state = ok ? 'delivered' : 'unreachable';
        this.observe('deliver', p);
      }
      return ok;
    };
    return conn;
  }

  nameOf(addr: UDPAddr | string): string {
    const key = typeof addr === 'string' ? addr : addrString(addr);
    return this.names.get(key) ?? key;
  }

  override setLink(from: UDPAddr, to: UDPAddr, conditions: LinkConditions): void {
    this.conditions.set(`${addrString(from)}>${addrString(to)}`, conditions);
    super.setLink(from, to, conditions);
  }

  /** Holds back the datagrams that match `rule` from now on. */
  hold(rule: HoldRule): void {
    this.holds.push(rule);
  }

  /** Every datagram `from` sends passes through `fn` first. */
  rewrite(from: UDPAddr, fn: (data: Uint8Array) => Uint8Array): void {
    this.rewrites.set(addrString(from), fn);
  }

  override send(from: UDPAddr, to: UDPAddr, data: Uint8Array): void {
    const src = addrString(from);
    const dst = addrString(to);
    data = this.rewrites.get(src)?.(data) ?? data;
    const info = describeDatagram(data);
    const p: PacketView = {
      id: ++this.nextID,
      from: this.nameOf(src),
      to: this.nameOf(dst),
      type: info.type,
      size: data.length,
      sentAt: this.clock.now(),
      state: 'flight',
      ...(info.dcid !== undefined ? { dcid: info.dcid, scid: info.scid } : {}),
      ...(info.version !== undefined ? { version: info.version } : {}),
    };
    const hold = this.holds.find((h) => matches(h, p));
    if (hold) {
      p.state = 'held';
      p.heldAt = p.sentAt;
      this.inFlight.set(p.id, p);
      this.observe('held', p);
      if (hold.releaseAt !== undefined) {
        const copy = data.slice();
        this.clock.setTimer(hold.releaseAt - p.sentAt, () => {
          p.state = 'flight';
          this.observe('release', p);
          this.transmit(p, from, to, copy);
        });
      }
      return;
    }
    this.observe('send', p);
    this.transmit(p, from, to, data);
  }

  /** Hands the datagram to MemoryNetwork, which decides its fate on its link. */
  private transmit(p: PacketView, from: UDPAddr, to: UDPAddr, data: Uint8Array): void {
    p.sentAt = this.clock.now();
    this.inFlight.set(p.id, p);
    this.payloads.set(p.id, data.slice());
    super.send(from, to, data);
    const fate = this.events[this.events.length - 1]!.fate;
    if (fate === 'lost') {
      this.inFlight.delete(p.id);
      this.payloads.delete(p.id);
      p.state = 'lost';
      this.observe('lost', p);
    } else if (p.state === 'flight') {
      const c = this.conditions.get(`${addrString(from)}>${addrString(to)}`) ?? {};
      p.arriveAt = p.sentAt + (c.delayMs ?? 0) + (fate === 'reordered' ? (c.reorderDelayMs ?? 10) : 0);
    }
  }

  /** The in-flight datagram these bytes are (datagrams on one link can overtake each other). */
  private arriving(from: string, to: string, data: Uint8Array): PacketView | undefined {
    const fromName = this.nameOf(from);
    const toName = this.nameOf(to);
    for (const p of this.inFlight.values()) {
      if (p.state !== 'flight' || p.from !== fromName || p.to !== toName || p.size !== data.length) continue;
      if (equalBytes(this.payloads.get(p.id)!, data)) return p;
    }
    return undefined;
  }
}

function matches(h: HoldRule, p: PacketView): boolean {
  return (
    (h.packet === undefined || h.packet === p.id) &&
    (h.from === undefined || h.from === p.from) &&
    (h.to === undefined || h.to === p.to) &&
    (h.type === undefined || p.type === h.type || p.type.startsWith(`${h.type}+`)) &&
    (h.after === undefined || p.sentAt >= h.after) &&
    (h.releaseAt === undefined || p.sentAt < h.releaseAt)
  );
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
