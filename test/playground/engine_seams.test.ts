// The seams of src/ the playground runs through: a seeded random source (rand.ts), Node's modules
// looked up on first use (node_builtin.ts), the trace on a given clock (trace.ts), and goroutine ids
// in go()'s hook (goroutine.ts).
import { isIP as netIsIP } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { go, setGoroutineHook } from '../../src/internal/utils/goroutine.ts';
import { hasNodeBuiltins, nodeBuiltin } from '../../src/internal/utils/node_builtin.ts';
import { isIP } from '../../src/internal/x509/ip.ts';
import { random, randomBytes, setRandomSource, type RandomSource } from '../../src/internal/utils/rand.ts';
import { seededRandom } from '../../src/memory_packet_conn.ts';
import { setTraceSink, trace, type TraceEvent } from '../../src/trace.ts';

function seeded(seed: number): RandomSource {
  const r = seededRandom(seed);
  return { float: r, fill: (out) => out.forEach((_, i) => (out[i] = Math.floor(r() * 256))) };
}

const draw = () => ({ bytes: Array.from(randomBytes(16)), big: Array.from(randomBytes(2000)).slice(0, 8), float: random() });

afterEach(() => {
  setRandomSource(undefined);
  setGoroutineHook(undefined);
  setTraceSink(undefined);
  vi.restoreAllMocks();
});

describe('rand.ts: setRandomSource', () => {
  it('makes randomBytes (pooled and large) and random() repeat for the same seed, and differ for another', () => {
    setRandomSource(seeded(1));
    const a = [draw(), draw()];
    setRandomSource(seeded(1));
    const b = [draw(), draw()];
    setRandomSource(seeded(2));
    const c = [draw(), draw()];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('hands out no byte drawn before the switch, and undefined goes back to the system (Math.random read at each call)', () => {
    randomBytes(8); // fills the pool from the system
    setRandomSource(seeded(1));
    const first = Array.from(randomBytes(16));
    setRandomSource(seeded(1));
    expect(Array.from(randomBytes(16))).toEqual(first);
    setRandomSource(undefined);
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    expect(random()).toBe(0.25);
  });
});

describe('node_builtin.ts', () => {
  it("returns Node's module in Node, and says where it is missing", () => {
    expect(hasNodeBuiltins()).toBe(true);
    expect(typeof nodeBuiltin('node:crypto').createCipheriv).toBe('function');
    const p = globalThis.process as { getBuiltinModule?: unknown };
    const saved = p.getBuiltinModule;
    try {
      p.getBuiltinModule = undefined; // as in a browser
      expect(hasNodeBuiltins()).toBe(false);
      expect(() => nodeBuiltin('node:dgram')).toThrow('node:dgram is only available in Node (here, use the in-memory network and the noble crypto backend)');
    } finally {
      p.getBuiltinModule = saved;
    }
  });
});

describe('x509/ip.ts isIP, which replaces node:net\'s in the TLS client (SNI) and the socket lookup', () => {
  it('answers as node:net does', () => {
    const cases = ['127.0.0.1', '0.0.0.0', '::', '::1', 'fe80::1%eth0', '::ffff:1.2.3.4', '2001:db8::1', '1.2.3', '01.2.3.4', '256.1.1.1', '1::2::3', '[::1]', 'localhost', 'example.com', ''];
    expect(cases.map((c) => `${c} ${isIP(c)}`)).toEqual(cases.map((c) => `${c} ${netIsIP(c)}`));
  });
});

describe('trace.ts and goroutine.ts seams', () => {
  it("times trace events on the clock it is given, from the moment tracing starts", () => {
    let now = 1000;
    const events: TraceEvent[] = [];
    setTraceSink((e) => events.push(e), () => now);
    now = 1012.34;
    trace('server.run', 'handlePacketImpl');
    expect(events).toEqual([{ t: 12.3, goroutine: 'server.run', step: 'handlePacketImpl' }]);
  });

  it('gives each goroutine its own id in the hook, for its start and its exit', async () => {
    const seen: string[] = [];
    setGoroutineHook((event, name, id) => seen.push(`${event} ${name} ${id}`));
    await Promise.all([go('connection.run', () => {}), go('connection.run', () => {})]);
    const ids = seen.map((s) => Number(s.split(' ')[2]));
    expect(new Set(ids).size).toBe(2);
    expect(seen.filter((s) => s.startsWith('start')).map((s) => s.split(' ')[2])).toEqual(seen.filter((s) => s.startsWith('exit')).map((s) => s.split(' ')[2]));
  });
});
