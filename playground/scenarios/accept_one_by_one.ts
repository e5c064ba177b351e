// Chapter 01: the listener's accept. Three handshakes complete while the application is busy; their
// connections wait in connQueue. Then the application calls accept three times, 100 ms apart: each
// call takes the oldest connection (server.go:329-338) and connQueue drains 3 → 2 → 1 → 0.
import { check, type Scenario } from '../scenario.ts';

export const acceptOneByOne: Scenario = {
  id: 'accept-one-by-one',
  title: 'accept takes the connections one by one',
  chapter: '01-listener-accept',
  description:
    'Three clients connect while the application does not call accept; their connections wait in connQueue. Then accept is called three times, 100 ms apart, and each call takes the oldest one.',
  promise: 'connQueue rises to 3/32, then each accept takes one: 2, 1, 0 left; the three connections are accepted in the order they were queued',
  defaults: { seed: 1, clients: 3, limitMs: 10_000 },
  async run(ctx) {
    const ln = ctx.listen();
    const dials = [];
    for (let i = 0; i < ctx.options.clients; i++) {
      dials.push(ctx.dial());
      await ctx.sleep(5);
    }
    await Promise.all(dials);
    await ctx.sleep(50); // the last handshake completes on the server half an RTT after the client
    ctx.note(`${ctx.options.clients} connections wait in connQueue; the application starts calling accept`);
    for (let i = 0; i < ctx.options.clients; i++) {
      await ctx.accept(ln);
      await ctx.sleep(100);
    }
  },
  expect(r) {
    const queued = r.events.filter((e) => e.step === 'connQueue <- conn');
    const accepts = r.events.filter((e) => e.step === 'accept ← connQueue');
    const n = r.clients.length;
    return [
      check('connQueue when the first accept is called', `${n}/32`, `${queued.at(-1)?.queue?.len}/${queued.at(-1)?.queue?.cap}`),
      check('connQueue after each accept', Array.from({ length: n }, (_, i) => n - 1 - i).join(', '), accepts.map((e) => e.queue?.len).join(', ')),
      check('connections accepted, in queue order', queued.map((e) => e.conn).join(', '), r.accepted.join(', ')),
      check('connQueue at the end', '0/32', `${r.queues.connQueue!.len}/${r.queues.connQueue!.cap}`),
    ];
  },
};
