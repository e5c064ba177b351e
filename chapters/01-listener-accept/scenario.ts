// Chapter 01 scenario: the three ways baseServer.accept's select can end. The caller's signal
// aborts (Go: ctx.Done()), a connection arrives on connQueue, the server is closed (errorChan).
// Then the same select with two cases ready at once, to show it has no priority.
import { Chan, select } from '../../src/internal/utils/chan.ts';
import { go } from '../../src/internal/utils/goroutine.ts';
import { dial, listen } from '../00-setup-and-map/lab.ts';

const ln = await listen();
console.log(`server listening on 127.0.0.1:${ln.addr().port}`);

// 1. ctx.Done(): nobody dials, the caller gives up after 50 ms.
await go('app', async () => {
  const ctx = new AbortController();
  setTimeout(() => ctx.abort(), 50);
  try {
    await ln.accept(ctx.signal);
  } catch (err) {
    console.log(`1. accept with a signal that aborts: ${(err as Error).name}: ${(err as Error).message}`);
  }
});

// 2. connQueue: a client completes its handshake while accept waits.
const waiting = go('app', async () => {
  const conn = await ln.accept();
  console.log(`2. accept returned the connection from 127.0.0.1:${conn.remoteAddr().port}`);
});
const client = await dial(ln);
await waiting;

// 3. errorChan: after close, a pending accept and every later one get ErrServerClosed.
const pending = go('app', async () => {
  try {
    await ln.accept();
  } catch (err) {
    console.log(`3. accept pending during close: ${(err as Error).name}: ${(err as Error).message}`);
  }
});
ln.close();
await pending;
await go('app', async () => {
  try {
    await ln.accept();
  } catch (err) {
    console.log(`   accept after close:         ${(err as Error).name}: ${(err as Error).message}`);
  }
});
client.closeWithError(0, '');

// 4. No priority: a queued connection and a closed errorChan, both ready. Go's select picks one
//    at random, and so does ours; over 1000 tries each case wins about half of the time.
const wins = [0, 0];
for (let i = 0; i < 1000; i++) {
  const connQueue = new Chan<string>(32, 'connQueue');
  const errorChan = new Chan<void>(0, 'errorChan');
  connQueue.trySend('conn');
  errorChan.close();
  const r = await select([connQueue, errorChan]);
  wins[r.index]!++;
}
console.log(`4. both ready, 1000 selects: connQueue won ${wins[0]! > 100 ? 'often' : 'rarely'}, errorChan won ${wins[1]! > 100 ? 'often' : 'rarely'}`);
