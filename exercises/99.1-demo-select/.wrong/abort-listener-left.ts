// Unregisters the receivers but leaves the abort listener on the signal.
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
    const removers: (() => void)[] = [];
    const finish = (res: SelectResult) => {
      fired = true;
      for (const remove of removers) remove();
      resolve(res);
    };
    cases.forEach((c, index) => removers.push(c.addReceiver((r) => (fired ? false : (finish({ index, value: r.value, ok: r.ok }), true)))));
    signal?.addEventListener('abort', () => fired || finish({ index: -1, value: undefined, ok: false }), { once: true });
  });
}
