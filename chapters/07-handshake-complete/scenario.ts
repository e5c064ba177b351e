// Chapter 07 scenario: how "handshake complete" travels from the connection's run loop to the
// accept queue. The application waits in accept before anyone dials; the trace shows the three
// goroutines taking turns: connection.run closes handshakeCompleteChan, the handleNewConn
// goroutine wakes and pushes into connQueue, and the application's accept wakes.
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import { Transport } from '../../src/transport.ts';
import { dialAddr } from '../../src/quic.ts';
import { listenUDP } from '../../src/sys_conn.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { go } from '../../src/internal/utils/goroutine.ts';
import { hexToBytes } from '@noble/hashes/utils.js';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';

const cert = generateSelfSignedCertificate();
const log: string[] = [];
let serverConn = '';
let clientDCID = '';
setTraceSink((e: TraceEvent) => {
  if (e.step === 'handleInitialImpl') clientDCID = e.detail!.replace('DCID ', '');
  if (e.step === 'go connection.run') serverConn = e.conn!;
  // The client's connection traces too: keep the server's steps only.
  if (e.goroutine === 'connection.run' && e.conn !== serverConn) return;
  if (['go connection.run', 'handshake complete: close(handshakeCompleteChan)', 'connQueue <- conn', 'accept ← connQueue'].includes(e.step)) {
    const q = e.queue ? `  [${e.queue.name} ${e.queue.len}/${e.queue.cap}]` : '';
    log.push(`  ${e.goroutine.padEnd(15)} ${e.step}${q}`);
  }
});
const print = () => console.log(log.splice(0).join('\n'));

const t = new Transport(await listenUDP('127.0.0.1:0', systemClock), {}, true, true);
const ln = t.Listen({ certificates: [{ chain: [cert.certificate], privateKey: cert.privateKey }], nextProtos: ['HLD'] });
const port = t.localAddr().port;

// The application's goroutine: for { conn, err := ln.Accept(ctx) }.
const accepted = go('app', async () => {
  const conn = await ln.accept();
  log.push(`  ${'app'.padEnd(15)} accept returned the connection (handshake complete: ${conn.handshakeComplete().isClosed})`);
  conn.closeWithError(0, '');
});
console.log('app: accept is waiting in select on connQueue and errorChan');

const client = await dialAddr(`127.0.0.1:${port}`, { nextProtos: ['HLD'], insecureSkipVerify: true });
log.push('  client          dialAddr returned: the client has the server\'s Finished');
await accepted;
print();
// handleHandshakeComplete also retired the client-chosen DCID: routed for 5 s more, then gone.
const stillRouted = t.handlerMap.get(hexToBytes(clientDCID)) !== undefined;
console.log(`the client's first DCID (${clientDCID.length / 2} bytes) is retired, still routed for now: ${stillRouted}`);
client.closeWithError(0, '');
ln.close();
