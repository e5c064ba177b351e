// Chapter 11 scenario: the connection-ID collision branch of handleInitialImpl, forced. While
// handleInitialImpl runs, getConfigForClient puts the client's DCID in the handler map for another
// handler (in Go, another goroutine could do so at that moment). addWithConnID then fails, the new
// connection is refused with closeWithTransportError, which waits for a run() nobody started, and
// server.run stops: a second client gets no answer. Exercise 11.1 fixes it.
import dgram from 'node:dgram';
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import { connIDToHex } from '../../src/internal/protocol/protocol.ts';
import type { packetHandler } from '../../src/packet_handler_map.ts';
import { Transport } from '../../src/transport.ts';
import { dialAddr } from '../../src/quic.ts';
import { listenUDP, type receivedPacket } from '../../src/sys_conn.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { clientInitial } from '../../test/e2e/net.ts';

const cert = generateSelfSignedCertificate();
const tls = { certificates: [{ chain: [cert.certificate], privateKey: cert.privateKey }], nextProtos: ['HLD'] };
const t = new Transport(await listenUDP('127.0.0.1:0', systemClock), {}, true, false);
const owner: packetHandler & { packets: receivedPacket[] } = {
  packets: [],
  handlePacket(p) {
    this.packets.push(p);
  },
  destroy() {},
  closeWithTransportError() {},
};
const initial = clientInitial({ datagramSize: 1200 });
let collide = true;
const ln = t.Listen(tls, {
  getConfigForClient: () => {
    if (collide) t.handlerMap.add(initial.dcid, owner); // between the second look-up and addWithConnID
    collide = false;
    return {};
  },
});
const port = ln.addr().port;
console.log(`1. the client's DCID ${connIDToHex(initial.dcid)} is added for another handler inside handleInitialImpl`);

const raw = dgram.createSocket('udp4');
await new Promise<void>((r) => raw.bind(0, '127.0.0.1', r));
raw.send(initial.datagram, port, '127.0.0.1');
// Until handleInitialImpl has called getConfigForClient (a busy machine may take a while), then a moment for the rest of it.
for (const end = performance.now() + 5000; collide && performance.now() < end; ) await new Promise((r) => setTimeout(r, 5));
await new Promise((r) => setTimeout(r, 50));
console.log(`2. addWithConnID failed; the DCID still leads to the other handler: ${t.handlerMap.get(initial.dcid) === owner}; it got ${owner.packets.length} packets`);

const signal = AbortSignal.timeout(1_000);
const second = await dialAddr(`127.0.0.1:${port}`, { nextProtos: ['HLD'], insecureSkipVerify: true }, {}, signal).then(
  () => 'handshake done',
  () => 'no answer within 1000 ms',
);
console.log(`3. a second client: ${second} (server.run waits in closeWithTransportError for a run() never started)`);
raw.close();
t.close();
process.exit(0);
