// A UDP impairment relay for the reliability tests, in the spirit of quic-interop-runner's network
// simulator: clients send to the relay, the relay forwards to the server from one upstream socket
// per client, and each direction can drop, corrupt, duplicate, reorder and delay datagrams, or go
// dark for a while. Every random decision comes from a seeded generator per direction, so a
// failing seed (printed by the tests) replays the same decisions for the same datagram sequence.
import dgram from 'node:dgram';
import { isLongHeaderPacket, parsePacket } from '../../src/internal/wire/header.ts';
import { seededRandom } from '../../src/memory_packet_conn.ts';

/** The in-memory network's seeded generator (mulberry32), so that both draw the same way. */
export { seededRandom };

export type Direction = 'toServer' | 'toClient';

/**
 * Bytes appended after the packets of a datagram, which a receiver must discard without harm to the
 * connection (RFC 9000 §12.2, §14.1): zeros, random bytes, or a short header (the datagram's own
 * connection ID bytes after a first byte, then random bytes) with the fixed bit cleared (RFC 9000
 * §17.3.1), or with it set: a receiver without 1-RTT keys keeps that one, and it fails to decrypt later.
 */
export type TailKind = 'zeros' | 'random' | 'fixedBitClear' | 'shortHeader';

/**
 * A tail is appended only to a datagram whose last packet has a long header: a short header packet
 * has no Length field and runs to the end of the datagram (RFC 9000 §12.2), so bytes after it would
 * be part of it. In practice: the handshake's datagrams.
 */
export interface Tail {
  kind: TailKind;
  /** Per datagram, in [0, 1]; default 1. */
  probability?: number;
  /** Only datagrams for which this returns true get a tail (index counts this direction's datagrams from 0). */
  when?: (data: Uint8Array, index: number) => boolean;
  /** A tail is cut so that the datagram stays within this size (quic-go reads at most 1452 bytes); default 1452. */
  maxDatagramSize?: number;
}

/** What happens to the datagrams of one direction. Probabilities are per datagram, in [0, 1]. */
export interface Impairment {
  drop?: number;
  /** Overwrites one random byte with a different value. */
  corrupt?: number;
  /** Sends the datagram twice. */
  duplicate?: number;
  /** Holds the datagram back until the next one of this direction has gone (or 5 ms have passed). */
  reorder?: number;
  /** Fixed one-way delay in ms (half the added RTT). */
  delayMs?: number;
  /** On/off outage: datagrams pass for `onMs`, then all are dropped for `offMs`, repeatedly. */
  outage?: { onMs: number; offMs: number };
  /** Return false to drop this datagram (index counts this direction's datagrams from 0). */
  filter?: (data: Uint8Array, index: number) => boolean;
  /** Appends bytes that are not a packet. Its decisions come from a generator of their own, so it shifts no other. */
  tail?: Tail;
}

export interface DirectionStats {
  datagrams: number;
  bytes: number;
  dropped: number;
  droppedByOutage: number;
  corrupted: number;
  duplicated: number;
  reordered: number;
  /** Datagrams that got a tail appended. */
  tailed: number;
  /** Datagrams and bytes that left the relay. */
  forwarded: number;
  forwardedBytes: number;
  /** Forwarded datagrams by size in bytes. */
  forwardedSizes: Map<number, number>;
}

export interface RelayOptions {
  /** The server, "127.0.0.1:port". */
  target: string;
  seed: number;
  toServer?: Impairment;
  toClient?: Impairment;
  /** Called for every datagram the relay forwards (after impairment), e.g. to inspect headers. */
  onForward?: (dir: Direction, data: Uint8Array) => void;
}

const newStats = (): DirectionStats => ({
  datagrams: 0,
  bytes: 0,
  dropped: 0,
  droppedByOutage: 0,
  corrupted: 0,
  duplicated: 0,
  reordered: 0,
  tailed: 0,
  forwarded: 0,
  forwardedBytes: 0,
  forwardedSizes: new Map(),
});

