// Chapter 03: handleInitialImpl and the Retry. A server that validates addresses (Transport's
// VerifySourceAddress) answers an Initial without a token with a Retry packet carrying one
// (RFC 9000 §8.1.2, §17.2.5; server.go:610-619), and creates no connection yet. The client sends its
// Initial again with the token (a new DCID, the Retry's SCID); the token checks out and the
// handshake goes on, one round trip later.
import { check, type Scenario } from '../scenario.ts';

export const retry: Scenario = {
  id: 'retry',
  title: 'A Retry server asks for a token first',
  chapter: '03-handle-initial-impl',
  description:
    'The server validates every address with a Retry. The first Initial gets a Retry and no connection; the second Initial, with the token, starts the connection.',
  promise: 'one Retry, two Initials from the client, one connection created (for the second), and the client connects one round trip later than without Retry',
  defaults: { seed: 1, limitMs: 10_000 },
  async run(ctx) {
    ctx.listen({}, { retry: true });
    await ctx.dial();
  },
  expect(r) {
    const retries = r.packets.filter((p) => p.type === 'Retry');
    const initials = r.packets.filter((p) => p.from === 'client 1' && p.type.startsWith('Initial') && p.sentAt < (r.clients[0]?.endedAt ?? Infinity));
    const created = r.events.filter((e) => e.step === 'go connection.run');
    return [
      check('Retry packets the server sent', 1, retries.length),
      check('the client heard it', true, r.events.some((e) => e.step.startsWith('received Retry'))),
      check('connections the server created', 1, created.length),
      check('the connection starts after the Retry', true, created.length > 0 && retries.length > 0 && created[0]!.t > retries[0]!.sentAt),
      check('Initial datagrams the client sent first (without and with the token)', true, initials.length >= 2),
      check('the client', 'connected', r.clients[0]?.state),
      check('handshake time with 10 ms each way (ms): two round trips', 40, r.clients[0]?.endedAt),
    ];
  },
};
