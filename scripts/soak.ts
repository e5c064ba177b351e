// `npx tsx scripts/soak.ts [--seconds 60] [--loops 32] [--crypto noble|node]`: a soak of the accept
// path. `loops` parallel loops handshake against one of our servers (each connection is closed at
// once, every 8th is abandoned without a close and left to the idle timeout), for `seconds`. Then,
// after the idle timeout and the closed-connection placeholders have passed, it checks that the
// server's connection table is empty, that no timer is left beyond those at the start, and that RSS
// is back within 10 % of its value at the start. Exits non-zero if not.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import { dialAddr } from '../src/client.ts';
import { DefaultHandshakeIdleTimeout, RetiredConnectionIDDeleteTimeout } from '../src/internal/protocol/params.ts';
import { clientTLS, startTestServer } from '../test/reliability/helpers.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    loops: { type: 'string', default: '32' },
    crypto: { type: 'string', default: 'noble' },
  },
});
const seconds = Number(values.seconds);
const loops = Number(values.loops);
const crypto = values.crypto as 'noble' | 'node';
const idleTimeout = 3000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(100);
  }
}

const server = await startTestServer({ crypto, maxIdleTimeout: idleTimeout });
// Warm up (JIT, the certificate, module state) before taking the baseline.
for (let i = 0; i < 20; i++) (await dialAddr(server.addr, clientTLS(), { crypto })).closeWithError(0, '');
await sleep(RetiredConnectionIDDeleteTimeout + 500);
await settle();
const start = { rss: rssMiB(), timers: timers(), handlers: server.handlers() };
console.log(`start: rss ${start.rss.toFixed(1)} MiB, ${start.timers} timers, ${start.handlers} connection IDs`);

let handshakes = 0;
let failures = 0;
const end = performance.now() + seconds * 1000;
const abandoned: { closeWithError(code: number, reason: string): void }[] = [];
await Promise.all(
  Array.from({ length: loops }, async () => {
    while (performance.now() < end) {
      try {
        const c = await dialAddr(server.addr, clientTLS(), { crypto, maxIdleTimeout: idleTimeout });
        handshakes++;
        // Every 8th client goes quiet instead of closing: the server must time it out.
        if (handshakes % 8 === 0) abandoned.push(c);
        else c.closeWithError(0, '');
      } catch {
        failures++;
      }
    }
  }),
);
console.log(`${handshakes} handshakes in ${seconds} s (${(handshakes / seconds).toFixed(0)}/s), ${failures} failed, peak rss ${rssMiB().toFixed(1)} MiB`);

// The abandoned clients time out too (their transports close with them). A handshake the client
// gave up on ends on the server by its handshake timeout (2 × DefaultHandshakeIdleTimeout).
await sleep(Math.max(idleTimeout, 2 * DefaultHandshakeIdleTimeout) + RetiredConnectionIDDeleteTimeout + 2000);
abandoned.length = 0;
await settle();
const after = { rss: rssMiB(), timers: timers(), handlers: server.handlers() };
console.log(`after idle timeout: rss ${after.rss.toFixed(1)} MiB, ${after.timers} timers, ${after.handlers} connection IDs`);

const problems: string[] = [];
if (after.handlers > start.handlers) problems.push(`${after.handlers - start.handlers} connection IDs left`);
if (after.timers > start.timers) problems.push(`${after.timers - start.timers} timers left`);
if (after.rss > start.rss * 1.1) problems.push(`rss grew ${(100 * (after.rss / start.rss - 1)).toFixed(1)} %`);
await server.close();
console.log(problems.length === 0 ? 'ok' : `FAIL: ${problems.join(', ')}`);
process.exit(problems.length === 0 ? 0 : 1);
