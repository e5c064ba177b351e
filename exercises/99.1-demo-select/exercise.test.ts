// Exercise 99.1's tests. They import select from the real module, which is swapped for the
// implementation picked by COURSE_IMPL (the learner's exercise.ts, or the reference solution).
import { describe, expect, it, vi } from 'vitest';
import { Chan, select } from '../../src/internal/utils/chan.ts';
import { go } from '../../src/internal/utils/goroutine.ts';
import { countedSignal, leftWaiting } from '../../scripts/course/leaks.ts';

vi.mock(import('../../src/internal/utils/chan.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const tick = () => new Promise((r) => setImmediate(r));

describe('select: ready cases', () => {
  it('returns a buffered value at once', async () => {
    const a = new Chan<string>(1);
    const b = new Chan<string>(1);
    b.trySend('x');
    expect(await select([a, b])).toEqual({ index: 1, value: 'x', ok: true });
    expect(b.length).toBe(0);
  });

  it('reports ok=false for a closed, drained channel', async () => {
    const a = new Chan<string>(1);
    a.close();
    expect(await select([a])).toEqual({ index: 0, value: undefined, ok: false });
  });
});

describe('select: waiting', () => {
  it('waits for the first case that becomes ready, and leaves nothing registered', async () => {
    const a = new Chan<number>(1);
    const b = new Chan<number>(1);
    const ctx = countedSignal();
    const p = select([a, b], ctx.signal);
    const settled = vi.fn();
    p.then(settled, settled);
    await tick();
    expect(settled).not.toHaveBeenCalled();
    b.trySend(7);
    expect(await p).toEqual({ index: 1, value: 7, ok: true });
    expect(leftWaiting({ a, b }), 'receivers left on the channels').toEqual({});
    expect(ctx.listeners, 'abort listeners left on the signal').toBe(0);
  });

  it('returns index -1 when the signal aborts', async () => {
    const ctx = countedSignal();
    const a = new Chan<number>(1);
    const p = select([a], ctx.signal);
    ctx.controller.abort();
    expect(await p).toEqual({ index: -1, value: undefined, ok: false });
    expect(leftWaiting({ a }), 'receivers left on the channel').toEqual({});
    expect(ctx.listeners, 'abort listeners left on the signal').toBe(0);
    expect(a.trySend(1)).toBe(true); // the aborted select no longer takes values
    expect(a.length).toBe(1);
  });

  it('a value sent after another case won is not lost', async () => {
    const a = new Chan<number>(1);
    const b = new Chan<number>(1);
    const p = select([a, b]);
    a.trySend(1);
    b.trySend(2);
    expect(await p).toEqual({ index: 0, value: 1, ok: true });
    expect(b.tryRecv()).toEqual({ value: 2, ok: true });
  });
});

describe('select: an accept loop on the real Chan and goroutines', () => {
  it('accepts every queued conn in order, then stops when the context is cancelled', async () => {
    const connQueue = new Chan<string>(2, 'connQueue');
    const ctx = new AbortController();
    const accepted: string[] = [];
    const acceptLoop = go('test.accept', async () => {
      for (;;) {
        const r = await select([connQueue], ctx.signal);
        if (r.index < 0) return;
        accepted.push(r.value as string);
      }
    });
    for (const conn of ['c1', 'c2', 'c3', 'c4']) {
      const sent = await Promise.race([connQueue.send(conn).then(() => true), acceptLoop.then(() => false)]);
      expect(sent, 'the accept loop ended before taking every conn').toBe(true);
      await tick();
    }
    ctx.abort();
    await acceptLoop;
    expect(accepted).toEqual(['c1', 'c2', 'c3', 'c4']);
  });
});
