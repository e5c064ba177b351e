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

const events: TraceEvent[] = [];
setTraceSink((e) => events.push(e));
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

const conn = await dialAddr(`127.0.0.1:${server.addr.port}`, clientTLSConfig({ alpn: ['HLD'] }));
for (const message of ['HLD_1', 'HLD_2']) console.log(`client: stream with 0x01 "${message}" → echo "${await echo(conn, message)}"`);
conn.closeWithError(0, '');
await new Promise((r) => setTimeout(r, 50));
server.listener.close();
await server.served;

// The server's side, in order. The client's own connection.run is left out.
const serverConns = new Set(events.filter((e) => e.step === 'go connection.run').map((e) => e.conn));
console.log('the server, goroutine by goroutine:');
for (const e of events) {
  if (e.goroutine === 'connection.run' && !serverConns.has(e.conn)) continue;
  const q = e.queue ? `  [${e.queue.name} ${e.queue.len}/${e.queue.cap}]` : '';
  const step = e.step.startsWith('closed:') ? 'closed' : e.step;
  console.log(`  ${e.goroutine.padEnd(16)} ${step}${q}`);
}
console.log('the application log:');
for (const l of logLines) console.log(`  ${l}`);
