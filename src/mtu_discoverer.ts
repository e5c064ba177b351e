// Datagram Packetization Layer Path MTU Discovery (RFC 9000 §14.3, RFC 8899; quic-go: mtu_discoverer.go).
//
// A connection starts with datagrams every path carries (1280 bytes by default) and, once the
// handshake is confirmed, now and then sends one larger 1-RTT packet: a PING padded to the size
// being tried. An acknowledged probe proves the path carries that size, and the connection's
// datagrams grow to it. A lost probe proves little: it may have been too large, or simply lost.
// So the search is a bisection that believes a size too large only after maxLostMTUProbes probes
// of at most that size were lost, and a probe's loss is never a congestion signal (RFC 9000 §14.4).
//
//   ceiling ──┐ the bound: the configured maximum and the peer's max_udp_payload_size
//             │ lost sizes above the confirmed size, smallest first (at most maxLostMTUProbes)
//   confirmed ┘ the largest acknowledged probe: the connection's datagram size
//
// The next probe tries halfway between the confirmed size and the bound; right after a loss, only
// halfway to the smallest lost size. The search ends when the two are within maxMTUDiff bytes.
import type { Frame } from './internal/ackhandler/frame.ts';
import type { ByteCount } from './internal/protocol/protocol.ts';
import type { RTTStats } from './internal/utils/rtt_stats.ts';

/** The search stops once the datagram size is within this many bytes of the bound. */
export const maxMTUDiff = 20;
/** A probe goes every mtuProbeDelay smoothed RTTs. */
export const mtuProbeDelay = 5;
/** This many lost probes no larger than a size make it the bound: the search survives one less loss. */
export const maxLostMTUProbes = 3;

export interface mtuDiscoverer {
  /** The handshake is confirmed: probing may begin, one delay from now. */
  start(now: number): void;
  shouldSendProbe(now: number): boolean;
  /** The datagram size the path is known to carry. */
  currentSize(): ByteCount;
  /** The PING of the next probe, whose acknowledgement or loss drives the search, and the probe's size. */
  getPing(now: number): { ping: Frame; size: ByteCount };
}

export class mtuFinder implements mtuDiscoverer {
  private lastProbeTime: number | undefined;
  /** The size of the probe in flight, if any: one at a time. */
  private inFlight: ByteCount | undefined;
  private lastProbeWasLost = false;
  /** The largest size known to work. */
  private confirmed: ByteCount;
  /** Upper bounds, ascending: the ceiling, then sizes of lost probes, of which only the smallest count. */
  private lost: ByteCount[];

  constructor(
    private readonly rttStats: RTTStats,
    start: ByteCount,
    ceiling: ByteCount,
    private readonly mtuIncreased: (size: ByteCount, done: boolean) => void,
  ) {
    this.confirmed = start;
    this.lost = [ceiling];
  }

  /** The bound of the search: the largest of the maxLostMTUProbes smallest upper bounds. */
  private bound(): ByteCount {
    return this.lost[this.lost.length - 1]!;
  }

  /** Whether there is nothing left worth probing for. */
  done(): boolean {
    return this.bound() - this.confirmed <= maxMTUDiff + 1;
  }

  start(now: number): void {
    this.lastProbeTime = now;
  }

  shouldSendProbe(now: number): boolean {
    if (this.lastProbeTime === undefined || this.inFlight !== undefined || this.done()) return false;
    return now >= this.lastProbeTime + mtuProbeDelay * this.rttStats.smoothedRTT();
  }

  currentSize(): ByteCount {
    return this.confirmed;
  }

  getPing(now: number): { ping: Frame; size: ByteCount } {
    const towards = this.lastProbeWasLost ? this.lost[0]! : this.bound();
    const size = Math.floor((this.confirmed + towards) / 2);
    this.lastProbeTime = now;
    this.inFlight = size;
    return {
      ping: { frame: { type: 'ping' }, handler: { onAcked: () => this.onAcked(size), onLost: () => this.onLost(size) } },
      size,
    };
  }

  private onAcked(size: ByteCount): void {
    this.inFlight = undefined;
    this.lastProbeWasLost = false;
    // Losses at or below a size that got through were not about size.
    this.lost = this.lost.filter((s) => s > size);
    // Halfway to a loss one byte above the confirmed size is the confirmed size itself.
    if (size === this.confirmed) return;
    this.confirmed = size;
    this.mtuIncreased(size, this.done());
  }

  private onLost(size: ByteCount): void {
    this.inFlight = undefined;
    this.lastProbeWasLost = true;
    this.lost.push(size);
    this.lost.sort((a, b) => a - b);
    this.lost.length = Math.min(this.lost.length, maxLostMTUProbes);
  }
}
