// Runs the real server and client on a MemoryNetwork and a ManualClock: the test's event loop does the
// work of each instant, then the clock jumps to the next timer (a pacer, a delayed datagram, a loss
// or idle timer). No socket and no real timer is involved, so a run takes the same steps every time.
import { generateSelfSignedCertificate, type SelfSigned } from '../../src/internal/x509/index.ts';
import { ManualClock } from '../../src/internal/utils/clock.ts';
import { vi } from 'vitest';
import { MemoryNetwork, seededRandom, type LinkConditions } from '../../src/memory_packet_conn.ts';
import { dial, listen, type Config, type Connection, type Listener } from '../../src/index.ts';
import { insecureClientTLS, serverTLS } from '../e2e/net.ts';

let cert: SelfSigned | undefined;
/** One certificate for every test of the directory: generating one takes real time. */
export function certificate(): SelfSigned {
  return (cert ??= generateSelfSignedCertificate());
}

/** Lets every goroutine finish what it can do at the current instant (promise jobs and yieldToIO). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

export class VirtualRun {
  readonly clock = new ManualClock(0);
  readonly network: MemoryNetwork;
  private readonly cleanups: (() => void)[] = [];

  constructor(seed = 1, defaults: LinkConditions = {}) {
    this.network = new MemoryNetwork(this.clock, seed, defaults);
    // The stack draws its other random choices from Math.random: which ready channel a select takes
    // (as Go's does), the skipped packet numbers, the length of a client's first connection ID.
    // Seeded too, so that a run repeats. (Random bytes, such as key shares, change no size or time.)
    const random = seededRandom(seed ^ 0x5eed);
    this.cleanups.push(() => vi.restoreAllMocks());
    vi.spyOn(Math, 'random').mockImplementation(random);
  }

  config(c: Config = {}): Config {
    return { ...c, clock: this.clock };
  }

  /** A server on a new address of the network. */
  listen(c?: Config): Listener {
    const conn = this.network.listen();
    const ln = listen(conn, serverTLS(certificate()), this.config(c));
    this.cleanups.push(() => (ln.close(), conn.close()));
    return ln;
  }

  /** A client on a new address, dialing the listener; resolves once the handshake completes. */
  dial(ln: Listener, c?: Config): Promise<Connection> {
    const conn = this.network.listen();
    this.cleanups.push(() => conn.close());
    return dial(conn, ln.addr(), insecureClientTLS(), this.config(c));
  }

  /**
   * Runs the network until `p` settles: does the work of the current instant, then advances the
   * clock to the next timer. Fails if nothing is left to wait for, or after `limitMs` of virtual time.
   */
  async run<T>(p: Promise<T>, limitMs = 120_000): Promise<T> {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    const end = this.clock.now() + limitMs;
    let sameInstant = 0;
    for (;;) {
      await settle();
      if (done) return p;
      const next = this.clock.nextDeadline;
      if (next === undefined) throw new Error(`stuck at ${this.clock.now()} ms: no timer pending`);
      if (next > end) throw new Error(`no result within ${limitMs} ms of virtual time`);
      // A timer that re-arms for the instant it fired in would spin here while time stands still.
      sameInstant = next > this.clock.now() ? 0 : sameInstant + 1;
      if (sameInstant > 1000) throw new Error(`a timer fires again and again at ${this.clock.now()} ms`);
      this.clock.advance(next - this.clock.now());
    }
  }

  close(): void {
    for (const c of this.cleanups.splice(0).reverse()) c();
  }
}
