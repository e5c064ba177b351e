// Chapter 04: handlePacketImpl's first checks. RFC 9000 §14.1: a client's Initial must travel in a
// datagram of at least 1,200 bytes, so that the server's answer (up to three times what it
// received, §8.1) cannot be used for amplification. This client pads to 1,199 (our client cannot be
// told to: its Initial is rewritten on the way, one byte and its Length field shorter). The server
// drops each such datagram before it decrypts anything (server.go:438-444), creates no connection,
// and the client gives up after HandshakeIdleTimeout (5 s).
import { parsePacket } from '../../src/internal/wire/header.ts';
import { putVarint } from '../../src/internal/wire/varint.ts';
import { check, type Scenario } from '../scenario.ts';

const size = 1199;

/**
 * Cuts a datagram holding one long header packet to `to` bytes, and its Length field with it, so
 * that the header still parses: the server sees a well-formed Initial in a datagram too small.
 * (The Length field is in the AEAD's associated data: the packet would no longer decrypt, but the
 * server drops it by size before it tries.)
 */
function shorten(d: Uint8Array, to: number): Uint8Array {
  const { hdr, rest } = parsePacket(d);
  const cut = d.length - to;
  if (cut <= 0 || rest.length > 0) return d;
  const out = d.slice(0, to);
  for (const n of [1, 2, 4, 8] as const) {
    const start = hdr.parsedLen - n;
    if (start > 0 && 1 << (out[start]! >> 6) === n) {
      putVarint(out, start, hdr.length - cut, n);
      return out;
    }
  }
  return out;
}

export const smallInitial: Scenario = {
  id: 'small-initial',
  title: 'An Initial in a datagram of 1,199 bytes is dropped',
  chapter: '04-handle-packet-impl',
  description:
    'Each Initial datagram of the client is 1,199 bytes, one short of the minimum. The server drops them by size, before decrypting anything, and never creates a connection.',
  promise: 'every Initial datagram (1,199 bytes) is dropped by server.run, no connection is created, and the client times out after 5 s',
  defaults: { seed: 1, limitMs: 10_000 },
  async run(ctx) {
    ctx.listen();
    await ctx.dial({ initialPacketSize: 1200 }, { rewrite: (d) => shorten(d, size) });
  },
  expect(r) {
    const toServer = r.packets.filter((p) => p.to === 'server');
    const drops = r.events.filter((e) => e.goroutine === 'server.run' && e.step.startsWith('drop: Initial in a datagram of 1199 bytes'));
    const client = r.clients[0];
    return [
      check('sizes of the datagrams the server got', `${size}`, [...new Set(toServer.map((p) => p.size))].join(', ')),
      check('datagrams dropped by server.run for their size', toServer.length, drops.length),
      check('connections the server created', 0, r.events.filter((e) => e.step === 'go connection.run').length),
      check('the client', 'failed: timeout: no recent network activity', `${client?.state}: ${client?.error}`),
      check('when the client gives up (ms)', 5000, client?.endedAt),
    ];
  },
};