const reorderHoldMs = 5;

/** One direction's impairment state: its generator, its held-back datagram, its counters. */
class Lane {
  readonly stats = newStats();
  private readonly random: () => number;
  private readonly tailRandom: () => number;
  private held: { data: Uint8Array; send: (d: Uint8Array) => void; timer: NodeJS.Timeout } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly dir: Direction,
    private readonly imp: Impairment,
    seed: number,
    private readonly startTime: number,
    private readonly onForward: RelayOptions['onForward'],
  ) {
    this.random = seededRandom(seed);
    this.tailRandom = seededRandom(seed ^ 0x7a11);
  }

  private chance(p: number | undefined): boolean {
    // Always draw, so that enabling one impairment does not shift the decisions of another.
    const r = this.random();
    return p !== undefined && r < p;
  }

  private inOutage(): boolean {
    const o = this.imp.outage;
    if (!o) return false;
    return (performance.now() - this.startTime) % (o.onMs + o.offMs) >= o.onMs;
  }

  handle(data: Uint8Array, send: (d: Uint8Array) => void): void {
    const index = this.stats.datagrams++;
    this.stats.bytes += data.length;
    const drop = this.chance(this.imp.drop);
    const corrupt = this.chance(this.imp.corrupt);
    const corruptAt = Math.floor(this.random() * data.length);
    const corruptXor = 1 + Math.floor(this.random() * 255);
    const duplicate = this.chance(this.imp.duplicate);
    const reorder = this.chance(this.imp.reorder);
    if (this.imp.filter && !this.imp.filter(data, index)) {
      this.stats.dropped++;
      return;
    }
    if (this.inOutage()) {
      this.stats.droppedByOutage++;
      return;
    }
    if (drop) {
      this.stats.dropped++;
      return;
    }
    if (corrupt) {
      data = Uint8Array.from(data);
      data[corruptAt]! ^= corruptXor;
      this.stats.corrupted++;
    }
    if (this.imp.tail) data = this.appendTail(data, index, this.imp.tail);
    const copies = duplicate ? 2 : 1;
    if (duplicate) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) this.delayed(data, send, reorder && i === 0);
  }

  private appendTail(data: Uint8Array, index: number, t: Tail): Uint8Array {
    const r = this.tailRandom;
    if (r() >= (t.probability ?? 1) || (t.when && !t.when(data, index)) || !endsWithLongHeaderPacket(data)) return data;
    const len = Math.min(1 + Math.floor(r() * 64), (t.maxDatagramSize ?? 1452) - data.length);
    if (len <= 0) return data;
    const tail = new Uint8Array(len);
    if (t.kind !== 'zeros') for (let i = 0; i < len; i++) tail[i] = Math.floor(r() * 256);
    if (t.kind === 'fixedBitClear' || t.kind === 'shortHeader') {
      // short header form, fixed bit 0 or 1; the rest of the first byte random
      tail[0] = (tail[0]! & 0x3f) | (t.kind === 'shortHeader' ? 0x40 : 0);
      // The receiver's connection ID: a long header's DCID, or the bytes after a short header's first byte.
      const long = (data[0]! & 0x80) !== 0;
      const dcid = long ? data.subarray(6, 6 + data[5]!) : data.subarray(1, 21);
      tail.set(dcid.subarray(0, len - 1), 1);
    }
    this.stats.tailed++;
    const out = new Uint8Array(data.length + len);
    out.set(data);
    out.set(tail, data.length);
    return out;
  }

  private delayed(data: Uint8Array, send: (d: Uint8Array) => void, reorder: boolean): void {
    const delay = this.imp.delayMs ?? 0;
    if (delay <= 0) return this.release(data, send, reorder);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.release(data, send, reorder);
    }, delay);
    this.timers.add(t);
  }

  /** Forwards `data`, or holds it back behind the next datagram. */
  private release(data: Uint8Array, send: (d: Uint8Array) => void, reorder: boolean): void {
    if (reorder && !this.held) {
      this.stats.reordered++;
      const timer = setTimeout(() => this.flushHeld(), reorderHoldMs);
      this.held = { data, send, timer };
      return;
    }
    this.forward(data, send);
    this.flushHeld();
  }

  private flushHeld(): void {
    const h = this.held;
    if (!h) return;
    this.held = undefined;
    clearTimeout(h.timer);
    this.forward(h.data, h.send);
  }

  private forward(data: Uint8Array, send: (d: Uint8Array) => void): void {
    this.stats.forwarded++;
    this.stats.forwardedBytes += data.length;
    this.stats.forwardedSizes.set(data.length, (this.stats.forwardedSizes.get(data.length) ?? 0) + 1);
    this.onForward?.(this.dir, data);
    send(data);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.held) clearTimeout(this.held.timer);
    this.held = undefined;
  }
}

