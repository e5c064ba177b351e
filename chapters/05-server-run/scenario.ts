// Chapter 05 scenario: baseServer.run, the one goroutine behind receivedPackets. A real client's
// Initial goes Transport.listen → server.handlePacket → receivedPackets → server.run; then the
// scenario plays a listen loop that outruns the server (1030 datagrams in one go): 1 is handed to
// the waiting run goroutine, 1024 fill the queue, 5 are dropped. Closing the server right after
// shows shutdown priority: run checks errorChan before it takes the next packet.
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import { listenAddr } from '../../src/quic.ts';
import { dialAddr } from '../../src/quic.ts';
import { patientClock } from '../00-setup-and-map/lab.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';

const cert = generateSelfSignedCertificate();
const events: TraceEvent[] = [];
setTraceSink((e) => events.push(e));
const line = (e: TraceEvent) =>
  `  ${e.goroutine.padEnd(16)} ${e.step}${e.queue ? `  [${e.queue.name} ${e.queue.len}/${e.queue.cap}]` : ''}`;

const ln = await listenAddr('127.0.0.1:0', { certificates: [{ chain: [cert.certificate], privateKey: cert.privateKey }], nextProtos: ['HLD'] });
const server = ln.baseServer;
console.log(`server on 127.0.0.1:${ln.addr().port}; receivedPackets holds ${server.receivedPackets.capacity} packets`);

// 1. A real client. Only its first datagram is the server's business.
const client = await dialAddr(`127.0.0.1:${ln.addr().port}`, { nextProtos: ['HLD'], insecureSkipVerify: true }, { clock: patientClock }); // one Initial, however busy the machine
const conn = await ln.accept();
console.log('1. a client connects; what the listen and run goroutines did:');
for (const e of events) if (e.goroutine === 'transport.listen' || e.goroutine === 'server.run') console.log(line(e));
client.closeWithError(0, '');
conn.closeWithError(0, '');

// 2. A listen loop faster than the server: 1030 datagrams before run gets to turn once. Each is a
//    Version Negotiation packet (version 0), which run drops at once.
events.length = 0;
const stray = { remoteAddr: { address: '127.0.0.1', port: 9, family: 'IPv4' as const }, rcvTime: 0, data: new Uint8Array([0xc0, 0, 0, 0, 0, 0, 0]) };
for (let i = 0; i < 1030; i++) server.handlePacket({ ...stray });
const queued = events.filter((e) => e.step === 'server.handlePacket → receivedPackets').length;
const dropped = events.filter((e) => e.step === 'drop: server receive queue full').length;
console.log(`2. 1030 datagrams in one go: ${queued} accepted, ${dropped} dropped (queue full: ${server.receivedPackets.length}/${server.receivedPackets.capacity})`);

// 3. Close the server while the queue is full; then let run take its turn.
ln.close();
const handledNow = () => events.filter((e) => e.step === 'handlePacketImpl').length;
// Until run has taken its turn (a busy machine may take a while), then a moment in case it took more.
for (const end = performance.now() + 5000; handledNow() === 0 && performance.now() < end; ) await new Promise((r) => setTimeout(r, 5));
await new Promise((r) => setTimeout(r, 20));
const handled = handledNow();
console.log(`3. closed: run handled ${handled} packet (the one it held) and returned; ${server.receivedPackets.length} left unread`);
try {
  await ln.accept();
} catch (err) {
  console.log(`   accept: ${(err as Error).message}`);
}
