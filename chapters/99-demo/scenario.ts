// Chapter 99 scenario: a bounded accept queue, filled by one goroutine and drained by another,
// the way quic-go's handleNewConn fills connQueue and Accept drains it. Deterministic: one
// producer, one consumer, and the queue is full before anyone reads it.
import { Chan, select } from '../../src/internal/utils/chan.ts';
import { go } from '../../src/internal/utils/goroutine.ts';

const acceptQueue = new Chan<string>(2, 'acceptQueue');
const ctx = new AbortController();
console.log(`accept queue: capacity ${acceptQueue.capacity}`);

await go('demo.handleNewConn', () => {
  for (const conn of ['conn-1', 'conn-2', 'conn-3']) {
    if (acceptQueue.trySend(conn)) console.log(`${conn}: queued (${acceptQueue.length}/${acceptQueue.capacity})`);
    else console.log(`${conn}: refused, accept queue full (${acceptQueue.length}/${acceptQueue.capacity})`);
  }
});

await go('demo.accept', async () => {
  for (;;) {
    const r = await select([acceptQueue], ctx.signal);
    if (r.index < 0) break;
    console.log(`accepted ${r.value} (${acceptQueue.length}/${acceptQueue.capacity} left)`);
    if (acceptQueue.length === 0) ctx.abort();
  }
  console.log('accept: context cancelled');
});
