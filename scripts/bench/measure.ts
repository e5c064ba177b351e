// The shared parts of `npm run bench`: what a section is, and how to time one operation.

/** One measured figure. `target`, if given, is the value this figure should reach (higher is better). */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: number;
}

/** A group of measurements. Each `scripts/bench/*.bench.ts` file exports one as `section`. */
export interface BenchSection {
  name: string;
  run(opts: BenchOptions): BenchRow[] | Promise<BenchRow[]>;
}

export interface BenchOptions {
  /** How long each measurement runs, in ms. */
  durationMs: number;
}

/**
 * Calls `op` repeatedly for about `durationMs` (after a short warm-up, so the JIT has compiled it)
 * and returns the rate in operations per second.
 */
export function opsPerSecond(op: () => void, durationMs: number): number {
  const warmUpEnd = performance.now() + Math.min(200, durationMs / 5);
  while (performance.now() < warmUpEnd) op();
  let n = 0;
  let batch = 1;
  const start = performance.now();
  let elapsed = 0;
  // Time batches rather than single calls, so reading the clock costs nothing measurable.
  while (elapsed < durationMs) {
    for (let i = 0; i < batch; i++) op();
    n += batch;
    elapsed = performance.now() - start;
    if (elapsed < durationMs / 100) batch *= 2;
  }
  return (n * 1000) / elapsed;
}
