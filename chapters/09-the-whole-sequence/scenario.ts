// Chapter 09 scenario: the whole sequence, end to end, with the article's application on top.
// The HLD server (accept loop, one goroutine per connection and per stream) and a client that
// sends two text requests, each on its own stream, the first byte naming the business (0x01).
// The trace shows every goroutine of the server taking its turn.
import { tmpdir } from 'node:os';
import { dialAddr } from '../../src/quic.ts';
import { echo } from '../../src/cmd/requests.ts';
import { startServer } from '../../src/cmd/serve.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';
import { patientClock } from '../00-setup-and-map/lab.ts';

const events: TraceEvent[] = [];
setTraceSink((e) => events.push(e));
/** The server's connections, by the connection.run goroutines server.run started. */
const serverConns = () => new Set(events.filter((e) => e.step === 'go connection.run').map((e) => e.conn));
const logLines: string[] = [];
const server = await startServer({
  listen: '127.0.0.1:0',
  tls: serverTLSConfig({ alpn: ['HLD'] }),
  config: {},
  outDir: tmpdir(),
  maxUpload: 0,
  log: (l) => logLines.push(l.replace(/^127\.0\.0\.1:\d+: /, '')),
});
console.log(`HLD server listening on 127.0.0.1:${server.addr.port}`);

// patientClock: the client sends no packet twice, however busy the machine (its Handshake packet
// sent again would reach a server that has dropped those keys, a line that teaches nothing here).
const conn = await dialAddr(`127.0.0.1:${server.addr.port}`, clientTLSConfig({ alpn: ['HLD'] }), { clock: patientClock });
for (const message of ['HLD_1', 'HLD_2']) console.log(`client: stream with 0x01 "${message}" → echo "${await echo(conn, message)}"`);
conn.closeWithError(0, '');
// The server's connection.run ends once the client's CONNECTION_CLOSE is in (a busy machine may take a while).
const serverClosed = () => events.some((e) => e.goroutine === 'connection.run' && e.step.startsWith('closed:') && e.conn !== undefined && serverConns().has(e.conn));
for (const end = performance.now() + 5000; !serverClosed() && performance.now() < end; ) await new Promise((r) => setTimeout(r, 5));
server.listener.close();
await server.served;

// The server's side, in order. The client's own connection.run is left out.
console.log('the server, goroutine by goroutine:');
for (const e of events) {
  if (e.goroutine === 'connection.run' && !serverConns().has(e.conn)) continue;
  const q = e.queue ? `  [${e.queue.name} ${e.queue.len}/${e.queue.cap}]` : '';
  const step = e.step.startsWith('closed:') ? 'closed' : e.step;
  console.log(`  ${e.goroutine.padEnd(16)} ${step}${q}`);
}
console.log('the application log:');
for (const l of logLines) console.log(`  ${l}`);
