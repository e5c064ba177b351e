// The leak counters the exercises' tests rely on: Chan.waiting and countedSignal.
import { describe, expect, it } from 'vitest';
import { Chan, select } from '../../src/internal/utils/chan.ts';
import { countedSignal, leftWaiting } from '../../scripts/course/leaks.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('leak counters', () => {
  it('Chan.waiting counts pending receivers and blocked senders, and select removes its own', async () => {
    const a = new Chan<number>(0, 'a');
    const b = new Chan<number>(0, 'b');
    const p = select([a, b]);
    expect([a.waiting, b.waiting]).toEqual([{ receivers: 1, senders: 0 }, { receivers: 1, senders: 0 }]);
    const sent = b.send(2);
    expect(await p).toEqual({ index: 1, value: 2, ok: true });
    await sent;
    expect(leftWaiting({ a, b })).toEqual({});
    const blocked = a.send(1);
    expect(leftWaiting({ a })).toEqual({ a: { receivers: 0, senders: 1 } });
    a.close();
    await expect(blocked).rejects.toThrow();
  });

  it('a receiver left behind is seen', () => {
    const a = new Chan<number>(0, 'a');
    a.addReceiver(() => true);
    expect(leftWaiting({ a })).toEqual({ a: { receivers: 1, senders: 0 } });
  });

  it('countedSignal counts abort listeners: added, removed, and once listeners that ran', async () => {
    const s = countedSignal();
    const a = () => {};
    s.signal.addEventListener('abort', a);
    expect(s.listeners).toBe(1);
    s.signal.removeEventListener('abort', a);
    expect(s.listeners).toBe(0);
    const p = select([new Chan<number>(0)], s.signal);
    expect(s.listeners).toBe(1);
    let ran = 0;
    s.signal.addEventListener('abort', () => ran++, { once: true });
    expect(s.listeners).toBe(2);
    s.controller.abort();
    expect((await p).index).toBe(-1);
    await tick();
    expect([ran, s.listeners]).toEqual([1, 0]);
  });
});
