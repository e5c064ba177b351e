// The playground's engine: runs a scenario with the real server and client (src/index.ts) on the
// in-memory network and a virtual clock, and records one Frame per event — a trace line of
// src/trace.ts, a datagram sent, delivered, lost or held, a goroutine started or ended — with the
// goroutines, the queues and the datagrams in flight at that moment. The run is recorded first and
// played afterwards (player.ts): a run of a few seconds of virtual time takes milliseconds.
//
// Deterministic: the links draw from a generator seeded by the run's seed, and so does the stack
// (rand.ts's setRandomSource: select's pick, skipped packet numbers, connection IDs, keys), so the
// same scenario and seed give the same frames in Node and in a browser.
import { Transport, type Config, type Connection, type EarlyListener, type Listener } from '../src/index.ts';
import { Max0RTTQueues } from '../src/internal/protocol/params.ts';
import { connIDToHex } from '../src/internal/protocol/protocol.ts';
import type { Chan } from '../src/internal/utils/chan.ts';
import { ManualClock } from '../src/internal/utils/clock.ts';
import { setGoroutineHook, yieldToIO } from '../src/internal/utils/goroutine.ts';
import { setRandomSource } from '../src/internal/utils/rand.ts';
import type { UDPAddr } from '../src/internal/utils/udp_addr.ts';
import { generateSelfSignedCertificate, type SelfSigned } from '../src/internal/x509/index.ts';
import { seededRandom } from '../src/memory_packet_conn.ts';
import type { baseServer } from '../src/server.ts';
import { formatTraceEvent, setTraceSink, type TraceEvent } from '../src/trace.ts';
import { blockingPoint, GoroutineTable, type GoroutineView } from './goroutines.ts';
import { PlaygroundNetwork, type PacketEvent, type PacketView } from './network.ts';
import type { ClientResult, DialOptions, Outcome, RunOptions, Scenario, ScenarioContext, ScenarioResult, ServerOptions } from './scenario.ts';
import { scenarios } from './scenarios/index.ts';

export interface QueueView {
  name: string;
  owner: string;
  len: number;
  cap: number;
}

/** An arrow of the sequence diagram; from === to is a step inside one actor. */
export interface Message {
  from: string;
  to: string;
  label: string;
}

export interface Frame {
  index: number;
  /** Virtual ms. */
  t: number;
  kind: 'trace' | PacketEvent | 'go' | 'exit' | 'note';
  /** The actor the event happens at: 'server', 'client 1', … (a datagram's sender). */
  actor?: string;
  /** This event as one line of text (trace events in formatTraceEvent's format). */
  line: string;
  event?: TraceEvent;
  message?: Message;
  goroutines: readonly Readonly<GoroutineView>[];
  queues: QueueView[];
  /** Datagrams in flight or held at this moment. */
  packets: PacketView[];
  /** The datagram this frame is about. */
  packet?: PacketView;
}

export interface Recording {
  scenario: Pick<Scenario, 'id' | 'title' | 'chapter' | 'description' | 'promise'>;
  seed: number;
  /** The options it ran with (rerun starts from them). */
  options: RunOptions;
  frames: Frame[];
  /** Every frame's line: what `npm run playground -- <id>` prints and the page exposes. */
  trace: string[];
  outcome: Outcome;
  /** Real ms the run took. */
  wallMs: number;
  /** Real ms from the first dial to the first completed handshake. */
  handshakeMs?: number;
  /** Virtual ms at the end. */
  endedAt: number;
  /** Set when the run hit its virtual time limit before the scenario finished. */
  stoppedAt?: string;
  /** The scenario's own error, if it threw. */
  error?: string;
}

const serverAddr: UDPAddr = { address: '10.0.0.1', port: 443, family: 'IPv4' };
const alpn = ['HLD'];
const defaultLink = { delayMs: 10 };
/** The steps that also draw a note on the sequence diagram. */
const diagramSteps = /^(go connection\.run|connQueue|accept|handshake complete|closed|received|drop|sent )/;

let runs: Promise<unknown> = Promise.resolve();

/**
 * Runs a scenario (by id or object) and records it. Runs are serialized: the trace sink, the
 * goroutine hook and the random source are process-wide.
 */
