// Chapter 04 scenario: handlePacketImpl, the server's first look at a packet for a connection that
// does not exist yet. Hand-made datagrams from a bare UDP socket, each stopped by a different check,
// then a real client that gets through to handleInitialImpl, and a resumed client's 0-RTT packets
// (RFC 9001 §4.6) before and after its Initial.
import dgram from 'node:dgram';
import { clientTLSConfig } from '../../src/cmd/tls_setup.ts';
import type { ClientSessionState } from '../../src/internal/tls/config.ts';
import { PacketType } from '../../src/internal/protocol/protocol.ts';
import { parsePacket } from '../../src/internal/wire/header.ts';
import { dialAddr, dialAddrEarly } from '../../src/quic.ts';
import { isReservedVersion, versionName } from '../../src/internal/protocol/version.ts';
import { parseVersionNegotiationPacket } from '../../src/internal/wire/version_negotiation.ts';
import { setTraceSink } from '../../src/trace.ts';
import { alpn, connID, dial, hex, listen, listenEarly, longHeaderDatagram, patientClock, printTrace, RawSocket, sleep, within } from '../00-setup-and-map/lab.ts';

const unknownVersion = 0xff00001d; // draft-29: a version our server does not speak
const raw = await RawSocket.open();
const ln = await listen();
const port = ln.addr().port;
console.log(`server listening on 127.0.0.1:${port}`);
const trace = printTrace((e) => e.goroutine === 'server.run' || e.goroutine === 'server.runSendQueue');

/** Sends one datagram and waits for the server's verdict on it; then for a reply, if one was sent. */
async function send(what: string, datagram: Uint8Array): Promise<Uint8Array | undefined> {
  console.log(what);
  const verdict = trace.verdict();
  await raw.send(datagram, port);
  return (await verdict).startsWith('sent') ? raw.next(5000) : undefined;
}

await send('1. an Initial in a datagram of 1199 bytes', longHeaderDatagram({ size: 1199 }));

const scid = connID(4, 0xa0);
const vn = await send(`2. version 0x${unknownVersion.toString(16)}, 1200 bytes`, longHeaderDatagram({ version: unknownVersion, scid, size: 1200 }));
if (vn) {
  const { destConnID, versions } = parseVersionNegotiationPacket(vn);
  const offered = versions.filter((v) => !isReservedVersion(v)).map(versionName);
  const greased = versions.length - offered.length;
  console.log(`   Version Negotiation (${vn.length} bytes): ${offered.join(', ')} and ${greased} reserved (greasing) version`);
  console.log(`   its DCID is our SCID: ${hex(destConnID) === hex(scid)}`);
}

await send(`3. version 0x${unknownVersion.toString(16)}, 1199 bytes`, longHeaderDatagram({ version: unknownVersion, size: 1199 }));
await send('4. a Handshake packet for a connection the server does not know', longHeaderDatagram({ type: PacketType.Handshake, size: 1200 }));
await send('5. a 0-RTT packet, and this is not an early listener', longHeaderDatagram({ type: PacketType.ZeroRTT, size: 1200 }));

console.log('6. our client: a 1280-byte Initial of version 1');
const conn = await dial(ln, { clock: patientClock });
setTraceSink(undefined);
conn.closeWithError(0, '');
raw.close();
ln.close();

/**
 * A UDP relay between one client at a time and the server. With `holdInitial` it keeps a new
 * client's first datagram (its Initial) until the next one (a 0-RTT packet) has gone through, as a
 * network that reorders them would. Every other datagram of the client waits until the server has
 * answered, that is until the connection exists, however long the server takes on a busy machine.
 */
class ReorderingRelay {
  holdInitial = false;
  private client: dgram.RemoteInfo | undefined;
  private held: Buffer | undefined;
  /** The client's datagrams that wait for the server's first answer. */
  private waiting: Buffer[] | undefined;
  private closed = false;

