// Exercise 99.1, reference solution.
import type { Chan, SelectResult } from '../../../src/internal/utils/chan.ts';

export function select(cases: readonly Chan<any>[], signal?: AbortSignal): Promise<SelectResult> {
  if (signal?.aborted) return Promise.resolve({ index: -1, value: undefined, ok: false });
  // A case that is ready now wins at once; when several are, pick one at random as Go does.
  const ready = cases.flatMap((c, i) => (c.readyToRecv ? [i] : []));
  if (ready.length > 0) {
    const pick = ready[Math.floor(Math.random() * ready.length)]!;
    const r = cases[pick]!.tryRecv()!;
    return Promise.resolve({ index: pick, value: r.value, ok: r.ok });
  }
  return new Promise((resolve) => {
    let fired = false;
    const unregister: (() => void)[] = [];
    const finish = (res: SelectResult) => {
      fired = true;
      for (const remove of unregister) remove();
      signal?.removeEventListener('abort', onAbort);
      resolve(res);
    };
    const onAbort = () => {
      if (!fired) finish({ index: -1, value: undefined, ok: false });
    };
    cases.forEach((c, index) => {
      unregister.push(
        c.addReceiver((r) => {
          if (fired) return false; // another case won: refuse, so the channel keeps the value
          finish({ index, value: r.value, ok: r.ok });
          return true;
        }),
      );
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
