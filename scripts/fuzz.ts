// `npx tsx scripts/fuzz.ts [--count 1000000] [--seed 1]`: the full fuzz pass over the receive path
// (test/reliability/fuzz.ts; npm test runs 5,000). Random, mutated, tailed and correctly sealed Initial
// datagrams go into a live server Transport and a client mid-handshake. Exits non-zero on an
// uncaught exception or if a connection is left once the handshake timeouts have passed.
import { parseArgs } from 'node:util';
import { runFuzz } from '../test/reliability/fuzz.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' } } });
const count = Number(values.count);
const seed = Number(values.seed);
const failures: unknown[] = [];
process.on('uncaughtException', (e) => failures.push(e));
process.on('unhandledRejection', (e) => failures.push(e));

const start = performance.now();
const r = await runFuzz(count, seed, (n) => {
  if (n % 50_000 < 256) console.log(`${n} datagrams, ${((performance.now() - start) / 1000).toFixed(0)} s`);
});
console.log(JSON.stringify({ ...r, seed, seconds: Math.round((performance.now() - start) / 1000), uncaught: failures.length }));
for (const e of failures.slice(0, 5)) console.error(e);
if (failures.length > 0 || r.leftoverServer > 0 || r.leftoverClient > 0) process.exit(1);
process.exit(0);