export function runScenario(which: string | Scenario, options: RunOptions = {}): Promise<Recording> {
  const scenario = typeof which === 'string' ? scenarios[which] : which;
  if (!scenario) return Promise.reject(new Error(`no scenario ${which}; there are: ${Object.keys(scenarios).join(', ')}`));
  const run = runs.then(() => new Run(scenario, options).record());
  runs = run.catch(() => undefined);
  return run;
}

/**
 * Runs a recording's scenario again with its options and `change` (holds are added to its holds):
 * "hold this packet" is rerun(rec, { holds: [{ packet: id }] }). The frames before the first
 * difference are the same, so the page can seek the new recording to the index it showed.
 */
export function rerun(rec: Recording, change: RunOptions): Promise<Recording> {
  const holds = [...(rec.options.holds ?? []), ...(change.holds ?? [])];
  return runScenario(rec.scenario.id, { ...rec.options, ...change, ...(holds.length ? { holds } : {}) });
}

class Run implements ScenarioContext {
  readonly clock = new ManualClock(0);
  readonly network: PlaygroundNetwork;
  readonly options: ScenarioContext['options'];
  private readonly frames: Frame[] = [];
  private readonly events: TraceEvent[] = [];
  private readonly packets: PacketView[] = [];
  private readonly clients: ClientResult[] = [];
  private readonly goroutines = new GoroutineTable();
  private readonly serverConns = new Set<string>();
  private readonly clientConns = new Map<string, string>();
  private readonly addresses = new Map<string, UDPAddr>([['server', serverAddr]]);
  /** Each actor's Transport: its handler map leads from a connection ID to the connection. */
  private readonly transports = new Map<string, Transport>();
  private readonly cleanups: (() => void)[] = [];
  private server?: baseServer;
  private cert?: SelfSigned;
  private readonly accepted: string[] = [];
  private readonly notes: string[] = [];
  private appID = 0;
  /** Who is starting goroutines right now (a dial's synchronous part). */
  private starting?: string;
  /** The server connection whose goroutines server.run is about to start. */
  private newServerConn?: string;
  /** Where the last datagram arrived: the actor whose goroutines run next. */
  private lastDeliveredTo?: string;
  private firstDialWall?: number;
  private ended = false;
  /** The scenario is inside ctx.accept. */
  private inAccept = false;
  private handshakeMs?: number;

  constructor(
    private readonly scenario: Scenario,
    /** As the caller gave them; `options` fills in the scenario's defaults. */
    private readonly givenOptions: RunOptions,
  ) {
    const { seed = scenario.defaults.seed, clients = scenario.defaults.clients ?? 1, limitMs = scenario.defaults.limitMs } = givenOptions;
    this.options = { ...givenOptions, seed, clients, limitMs };
    this.network = new PlaygroundNetwork(this.clock, seed, [...(givenOptions.holds ?? [])], (e, p) => this.onPacket(e, p));
  }

  async record(): Promise<Recording> {
    const wallStart = performance.now();
    const random = seededRandom(this.options.seed ^ 0x5eed);
    setRandomSource({ float: random, fill: (out) => out.forEach((_, i) => (out[i] = Math.floor(random() * 256))) });
    setGoroutineHook((event, name, id) => (event === 'start' ? this.onGoroutineStart(name, id) : this.onGoroutineExit(name, id)));
    setTraceSink((e) => this.onTrace(e), () => this.clock.now());
    let stoppedAt: string | undefined;
    let error: string | undefined;
    try {
      this.cert = generateSelfSignedCertificate({ kind: 'ed25519', notBefore: new Date(Date.UTC(2026, 0, 1)) });
      let finished = false;
      const script = this.scenario.run(this).then(
        () => void (finished = true),
        (err: unknown) => {
          finished = true;
          error = errorText(err);
        },
      );
      stoppedAt = await this.drive(() => finished);
      if (!stoppedAt) await script;
    } finally {
      setTraceSink(undefined);
      this.ended = true; // closing the sockets below is not part of the scenario
      for (const c of this.cleanups.splice(0).reverse()) c();
      await this.settle(); // let the goroutines see their sockets close, unobserved
      setGoroutineHook(undefined);
      setRandomSource(undefined);
    }
    const result = this.result();
    const checks = this.scenario.expect(result);
    if (error) checks.unshift({ name: 'the scenario ran to its end', expected: 'no error', actual: error, ok: false });
    const { id, title, chapter, description, promise } = this.scenario;
    return {
      scenario: { id, title, chapter, description, promise },
      seed: this.options.seed,
      options: this.givenOptions,
      frames: this.frames,
      trace: this.frames.map((f) => f.line),
      outcome: { ok: checks.every((c) => c.ok), checks },
      wallMs: Math.round((performance.now() - wallStart) * 10) / 10,
      ...(this.handshakeMs !== undefined ? { handshakeMs: this.handshakeMs } : {}),
      endedAt: this.clock.now(),
      ...(stoppedAt ? { stoppedAt } : {}),
      ...(error ? { error } : {}),
    };
  }

