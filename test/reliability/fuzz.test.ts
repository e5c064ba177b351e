// A bounded fuzz pass (scripts/fuzz.ts runs 10^6): random, mutated and correctly sealed datagrams
// into a live server and client Transport raise nothing and leave no connection behind.
import { expect, it } from 'vitest';
import { runFuzz } from './fuzz.ts';

it('5,000 fuzz datagrams: no exception, no connection left', async () => {
  const seed = Number(process.env.FUZZ_SEED ?? 1);
  const r = await runFuzz(5_000, seed);
  expect(r.datagrams).toBe(5_000);
  expect(r.peakServer).toBeGreaterThan(0);
  expect(r.leftoverServer, `seed ${seed}`).toBe(0);
  expect(r.leftoverClient, `seed ${seed}`).toBe(0);
}, 90_000);