/** Whether the datagram is a chain of long header packets, cut by their Length fields (RFC 9000 §12.2). */
function endsWithLongHeaderPacket(data: Uint8Array): boolean {
  try {
    while (data.length > 0) {
      if (!isLongHeaderPacket(data[0]!)) return false;
      data = parsePacket(data).rest;
    }
    return true;
  } catch {
    return false;
  }
}

function bind(socket: dgram.Socket, port = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/** A running relay. Clients dial `addr`; `stats` counts what each direction saw and did. */
export class Relay {
  readonly toServer: Lane;
  readonly toClient: Lane;
  private readonly upstreams = new Map<string, dgram.Socket>();
  private closed = false;

  private constructor(
    private readonly front: dgram.Socket,
    private readonly targetHost: string,
    private readonly targetPort: number,
    readonly seed: number,
    opts: RelayOptions,
  ) {
    const start = performance.now();
    // Each direction draws from its own stream, derived from the one seed.
    this.toServer = new Lane('toServer', opts.toServer ?? {}, seed, start, opts.onForward);
    this.toClient = new Lane('toClient', opts.toClient ?? {}, seed ^ 0x5bd1e995, start, opts.onForward);
    front.on('message', (msg, rinfo) => this.fromClient(msg, rinfo));
  }

  static async start(opts: RelayOptions): Promise<Relay> {
    const m = /^(.*):(\d+)$/.exec(opts.target);
    if (!m) throw new Error(`relay target ${opts.target}: want host:port`);
    const front = dgram.createSocket('udp4');
    await bind(front);
    return new Relay(front, m[1]!.replace(/^\[|\]$/g, ''), Number(m[2]), opts.seed, opts);
  }

  /** "127.0.0.1:port": where clients send. */
  get addr(): string {
    return `127.0.0.1:${this.front.address().port}`;
  }

  get stats(): Record<Direction, DirectionStats> {
    return { toServer: this.toServer.stats, toClient: this.toClient.stats };
  }

  private fromClient(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (this.closed) return;
    const key = `${rinfo.address}:${rinfo.port}`;
    let up = this.upstreams.get(key);
    if (!up) {
      // One upstream socket per client, so the server sees one address per client.
      const socket = dgram.createSocket('udp4');
      up = socket;
      this.upstreams.set(key, socket);
      socket.on('message', (reply) => {
        if (this.closed) return;
        this.toClient.handle(reply, (d) => this.front.send(d, rinfo.port, rinfo.address));
      });
      socket.on('error', () => undefined);
      socket.bind(0, '127.0.0.1');
    }
    const socket = up;
    this.toServer.handle(msg, (d) => {
      if (!this.closed) socket.send(d, this.targetPort, this.targetHost);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.toServer.close();
    this.toClient.close();
    for (const s of this.upstreams.values()) s.close();
    this.upstreams.clear();
    this.front.close();
  }
}

/** RELAY_SEED=n replays a failure; otherwise each test passes its own fixed seed. */
export function relaySeed(fallback: number): number {
  const s = process.env.RELAY_SEED;
  return s === undefined ? fallback : Number(s);
}