  private constructor(
    private readonly front: dgram.Socket,
    private readonly back: dgram.Socket,
    serverPort: number,
  ) {
    const toServer = (msg: Buffer) => this.closed || back.send(msg, serverPort, '127.0.0.1');
    front.on('message', (msg, from) => {
      if (from.port !== this.client?.port) {
        this.client = from; // a new connection: this is its first datagram
        this.waiting = [];
        if (this.holdInitial) {
          this.held = msg;
          console.log(`   relay: holds the client's first datagram back (${packetType(msg)}, ${msg.length} bytes)`);
          setTimeout(() => this.release(toServer), 1000); // in case nothing follows it
          return;
        }
        toServer(msg);
        return;
      }
      if (this.held) {
        console.log(`   relay: lets the next one overtake it (${packetType(msg)}, ${msg.length} bytes)`);
        toServer(msg);
        this.release(toServer);
        return;
      }
      if (this.waiting) this.waiting.push(msg);
      else toServer(msg);
    });
    back.on('message', (msg) => {
      for (const m of this.waiting ?? []) toServer(m);
      this.waiting = undefined;
      if (this.client) front.send(msg, this.client.port, '127.0.0.1');
    });
  }

  private release(toServer: (msg: Buffer) => void): void {
    if (this.held) toServer(this.held);
    this.held = undefined;
  }

  static async open(serverPort: number): Promise<ReorderingRelay> {
    const bind = async () => {
      const s = dgram.createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
      return s;
    };
    return new ReorderingRelay(await bind(), await bind(), serverPort);
  }

  get port(): number {
    return this.front.address().port;
  }

  close(): void {
    this.closed = true;
    this.front.close();
    this.back.close();
  }
}

/** The type of the datagram's first packet, as RFC 9000 §17.2 names it. */
function packetType(datagram: Uint8Array): string {
  const type = parsePacket(datagram).hdr.type;
  return type === PacketType.ZeroRTT ? '0-RTT' : PacketType[type]!;
}

/** A client TLS config whose session cache keeps the tickets of earlier connections (RFC 8446 §4.6.1). */
function resumingClientTLS() {
  const cache = new Map<string, ClientSessionState>();
  let wake: (() => void) | undefined;
  const clientSessionCache = {
    get: (k: string) => cache.get(k),
    set: (k: string, state: ClientSessionState) => {
      cache.set(k, state);
      wake?.();
    },
    delete: (k: string) => cache.delete(k),
  };
  const ticket = () => within(cache.size > 0 ? Promise.resolve() : new Promise<void>((r) => (wake = r)), 5000, 'session ticket');
  return { tls: { ...clientTLSConfig({ alpn: [alpn] }), clientSessionCache }, ticket };
}

// 7-8. An EarlyListener that accepts 0-RTT, and a client that got a session ticket from a first,
//      full handshake. It resumes with dialAddrEarly and sends its request in 0-RTT packets, right
//      behind its Initial (RFC 9001 §4.6.1).
const early = await listenEarly({ allow0RTT: true });
const relay = await ReorderingRelay.open(early.addr().port);
const client = resumingClientTLS();
const server = (async () => {
  for (;;) {
    const c = await early.accept().catch(() => undefined);
    if (!c) return;
    void (async () => {
      const str = await c.acceptStream();
      let request = '';
      for await (const chunk of str) request += new TextDecoder().decode(chunk);
      await str.write(new TextEncoder().encode(`you said: ${request}`));
      str.close();
    })().catch(() => {});
  }
})();
{
  const first = await dialAddr(`127.0.0.1:${relay.port}`, client.tls, { clock: patientClock });
  await client.ticket();
  first.closeWithError(0, '');
}

async function resume(holdInitial: boolean): Promise<void> {
  relay.holdInitial = holdInitial;
  printTrace((e) => e.goroutine === 'server.run');
  const c = await dialAddrEarly(`127.0.0.1:${relay.port}`, client.tls, { clock: patientClock });
  const str = c.openStream();
  await str.write(new TextEncoder().encode('hello in 0-RTT'));
  str.close();
  let answer = '';
  for await (const chunk of str) answer += new TextDecoder().decode(chunk);
  setTraceSink(undefined);
  console.log(`   client: "${answer}", 0-RTT used: ${c.connectionState().used0RTT}`);
  c.closeWithError(0, '');
  await sleep(50);
}

console.log('7. a resumed client; the relay delivers its 0-RTT packet before its Initial');
await resume(true);
console.log('8. the same client again, its Initial first');
await resume(false);
relay.close();
early.close();
await server;
