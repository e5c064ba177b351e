// Exercise 99.1, reference solution.
import type { Chan, SelectResult } from '../../../src/internal/utils/chan.ts';
import { random } from '../../../src/internal/utils/rand.ts';

export function select(cases: readonly Chan<any>[], signal?: AbortSignal): Promise<SelectResult> {
  if (signal?.aborted) return Promise.resolve({ index: -1, value: undefined, ok: false });
  // Look without consuming: only the case we pick may take its value. Each ready case replaces the
  // pick with probability 1/(ready cases seen so far), which leaves every one of them equally likely.
  let pick = -1;
  let ready = 0; // how many cases can receive now
  for (let i = 0; i < cases.length; i++) {
    if (cases[i]!.readyToRecv && random() * ++ready < 1) pick = i;
  }
  if (pick >= 0) {
    const r = cases[pick]!.tryRecv()!;
    return Promise.resolve({ index: pick, value: r.value, ok: r.ok });
  }
  return new Promise((resolve) => {
    let fired = false;
    const removers: (() => void)[] = [];
    const finish = (res: SelectResult) => {
      fired = true;
      for (const remove of removers) remove();
      signal?.removeEventListener('abort', onAbort);
      resolve(res);
    };
    const onAbort = () => {
      if (!fired) finish({ index: -1, value: undefined, ok: false });
    };
    cases.forEach((c, index) => {
      removers.push(
        c.addReceiver((r) => {
          if (fired) return false; // another case won: refuse, so the value is not lost
          finish({ index, value: r.value, ok: r.ok });
          return true;
        }),
      );
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