  // --- the scenario's API (ScenarioContext) ---

  listen(config: Config = {}, opts: ServerOptions = {}): Listener | EarlyListener {
    const conn = this.network.listenAs('server', serverAddr);
    const tls = { certificates: [{ chain: [this.cert!.certificate], privateKey: this.cert!.privateKey }], nextProtos: alpn };
    this.starting = 'server';
    const t = new Transport(conn, { clock: this.clock, ...(opts.retry ? { verifySourceAddress: () => true } : {}) }, false, true);
    const ln = opts.early ? t.ListenEarly(tls, { ...config, clock: this.clock }) : t.Listen(tls, { ...config, clock: this.clock });
    this.starting = undefined;
    this.transports.set('server', t);
    this.server = ln.baseServer;
    this.appID = -1;
    this.goroutines.start(this.appID, 'app', 'server');
    this.cleanups.push(() => (ln.close(), conn.close()));
    return ln;
  }

  dial(config: Config = {}, opts: DialOptions = {}): Promise<ClientResult> {
    const k = this.clients.length + 1;
    const name = `client ${k}`;
    const addr: UDPAddr = { address: `10.0.1.${k}`, port: 50000 + k, family: 'IPv4' };
    const conn = this.network.listenAs(name, addr);
    this.addresses.set(name, addr);
    this.network.setLink(addr, serverAddr, this.options.links?.toServer ?? defaultLink);
    this.network.setLink(serverAddr, addr, this.options.links?.toClient ?? defaultLink);
    if (opts.rewrite) this.network.rewrite(addr, opts.rewrite);
    this.cleanups.push(() => conn.close());
    const result: ClientResult = { name, state: 'dialing', dialedAt: this.clock.now() };
    this.clients.push(result);
    this.firstDialWall ??= performance.now();
    this.starting = name;
    const tls = { nextProtos: alpn, insecureSkipVerify: true, ...opts.tls };
    const t = new Transport(conn, { clock: this.clock }, false, true); // as dial and dialEarly make it (quic.ts)
    this.transports.set(name, t);
    const dialing = opts.early ? t.DialEarly(serverAddr, tls, { ...config, clock: this.clock }) : t.Dial(serverAddr, tls, { ...config, clock: this.clock });
    this.starting = undefined;
    return dialing.then(
      (c) => {
        this.handshakeMs ??= Math.round((performance.now() - this.firstDialWall!) * 10) / 10;
        Object.assign(result, { state: 'connected', endedAt: this.clock.now(), conn: c });
        this.note(`${name}: dial returned a connection`, { from: name, to: name, label: 'dial returns' });
        c.context.addEventListener('abort', () => {
          Object.assign(result, { closedAt: this.clock.now(), closeError: errorText(c.context.reason) });
          this.note(`${name}: connection closed: ${result.closeError}`, { from: name, to: name, label: `closed: ${result.closeError}` });
        });
        return result;
      },
      (err: unknown) => {
        Object.assign(result, { state: 'failed', endedAt: this.clock.now(), error: errorText(err) });
        this.note(`${name}: dial failed: ${result.error}`, { from: name, to: name, label: `dial fails: ${result.error}` });
        return result;
      },
    );
  }

