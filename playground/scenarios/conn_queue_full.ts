// Chapter 02: who fills connQueue. Clients complete their handshakes while the application never
// calls accept: handleNewConn puts each connection in connQueue (MaxAcceptQueueSize = 32,
// server.go:722-726); once it is full, the next one is closed with CONNECTION_REFUSED
// (RFC 9000 §20.1), after its handshake, so that client's dial succeeds and its connection then ends.
import { check, type Scenario } from '../scenario.ts';

export const connQueueFull: Scenario = {
  id: 'conn-queue-full',
  title: 'connQueue fills to 32; the 33rd connection is refused',
  chapter: '02-who-fills-connqueue',
  description:
    'Clients dial one millisecond apart and nobody calls accept. Each completed handshake lands in connQueue; the 33rd finds it full and handleNewConn closes it with CONNECTION_REFUSED.',
  promise: 'connQueue ends at 32/32; 32 connections wait in it; the 33rd client is closed with CONNECTION_REFUSED',
  defaults: { seed: 1, clients: 33, limitMs: 10_000 },
  async run(ctx) {
    ctx.listen();
    ctx.note('nobody calls accept');
    const dials = [];
    for (let i = 0; i < ctx.options.clients; i++) {
      dials.push(ctx.dial());
      await ctx.sleep(1);
    }
    await Promise.all(dials);
    await ctx.sleep(100); // the refused connection's CONNECTION_CLOSE reaches its client
  },
  expect(r) {
    const capacity = r.queues.connQueue!.cap;
    const refused = r.clients.filter((c) => c.closeError?.includes('CONNECTION_REFUSED')).map((c) => c.name);
    const queued = r.events.filter((e) => e.step === 'connQueue <- conn').length;
    return [
      check('connQueue at the end', `${capacity}/${capacity}`, `${r.queues.connQueue!.len}/${r.queues.connQueue!.cap}`),
      check('connections queued by handleNewConn', Math.min(capacity, r.clients.length), queued),
      check('clients closed with CONNECTION_REFUSED', r.clients.slice(capacity).map((c) => c.name).join(', '), refused.join(', ')),
      check('connections accepted', 0, r.accepted.length),
    ];
  },
};
