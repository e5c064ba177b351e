// The playground's engine under Node: every scenario gives the outcome its chapter promises, a run
// repeats exactly for the same seed, and the frames show what the page draws (goroutines, queues,
// datagrams, held packets).
import { describe, expect, it } from 'vitest';
import { rerun, runScenario, scenarioIds, type Recording } from '../../playground/index.ts';

const runs = new Map<string, Promise<Recording>>();
/** One default run per scenario, shared by the tests that only read it. */
const recorded = (id: string) => runs.get(id) ?? runs.set(id, runScenario(id)).get(id)!;

describe('playground scenarios (Node)', () => {
  it.each(scenarioIds)('%s: the outcome the chapter promises', async (id) => {
    const rec = await recorded(id);
    const failed = rec.outcome.checks.filter((c) => !c.ok).map((c) => `${c.name}: expected ${c.expected}, got ${c.actual}`);
    expect(failed).toEqual([]);
    expect(rec.error).toBeUndefined();
    expect(rec.outcome.checks.length).toBeGreaterThan(2);
  }, 120_000);

  it('conn-queue-full: the frame of the refusal shows connQueue at 32/32 and the goroutines of the accept path', async () => {
    const rec = await recorded('conn-queue-full');
    const refusal = rec.frames.find((f) => f.event?.step === 'connQueue full: CONNECTION_REFUSED')!;
    expect(refusal).toBeDefined();
    expect(refusal.queues.find((q) => q.name === 'connQueue')).toMatchObject({ len: 32, cap: 32 });
    expect(refusal.queues.find((q) => q.name === 'receivedPackets')).toMatchObject({ cap: 1024 });
    const running = refusal.goroutines.filter((g) => g.state === 'running');
    expect(running.map((g) => `${g.owner} ${g.name}`)).toEqual(['server handleNewConn']);
    const server = new Set(refusal.goroutines.filter((g) => g.owner === 'server').map((g) => g.name));
    for (const name of ['transport.listen', 'server.run', 'connection.run', 'handleNewConn', 'app']) expect(server).toContain(name);
    expect(refusal.goroutines.find((g) => g.name === 'app')?.waitsOn).toBe('not calling accept');
    expect(refusal.goroutines.find((g) => g.name === 'server.run')?.waitsOn).toBe('select: errorChan, receivedPackets');
  }, 120_000);

  it('the app goroutine: blocked in accept while connQueue is empty (Chan.waiting), else taking a queued connection', async () => {
    const queued = await recorded('accept-one-by-one');
    const calls = queued.frames.filter((f) => f.line.endsWith('  app: calls accept'));
    expect(calls).toHaveLength(3);
    expect(calls.map((f) => f.goroutines.find((g) => g.name === 'app')?.waitsOn)).toEqual(Array(3).fill('accept: takes a queued connection'));
    const empty = await recorded('zero-rtt-before-initial'); // the second accept comes before the returning client's Initial
    const blocked = empty.frames.filter((f) => f.goroutines.find((g) => g.name === 'app')?.waitsOn === 'accept: select connQueue, errorChan');
    expect(blocked.length).toBeGreaterThan(3);
    // handleNewConn hands the connection straight to the waiting select, which returns it.
    const next = empty.frames.slice(blocked.at(-1)!.index + 1, blocked.at(-1)!.index + 3);
    expect(next.map((f) => `${f.event?.step} [${f.event?.queue?.len}/${f.event?.queue?.cap}]`)).toEqual(['connQueue <- conn [0/32]', 'accept ← connQueue [0/32]']);
  }, 120_000);

  it("connection.run is in its select while it waits, and out of it while it sends (Chan.waiting on its receivedPackets)", async () => {
    const rec = await recorded('accept-one-by-one');
    const clientRun = (i: number) => rec.frames[i]!.goroutines.find((g) => g.owner === 'client 1' && g.name === 'connection.run')?.waitsOn;
    const firstSend = rec.frames.find((f) => f.kind === 'send' && f.packet?.from === 'client 1')!;
    const arrival = rec.frames.find((f) => f.kind === 'deliver' && f.packet?.id === firstSend.packet!.id)!;
    expect(clientRun(firstSend.index)).toBe('woken: out of its select (running, or in yieldToIO)');
    expect(clientRun(arrival.index)).toBe('select: closeChan, timer, sendingScheduled, receivedPackets');
  }, 120_000);

  it('accept-one-by-one: the diagram has the datagrams', async () => {
    const rec = await recorded('accept-one-by-one');
    const arrows = rec.frames.flatMap((f) => (f.message && f.message.from !== f.message.to ? [f.message] : []));
    expect(arrows[0]).toEqual({ from: 'client 1', to: 'server', label: 'Initial 1280 B' });
    expect(arrows.some((m) => m.from === 'server' && m.to === 'client 1' && m.label.startsWith('Initial+Handshake'))).toBe(true);
    expect(rec.frames.some((f) => f.packets.some((p) => p.state === 'flight'))).toBe(true);
  }, 120_000);

  it('the same scenario and seed give the same trace; another seed on a lossy link does not', async () => {
    const lossy = { links: { toServer: { delayMs: 10, loss: 0.3 }, toClient: { delayMs: 10, loss: 0.3 } }, clients: 3 };
    const a = await runScenario('accept-one-by-one', { ...lossy, seed: 7 });
    const b = await runScenario('accept-one-by-one', { ...lossy, seed: 7 });
    const c = await runScenario('accept-one-by-one', { ...lossy, seed: 8 });
    expect(a.trace.length).toBeGreaterThan(50);
    expect(b.trace).toEqual(a.trace);
    expect(c.trace).not.toEqual(a.trace);
    expect(a.trace.some((l) => l.endsWith(' lost'))).toBe(true);
  }, 120_000);

  it('holds a datagram until a given time: the first Initial held 100 ms delays the handshake by as much', async () => {
    const plain = await recorded('retry');
    const held = await runScenario('retry', { holds: [{ packet: 1, releaseAt: 100 }] }); // before the client's first PTO (200 ms)
    const kinds = held.frames.filter((f) => f.packet?.id === 1).map((f) => f.kind);
    expect(kinds).toEqual(['held', 'release', 'deliver']);
    const frame = held.frames.find((f) => f.kind === 'held')!;
    expect(frame.packets).toContainEqual(expect.objectContaining({ id: 1, state: 'held', from: 'client 1', to: 'server' }));
    expect(held.outcome.checks.find((c) => c.name.startsWith('handshake time'))?.actual).toBe(String(Number(plain.outcome.checks.find((c) => c.name.startsWith('handshake time'))!.actual) + 100));
  }, 120_000);

  it('holding a datagram changes nothing before it: the frames up to its send are the same', async () => {
    const plain = await recorded('retry');
    const sent = plain.frames.find((f) => f.kind === 'send' && f.packet?.id === 3)!; // the Initial with the token
    const held = await rerun(plain, { holds: [{ packet: 3 }] });
    expect(held.options).toEqual({ holds: [{ packet: 3 }] });
    expect(held.trace.slice(0, sent.index)).toEqual(plain.trace.slice(0, sent.index));
    expect(held.frames[sent.index]).toMatchObject({ kind: 'held', actor: 'client 1', packet: { id: 3, type: 'Initial', state: 'held' } });
    expect(held.trace).not.toEqual(plain.trace);
  }, 120_000);

  it('names an unknown scenario', async () => {
    await expect(runScenario('no-such-scenario')).rejects.toThrow(/no scenario no-such-scenario; there are: accept-one-by-one/);
  });
});