  addressOf(name: string): UDPAddr {
    const a = this.addresses.get(name);
    if (!a) throw new Error(`no actor ${name}`);
    return a;
  }

  async accept(ln: Listener | EarlyListener): Promise<Connection> {
    this.inAccept = true;
    const accepting = ln.accept(); // its select registers on connQueue at once, or takes a queued connection
    this.addFrame('note', `${time(this.clock.now())}  app: calls accept`);
    try {
      const c = await accepting;
      this.accepted.push(connIDToHex((c as unknown as { srcConnID: Uint8Array }).srcConnID));
      return c;
    } finally {
      this.inAccept = false;
    }
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimer(ms, resolve));
  }

  async within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
    return Promise.race([p, this.sleep(ms).then(() => undefined)]);
  }

  note(text: string, message?: { from: string; to: string; label: string }): void {
    this.notes.push(text);
    this.addFrame('note', `${time(this.clock.now())}  ${text}`, message ? { message } : {});
  }

  // --- driving the clock ---

  /** Does the work of each instant, then jumps to the next timer, until `done` or the time limit. */
  private async drive(done: () => boolean): Promise<string | undefined> {
    let sameInstant = 0;
    for (;;) {
      await this.settle();
      if (done()) return undefined;
      const next = this.clock.nextDeadline;
      if (next === undefined) return `nothing left to wait for at ${this.clock.now()} ms`;
      if (next > this.options.limitMs) return `the time limit, ${this.options.limitMs} ms`;
      sameInstant = next > this.clock.now() ? 0 : sameInstant + 1;
      if (sameInstant > 1000) return `a timer that fires again and again at ${this.clock.now()} ms`;
      this.clock.advance(next - this.clock.now());
    }
  }

  /** Lets every goroutine finish what it can do at this instant: yields until three turns in a row change nothing. */
  private async settle(): Promise<void> {
    let seen = -1;
    for (let quiet = 0, turns = 0; quiet < 3 && turns < 500; turns++) {
      await yieldToIO();
      const activity = this.frames.length + this.network.events.length;
      quiet = activity === seen ? quiet + 1 : 0;
      seen = activity;
    }
  }

  // --- observing ---

  private onTrace(e: TraceEvent): void {
    const owner = this.ownerOf(e);
    const event: TraceEvent = { ...e, side: owner === 'server' ? 'server' : 'client' };
    this.events.push(event);
    if (e.goroutine === 'server.run' && e.step === 'go connection.run' && e.conn) {
      this.serverConns.add(e.conn);
      this.newServerConn = e.conn;
    }
    const g = e.goroutine === 'app' ? this.goroutines.byID(this.appID) : this.goroutines.find(e.goroutine, owner, e.conn);
    if (g) this.goroutines.change(g.id, { lastStep: e.step });
    const who = owner === 'server' || owner.startsWith('client') ? owner : 'server';
    const message = diagramSteps.test(e.step) ? { from: who, to: e.goroutine === 'app' ? 'app' : who, label: e.step } : undefined;
    this.addFrame('trace', formatTraceEvent(event), { event, actor: owner, ...(message ? { message } : {}) }, g?.id);
  }

  /** Which actor a trace event belongs to: by its connection ID, else by its goroutine. */
  private ownerOf(e: TraceEvent): string {
    if (e.conn && this.serverConns.has(e.conn)) return 'server';
    if (e.conn && this.clientConns.has(e.conn)) return this.clientConns.get(e.conn)!;
    if (e.goroutine !== 'connection.run' && e.goroutine !== 'transport.listen') return 'server';
    if (e.step.startsWith('server.') || e.step.startsWith('drop: server')) return 'server';
    return this.lastDeliveredTo ?? 'server';
  }

  private onGoroutineStart(name: string, id: number): void {
    const serverConn = name === 'connection.run' || name === 'handleNewConn' ? this.newServerConn : undefined;
    const owner = this.starting ?? (serverConn ? 'server' : this.lastDeliveredTo ?? 'server');
    this.goroutines.start(id, name, owner, owner === 'server' ? serverConn : undefined);
    if (name === 'handleNewConn') this.newServerConn = undefined;
    this.addFrame('go', `${time(this.clock.now())}  ${owner}: go ${name}`, { actor: owner });
  }

  private onGoroutineExit(name: string, id: number): void {
    const g = this.goroutines.byID(id);
    this.goroutines.exit(id);
    this.addFrame('exit', `${time(this.clock.now())}  ${g?.owner ?? '?'}: ${name} returns`, g ? { actor: g.owner } : {});
  }

  private onPacket(event: PacketEvent, p: PacketView): void {
    if (event === 'send' || event === 'held') {
      this.packets.push(p);
      if (p.scid && p.from.startsWith('client') && !this.clientConns.has(p.scid)) {
        this.clientConns.set(p.scid, p.from);
        const g = this.goroutines.find('connection.run', p.from);
        if (g && g.conn === undefined) this.goroutines.change(g.id, { conn: p.scid });
      }
    }
    if (event === 'deliver') this.lastDeliveredTo = p.to;
    const what = { send: 'sends', deliver: 'arrives', lost: 'lost', held: 'held', release: 'released' }[event];
    const line = `${time(this.clock.now())}  ${p.from} → ${p.to}  ${p.type}  ${p.size} bytes  #${p.id} ${what}`;
    const message = event === 'deliver' ? undefined : { from: p.from, to: p.to, label: `${p.type} ${p.size} B${event === 'send' || event === 'release' ? '' : ` (${what})`}` };
    this.addFrame(event, line, { packet: { ...p }, actor: p.from, ...(message ? { message } : {}) });
  }

  private addFrame(kind: Frame['kind'], line: string, extra: Partial<Frame> = {}, running?: number): void {
    if (this.ended) return;
    this.readWaits();
    this.frames.push({
      index: this.frames.length,
      t: this.clock.now(),
      kind,
      line,
      ...extra,
      goroutines: this.goroutines.snapshot(running),
      queues: this.queues(),
      packets: [...this.network.inFlight.values()].map((p) => ({ ...p })),
    });
  }

  /** Where the goroutines whose blocking point can vary wait now, read from their channels (Chan.waiting). */
  private readWaits(): void {
    if (this.server) {
      // The application blocks in accept exactly while its select waits on connQueue.
      const blocked = this.server.connQueue.waiting.receivers > 0;
      const waitsOn = blocked ? 'accept: select connQueue, errorChan' : this.inAccept ? 'accept: takes a queued connection' : 'not calling accept';
      this.goroutines.change(this.appID, { waitsOn });
    }
    // connection.run waits in its select; out of it, woken, it is running, about to, or in yieldToIO
    // (connection.ts: a packet woke it, and it lets the socket queue the rest of the burst first).
    for (const g of this.goroutines.live('connection.run')) {
      const conn = g.conn ? this.transports.get(g.owner)?.handlerMap.handlers.get(g.conn) : undefined;
      if (!(conn && 'receivedPackets' in conn)) continue;
      const atSelect = (conn as { receivedPackets: Chan<unknown> }).receivedPackets.waiting.receivers > 0;
      this.goroutines.change(g.id, { waitsOn: atSelect ? blockingPoint['connection.run'] : 'woken: out of its select (running, or in yieldToIO)' });
    }
  }

  private queues(): QueueView[] {
    const s = this.server;
    if (!s) return [];
    const zeroRTT = (s as unknown as { zeroRTTQueues: Map<string, unknown> }).zeroRTTQueues;
    return [
      { name: 'receivedPackets', owner: 'server', len: s.receivedPackets.length, cap: s.receivedPackets.capacity },
      { name: 'connQueue', owner: 'server', len: s.connQueue.length, cap: s.connQueue.capacity },
      { name: 'zeroRTTQueues', owner: 'server', len: zeroRTT.size, cap: Max0RTTQueues },
    ];
  }

  private result(): ScenarioResult {
    const queues = Object.fromEntries(this.queues().map((q) => [q.name, { len: q.len, cap: q.cap }]));
    return { clients: this.clients, accepted: this.accepted, events: this.events, packets: this.packets, queues, endedAt: this.clock.now(), notes: this.notes };
  }
}

/** Virtual ms as formatTraceEvent prints them. */
function time(ms: number): string {
  return `${ms.toFixed(1).padStart(8)}ms`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
