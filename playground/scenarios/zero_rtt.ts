// Chapter 04: a 0-RTT packet that arrives before its Initial. A client resuming a session sends
// its request in 0-RTT packets right behind its Initial (RFC 9001 §4.6.1); UDP may deliver them
// first. The server has no connection for their DCID yet: an EarlyListener queues them in
// zeroRTTQueues (at most 32 DCIDs, 31 packets each; server.go:467-507) and hands them to the
// connection right after the Initial creates it (server.go:709-713), so the request is not lost
// and needs no retransmission. Here the returning client's Initial is held back 25 ms on its way.
import type { ClientSessionCache, ClientSessionState } from '../../src/internal/tls/config.ts';
import { check, type Scenario } from '../scenario.ts';

const requestSize = 3000; // a few 0-RTT packets
const initialDelayMs = 25;

/** A client session cache that says when its first ticket arrives. */
function ticketCache(): ClientSessionCache & { first: Promise<void> } {
  const sessions = new Map<string, ClientSessionState>();
  let arrived!: () => void;
  const first = new Promise<void>((r) => (arrived = r));
  return {
    first,
    get: (k) => sessions.get(k),
    set: (k, s) => (sessions.set(k, s), arrived()),
    delete: (k) => sessions.delete(k),
  };
}

export const zeroRTTBeforeInitial: Scenario = {
  id: 'zero-rtt-before-initial',
  title: 'A 0-RTT packet arrives before its Initial',
  chapter: '04-handle-packet-impl',
  description: `A client resumes its session and sends a ${requestSize}-byte request in 0-RTT packets; its Initial is held back ${initialDelayMs} ms, so they reach the server first. The server queues them in zeroRTTQueues and hands them to the connection once the Initial has created it.`,
  promise: 'the 0-RTT packets are queued (zeroRTTQueues 1/32) until the Initial arrives, then handed over; the server connection used 0-RTT and read the whole request',
  defaults: { seed: 1, limitMs: 10_000 },
  async run(ctx) {
    const ln = ctx.listen({ allow0RTT: true }, { early: true });
    const cache = ticketCache();
    const first = await ctx.dial({}, { tls: { clientSessionCache: cache } });
    await ctx.accept(ln);
    await ctx.within(cache.first, 1000);
    first.conn?.closeWithError(0, '');
    ctx.note('client 1 holds a session ticket and closes; it comes back as client 2, with 0-RTT');

    ctx.network.hold({ from: 'client 2', to: 'server', type: 'Initial', releaseAt: ctx.clock.now() + initialDelayMs });
    const returning = await ctx.dial({}, { early: true, tls: { clientSessionCache: cache } });
    const str = returning.conn!.openStream();
    await str.write(new Uint8Array(requestSize).fill(0x2a));
    str.close();

    const conn = await ctx.accept(ln);
    const got = await conn.acceptStream();
    let n = 0;
    for await (const chunk of got) n += chunk.length;
    ctx.note(`server: read ${n} bytes of the request; used0RTT = ${conn.connectionState().used0RTT}`);
  },
  expect(r) {
    const queued = r.events.filter((e) => e.step === '0-RTT packet queued');
    const handed = r.events.find((e) => e.step === 'hands the queued 0-RTT packets to the connection');
    const zeroRTT = r.packets.filter((p) => p.from === 'client 2' && p.type === '0-RTT');
    const initial = r.packets.find((p) => p.from === 'client 2' && p.type.startsWith('Initial'));
    const read = r.notes.find((n) => n.startsWith('server: read'));
    return [
      check('0-RTT datagrams of client 2 sent before its Initial arrived', true, zeroRTT.length > 0 && zeroRTT[0]!.sentAt < (initial?.arriveAt ?? 0)),
      check('zeroRTTQueues when the first one is queued', '1/32', queued[0] ? `${queued[0].queue?.len}/${queued[0].queue?.cap}` : 'never'),
      check('queued 0-RTT packets handed to the new connection', true, handed !== undefined),
      check('the server read the request', `server: read ${requestSize} bytes of the request; used0RTT = true`, read),
      check('zeroRTTQueues at the end', '0/32', `${r.queues.zeroRTTQueues!.len}/${r.queues.zeroRTTQueues!.cap}`),
    ];
  },
};
