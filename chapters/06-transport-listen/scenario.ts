// Chapter 06 scenario: Transport.listen and the demultiplexer. Raw datagrams from a plain UDP
// socket take each branch of Transport.handlePacket; then a real client shows that after its
// first datagram the server is out of the loop; last, a closed connection's placeholder answers
// stray packets with its CONNECTION_CLOSE on the 1st, 2nd, 4th and 8th.
import dgram from 'node:dgram';
import { hexToBytes } from '@noble/hashes/utils.js';
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import { Transport } from '../../src/transport.ts';
import { dialAddr } from '../../src/quic.ts';
import { listenUDP, type UDPAddr } from '../../src/sys_conn.ts';
import type { closedLocalConn } from '../../src/closed_conn.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';
import { debugTimeouts } from '../../src/config.ts';
import { closed, patientClock, within } from '../00-setup-and-map/lab.ts';

const cert = generateSelfSignedCertificate();
const events: TraceEvent[] = [];
setTraceSink((e) => events.push(e));
const settle = () => new Promise((r) => setTimeout(r, 30));
/**
 * Waits until `done()` holds (polling every 5 ms), then settles: a busy machine is slow, not
 * different. Under the debugger the wait is as long as within()'s (a learner at a breakpoint).
 */
async function until(done: () => boolean, what: string): Promise<void> {
  let waiting = true;
  const poll = (async () => {
    while (waiting && !done()) await new Promise((r) => setTimeout(r, 5));
  })();
  await within(poll, 5000, what).finally(() => (waiting = false));
  await settle();
}
const dropped = () => events.some((e) => e.step.startsWith('drop'));

// A Transport built by hand, as quic-go users do, with a StatelessResetKey.
const t = new Transport(await listenUDP('127.0.0.1:0', systemClock), { statelessResetKey: new Uint8Array(32).fill(7) }, true, true);
// A closed connection's placeholder lives deleteRetiredConnsAfter (5 s, RetiredConnectionIDDeleteTimeout).
// Under the debugger (QUIC_DEBUG=1, as the launch configurations set) a learner may sit at a
// breakpoint longer than that, and part 6's strays would find no placeholder: it lives as long as
// the debug idle timeout, as the connections' own timeouts do (chapter 08).
if (process.env.QUIC_DEBUG === '1') Object.assign(t.handlerMap, { deleteRetiredConnsAfter: debugTimeouts.maxIdleTimeout });
const ln = t.Listen({ certificates: [{ chain: [cert.certificate], privateKey: cert.privateKey }], nextProtos: ['HLD'] });
const port = t.localAddr().port;
console.log(`transport on 127.0.0.1:${port}; short headers carry ${t.connIDLen}-byte connection IDs`);

const raw = dgram.createSocket('udp4');
const replies: Buffer[] = [];
raw.on('message', (m) => replies.push(m));
await new Promise<void>((r) => raw.bind(0, '127.0.0.1', r));
/** Sends a datagram; `done` says when the transport has had its last word on it. */
const send = async (bytes: Uint8Array, done: () => boolean = () => true) => {
  events.length = 0;
  replies.length = 0;
  raw.send(bytes, port, '127.0.0.1');
  await until(done, 'the transport');
  return events.map((e) => `${e.goroutine}: ${e.step}`).join('; ') || '(nothing traced)';
};

console.log(`1. empty datagram:                 ${await send(new Uint8Array(0))}`);
console.log(`2. first byte 0x00 (no QUIC bits): ${await send(new Uint8Array([0x00, 1, 2, 3]), dropped)}`);
const shortHdr = new Uint8Array(50).fill(0xaa);
shortHdr[0] = 0x40;
const r3 = await send(shortHdr, () => replies.length > 0);
console.log(`3. short header, unknown DCID:     ${r3}; ${replies.length} stateless reset of ${replies[0]?.length} bytes back`);
// A Handshake packet (type 2) of version 1 with an 8-byte DCID nobody knows; Length 20.
const handshake = new Uint8Array([0xe0, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 20, ...new Uint8Array(20)]);
console.log(`4. long header, unknown DCID:      ${await send(handshake, dropped)}`);

// 5. A real client: count the datagrams the handler map routes to a live connection.
let toConn = 0;
const get = t.handlerMap.get.bind(t.handlerMap);
t.handlerMap.get = (id) => {
  const h = get(id);
  if (h && !h.constructor.name.startsWith('closed')) toConn++;
  return h;
};
events.length = 0;
const client = await dialAddr(`127.0.0.1:${port}`, { nextProtos: ['HLD'], insecureSkipVerify: true }, { clock: patientClock }); // one Initial, however busy the machine
const conn = await ln.accept();
const toServer = events.filter((e) => e.step === 'server.handlePacket → receivedPackets').length;
const serverConnID = events.find((e) => e.step === 'go connection.run')!.conn!;
console.log(`5. a client connects: ${toServer} datagram went to the server, ${toConn} straight to the connection`);
console.log(`   the server's connection ID: ${serverConnID}`);

// 6. The server closes the connection; its IDs now lead to a closedLocalConn for 5 s.
conn.closeWithError(0, 'bye');
await closed(client); // the client has the CONNECTION_CLOSE and is silent: only our strays reach the placeholder
const serverID = hexToBytes(serverConnID);
await until(() => t.handlerMap.get(serverID)?.constructor.name === 'closedLocalConn', 'the closedLocalConn');
// Each stray packet's fate, as the placeholder decides it: a CONNECTION_CLOSE re-sent, or nothing.
const placeholder = t.handlerMap.get(serverID) as closedLocalConn;
let handled = 0;
let sent = 0;
const { sendPacket } = placeholder;
Object.assign(placeholder, { sendPacket: (addr: UDPAddr) => (sent++, sendPacket(addr)) });
const handlePacket = placeholder.handlePacket.bind(placeholder);
placeholder.handlePacket = (p) => (handlePacket(p), handled++);
const stray = new Uint8Array(30).fill(0x55);
stray[0] = 0x40;
stray.set(hexToBytes(serverConnID), 1);
replies.length = 0;
const got: number[] = [];
for (let i = 1; i <= 8; i++) {
  const before = replies.length;
  const sentBefore = sent;
  raw.send(stray, port, '127.0.0.1');
  await until(() => handled === i && replies.length - before === sent - sentBefore, `stray packet ${i}`);
  if (replies.length > before) got.push(i);
}
console.log(`6. closed: 8 stray packets to ${serverConnID}; CONNECTION_CLOSE re-sent after packets ${got.join(', ')}`);

client.closeWithError(0, '');
raw.close();
ln.close();
