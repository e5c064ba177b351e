// What a scenario is: a script over the real API (src/index.ts) run by the engine on the in-memory
// network, and the outcome its chapter promises, stated as checks a test (or the page) can verify.
import type { Config, Connection, EarlyListener, Listener } from '../src/index.ts';
import type { QUICTLSConfig } from '../src/internal/handshake/crypto_setup.ts';
import type { ManualClock } from '../src/internal/utils/clock.ts';
import type { UDPAddr } from '../src/internal/utils/udp_addr.ts';
import type { LinkConditions } from '../src/memory_packet_conn.ts';
import type { TraceEvent } from '../src/trace.ts';
import type { HoldRule, PacketView, PlaygroundNetwork } from './network.ts';

export interface RunOptions {
  /** Seeds the network's links and the stack's randomness (default: the scenario's). */
  seed?: number;
  /** For scenarios that dial several clients. */
  clients?: number;
  /** Conditions of every client's link, per direction (default: 10 ms one way, nothing lost). */
  links?: { toServer?: LinkConditions; toClient?: LinkConditions };
  /** Datagrams to hold back, on top of the scenario's own. */
  holds?: HoldRule[];
  /** Virtual time after which the run stops (default: the scenario's). */
  limitMs?: number;
}

export interface ClientResult {
  name: string;
  state: 'dialing' | 'connected' | 'failed';
  /** Virtual ms of the dial's start and of its end. */
  dialedAt: number;
  endedAt?: number;
  /** The error's message, for a failed dial ("… CONNECTION_REFUSED …", "timeout: …"). */
  error?: string;
  /** The client's connection, once connected. */
  conn?: Connection;
  /** When and why that connection closed afterwards (e.g. "… CONNECTION_REFUSED …"). */
  closedAt?: number;
  closeError?: string;
}

export interface DialOptions {
  /** Rewrites every datagram this client sends (e.g. cuts its Initial datagram to 1,199 bytes). */
  rewrite?: (data: Uint8Array) => Uint8Array;
  tls?: Partial<QUICTLSConfig>;
  /** dialEarly instead of dial (0-RTT, RFC 9001 §4.6.1). */
  early?: boolean;
}

export interface ServerOptions {
  /** Answer every Initial without a token with a Retry (Transport's VerifySourceAddress, RFC 9000 §8.1.2). */
  retry?: boolean;
  /** listenEarly: accept 0-RTT (RFC 9001 §4.6.1). */
  early?: boolean;
}

/** What a scenario script works with. Every promise it awaits resolves on the virtual clock. */
export interface ScenarioContext {
  readonly clock: ManualClock;
  readonly network: PlaygroundNetwork;
  readonly options: Required<Pick<RunOptions, 'seed' | 'clients' | 'limitMs'>> & RunOptions;
  /** The server, on 10.0.0.1:443, actor 'server'. */
  listen(config?: Config, opts?: ServerOptions): Listener | EarlyListener;
  /** A new client ('client 1', 'client 2', … on 10.0.1.N) dialing the server; never rejects. */
  dial(config?: Config, opts?: DialOptions): Promise<ClientResult>;
  /** The address of an actor ('client 1'), e.g. for network.rewrite. */
  addressOf(name: string): UDPAddr;
  /** The application calls accept (shown as the goroutine 'app'). */
  accept(ln: Listener | EarlyListener): Promise<Connection>;
  /** Waits `ms` of virtual time. */
  sleep(ms: number): Promise<void>;
  /** Resolves when `p` settles or `ms` of virtual time have passed, whichever comes first. */
  within<T>(p: Promise<T>, ms: number): Promise<T | undefined>;
  /** A line in the trace for the reader ("nobody calls accept"). */
  note(text: string): void;
}

/** Everything a run produced, for the scenario's checks. */
export interface ScenarioResult {
  clients: ClientResult[];
  /** The connections the application's accept returned, in order (hex of the server's connection ID). */
  accepted: string[];
  /** Trace events, with side set. */
  events: TraceEvent[];
  /** Every datagram, with its final state. */
  packets: PacketView[];
  /** Queue levels at the end: receivedPackets, connQueue, zeroRTTQueues. */
  queues: Record<string, { len: number; cap: number }>;
  /** Virtual ms at the end of the run. */
  endedAt: number;
  /** The scenario's notes (ScenarioContext.note), in order. */
  notes: string[];
}

export interface Check {
  name: string;
  expected: string;
  actual: string;
  ok: boolean;
}

export interface Outcome {
  ok: boolean;
  checks: Check[];
}

export interface Scenario {
  id: string;
  title: string;
  /** The chapter folder that tells this story, e.g. '02-who-fills-connqueue'. */
  chapter: string;
  description: string;
  /** The outcome the chapter promises, in one sentence. */
  promise: string;
  defaults: { seed: number; clients?: number; limitMs: number };
  run(ctx: ScenarioContext): Promise<void>;
  expect(result: ScenarioResult): Check[];
}

/** One check: `actual` must equal `expected` (compared as text, which is also how they are shown). */
export function check(name: string, expected: unknown, actual: unknown): Check {
  const e = String(expected);
  const a = String(actual);
  return { name, expected: e, actual: a, ok: e === a };
}
