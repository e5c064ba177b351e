// Exercise 99.1: Go's select over receives. See README.md.
import type { Chan, SelectResult } from '../../src/internal/utils/chan.ts';

export function select(cases: readonly Chan<any>[], signal?: AbortSignal): Promise<SelectResult> {
  if (signal?.aborted) return Promise.resolve({ index: -1, value: undefined, ok: false });
  // A case that is ready now wins at once; when several are, pick one at random as Go does.
  const ready = cases.flatMap((c, i) => (c.readyToRecv ? [i] : []));
  if (ready.length > 0) {
    const pick = ready[Math.floor(Math.random() * ready.length)]!;
    const r = cases[pick]!.tryRecv()!;
    return Promise.resolve({ index: pick, value: r.value, ok: r.ok });
  }
  // TODO: nothing is ready. Wait until one case delivers a value, or the signal aborts.
  return Promise.reject(new Error('select: waiting is not written yet'));
}
