// After a case wins, the other receivers stay registered (they refuse values, but pile up).
import type { Chan, SelectResult } from '../../../src/internal/utils/chan.ts';

export function select(cases: readonly Chan<any>[], signal?: AbortSignal): Promise<SelectResult> {
  if (signal?.aborted) return Promise.resolve({ index: -1, value: undefined, ok: false });
  const ready = cases.flatMap((c, i) => (c.readyToRecv ? [i] : []));
  if (ready.length > 0) {
    const pick = ready[Math.floor(Math.random() * ready.length)]!;
    const r = cases[pick]!.tryRecv()!;
    return Promise.resolve({ index: pick, value: r.value, ok: r.ok });
  }
  return new Promise((resolve) => {
    let fired = false;
    const onAbort = () => {
      if (fired) return;
      fired = true;
      resolve({ index: -1, value: undefined, ok: false });
    };
    cases.forEach((c, index) =>
      c.addReceiver((r) => {
        if (fired) return false;
        fired = true;
        signal?.removeEventListener('abort', onAbort);
        resolve({ index, value: r.value, ok: r.ok });
        return true;
      }),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
