// Accepts values after another case won: they are lost.
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
    const onAbort = () => finish({ index: -1, value: undefined, ok: false });
    const finish = (res: SelectResult) => {
      if (!fired) resolve(res);
      fired = true;
      signal?.removeEventListener('abort', onAbort);
    };
    cases.forEach((c, index) => removers.push(c.addReceiver((r) => (finish({ index, value: r.value, ok: r.ok }), true))));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
