// Chapter 02 scenario: who fills connQueue, and what happens when nobody empties it. 33 clients
// complete their handshake while the application never calls accept: 32 wait in the queue, the
// 33rd is closed with CONNECTION_REFUSED. Then an EarlyListener, which queues a connection before
// its handshake completes.
import { setTraceSink } from '../../src/trace.ts';
import { closed, dial, listen, listenEarly, printTrace, type Connection } from '../00-setup-and-map/lab.ts';

const ln = await listen();
const queue = ln.baseServer.connQueue;
console.log(`server listening on 127.0.0.1:${ln.addr().port}; nobody calls accept yet`);
// Only the handleNewConn goroutines' steps, and only for the first two and last few clients.
printTrace((e) => e.goroutine === 'handleNewConn' && (e.queue!.len <= 2 || e.queue!.len >= 31));

const clients: Connection[] = [];
const ports: number[] = [];
for (let i = 1; i <= 33; i++) {
  const conn = await dial(ln);
  clients.push(conn);
  ports.push(conn.localAddr().port);
  // The push happens on the server's handleNewConn goroutine, a moment after the client's dial returns.
  while (i <= 32 && queue.length < i) await new Promise((r) => setImmediate(r));
  if (i === 3) console.log('  …');
}
const refused = await closed(clients[32]!);
setTraceSink(undefined);
console.log(`client 33: its dial succeeded, then the server closed it: ${String(refused)}`);

// The application finally accepts: first in, first out.
const first = await ln.accept();
console.log(`app: the first accept returns client ${ports.indexOf(first.remoteAddr().port) + 1}; connQueue ${queue.length}/${queue.capacity}`);
for (const c of clients) c.closeWithError(0, '');
ln.close();

// An EarlyListener queues the connection as soon as the client's transport parameters are in,
// before the server's handshake completes.
const early = await listenEarly();
console.log(`early listener on 127.0.0.1:${early.addr().port}`);
// Only the queue and the two handshakes: the 33 connections above may still be logging their close.
let handshakesComplete = 0;
printTrace((e) => {
  const complete = e.step.startsWith('handshake complete');
  if (complete) handshakesComplete++;
  return e.goroutine === 'handleNewConn' || complete;
});
const conn = await dial(early);
await early.accept();
// Both ends' handshakes complete after the accept; a busy machine may take a while to get there.
for (const end = performance.now() + 5000; handshakesComplete < 2 && performance.now() < end; ) await new Promise((r) => setTimeout(r, 5));
setTraceSink(undefined);
conn.closeWithError(0, '');
early.close();
