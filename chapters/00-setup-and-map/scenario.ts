// Chapter 00 scenario: the map, live. A server on 127.0.0.1 with an application goroutine parked
// in accept, one client dialing it, and the trace of every step between the socket and accept,
// printed with the goroutine that runs it and the queue it touches.
import { setGoroutineHook } from '../../src/internal/utils/goroutine.ts';
import { go } from '../../src/internal/utils/goroutine.ts';
import { setTraceSink } from '../../src/trace.ts';
import { dial, listen, printTrace } from './lab.ts';

const started = new Map<string, number>();
setGoroutineHook((event, name) => {
  if (event === 'start') started.set(name, (started.get(name) ?? 0) + 1);
});

const ln = await listen();
const server = ln.baseServer;
console.log(`server listening on 127.0.0.1:${ln.addr().port}`);
console.log(`queues: ${server.receivedPackets.name} (capacity ${server.receivedPackets.capacity}), ${server.connQueue.name} (capacity ${server.connQueue.capacity})`);

// The application's loop, as in the article's server: Accept blocks until a connection is queued.
const accepted = go('app', async () => {
  const conn = await ln.accept();
  console.log(`app: accepted a connection from 127.0.0.1:${conn.remoteAddr().port}`);
});

console.log('client: dialAddr …');
printTrace((e) => e.goroutine !== 'app' || e.step.startsWith('accept'));
const conn = await dial(ln);
console.log(`client: handshake complete, ALPN ${conn.connectionState().tls.negotiatedProtocol}`);
await accepted;
setTraceSink(undefined);

console.log('goroutines started (name × count):');
for (const [name, n] of [...started].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${name} × ${n}`);
conn.closeWithError(0, '');
ln.close();
