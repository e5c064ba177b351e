// Chapter 04: an unknown version. The server speaks only QUIC v2 (RFC 9369); the client starts
// with v1. The server cannot read an Initial of a version it does not speak, so server.run hands
// it to the send queue, which answers with a Version Negotiation packet listing v2 (RFC 9000 §6.1,
// §17.2.1; server.go:403-415, 887-893). The client starts again with v2 (RFC 9368 is not used: quic-go
// v0.47.0 does not do compatible version negotiation) and connects.
import { Version1, Version2 } from '../../src/index.ts';
import { check, type Scenario } from '../scenario.ts';

export const versionNegotiation: Scenario = {
  id: 'version-negotiation',
  title: 'An unknown version gets a Version Negotiation packet',
  chapter: '04-handle-packet-impl',
  description:
    'The server speaks QUIC v2 only and the client starts with v1. The server answers the v1 Initial with a Version Negotiation packet; the client dials again with v2 and connects.',
  promise: 'the server sends one Version Negotiation packet, creates no connection for the v1 Initial, and the client connects with v2',
  defaults: { seed: 1, limitMs: 10_000 },
  async run(ctx) {
    ctx.listen({ versions: [Version2] });
    await ctx.dial({ versions: [Version1, Version2] });
  },
  expect(r) {
    const fromClient = r.packets.filter((p) => p.from === 'client 1' && p.type.startsWith('Initial'));
    const vn = r.packets.filter((p) => p.type === 'Version Negotiation');
    return [
      check('Version Negotiation packets the server sent', 1, vn.length),
      check("the client's Initials, by version", 'v1, v2', [...new Set(fromClient.map((p) => (p.version === Version2 ? 'v2' : 'v1')))].join(', ')),
      check('the client heard it', true, r.events.some((e) => e.step.startsWith('received Version Negotiation'))),
      check('connections the server created', 1, r.events.filter((e) => e.step === 'go connection.run').length),
      check('the client', 'connected', r.clients[0]?.state),
    ];
  },
};
