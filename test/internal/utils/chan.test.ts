import { describe, expect, it } from 'vitest';
import { Chan, ChannelClosedError, select } from '../../../src/internal/utils/chan.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('Chan: Go channel semantics', () => {
  it('buffers up to its capacity, then trySend reports full', () => {
    const ch = new Chan<number>(2);
    expect(ch.trySend(1)).toBe(true);
    expect(ch.trySend(2)).toBe(true);
    expect(ch.trySend(3)).toBe(false);
    expect(ch.length).toBe(2);
  });

  it('delivers in FIFO order', async () => {
    const ch = new Chan<number>(100);
    for (let i = 0; i < 100; i++) ch.trySend(i);
    const got: number[] = [];
    for (let i = 0; i < 100; i++) got.push((await ch.recv()).value!);
    expect(got).toEqual([...Array(100).keys()]);
  });

  it('send waits for room and completes when a receiver makes some', async () => {
    const ch = new Chan<string>(1);
    ch.trySend('a');
    let sent = false;
    const p = ch.send('b').then(() => (sent = true));
    await tick();
    expect(sent).toBe(false);
    expect((await ch.recv()).value).toBe('a');
    await p;
    expect(sent).toBe(true);
    expect((await ch.recv()).value).toBe('b');
  });

  it('an unbuffered channel hands a value only to a waiting receiver', async () => {
    const ch = new Chan<number>(0);
    expect(ch.trySend(1)).toBe(false);
    const r = ch.recv();
    expect(ch.trySend(2)).toBe(true);
    expect(await r).toEqual({ value: 2, ok: true });
  });

  it('recv on a closed channel drains the buffer, then returns ok=false', async () => {
    const ch = new Chan<number>(2);
    ch.trySend(7);
    ch.close();
    expect(await ch.recv()).toEqual({ value: 7, ok: true });
    expect(await ch.recv()).toEqual({ value: undefined, ok: false });
    expect(() => ch.trySend(1)).toThrow(ChannelClosedError);
    expect(() => ch.close()).toThrow(/close of closed channel/);
  });

  it('close wakes receivers that are already waiting and rejects waiting senders', async () => {
    const a = new Chan<number>(0);
    const r = a.recv();
    a.close();
    expect(await r).toEqual({ value: undefined, ok: false });
    const b = new Chan<number>(0);
    const s = b.send(1);
    b.close();
    await expect(s).rejects.toBeInstanceOf(ChannelClosedError);
  });

  it('async iteration ends at close', async () => {
    const ch = new Chan<number>(3);
    ch.trySend(1);
    ch.trySend(2);
    ch.close();
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    expect(got).toEqual([1, 2]);
  });
});

describe('select', () => {
  it('wakes on whichever case becomes ready first', async () => {
    const a = new Chan<string>(1);
    const b = new Chan<string>(1);
    const p = select([a, b]);
    await tick();
    b.trySend('from b');
    expect(await p).toEqual({ index: 1, value: 'from b', ok: true });
    // the losing case kept nothing registered: a's value stays in a
    a.trySend('from a');
    expect(a.length).toBe(1);
  });

  it('returns at once when a case is already ready, and sees a closed channel as ready', async () => {
    const a = new Chan<number>(1);
    const closed = new Chan<number>(0);
    closed.close();
    expect(await select([a, closed])).toEqual({ index: 1, value: undefined, ok: false });
  });

  it('picks among several ready cases at random, as Go does', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200 && seen.size < 2; i++) {
      const a = new Chan<number>(1);
      const b = new Chan<number>(1);
      a.trySend(0);
      b.trySend(1);
      seen.add((await select([a, b])).index);
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('picks uniformly among the ready cases, never one that is not ready', async () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const cases = [new Chan<number>(1), new Chan<number>(1), new Chan<number>(1), new Chan<number>(1)];
      for (const k of [0, 2, 3]) cases[k]!.trySend(k); // case 1 stays empty
      counts[(await select(cases)).index]!++;
    }
    expect(counts[1]).toBe(0);
    // 1,000 expected each; the standard deviation is ~26.
    for (const k of [0, 2, 3]) expect(counts[k]).toBeGreaterThan(850);
  });

  it('aborts through an AbortSignal (Go: case <-ctx.Done())', async () => {
    const a = new Chan<number>(1);
    const ac = new AbortController();
    const p = select([a], ac.signal);
    ac.abort(new Error('cancelled'));
    expect((await p).index).toBe(-1);
    await expect(a.recv(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });

  it('loses no value when a waiter is aborted: the value goes to the next waiter', async () => {
    const ch = new Chan<number>(0);
    const ac = new AbortController();
    const first = ch.recv(ac.signal).catch(() => 'aborted');
    const second = ch.recv();
    ac.abort(new Error('x'));
    await tick();
    expect(ch.trySend(42)).toBe(true);
    expect(await first).toBe('aborted');
    expect(await second).toEqual({ value: 42, ok: true });
  });

  it('loses no value when a select was already won by another case', async () => {
    const a = new Chan<number>(0);
    const b = new Chan<number>(1);
    const p = select([a, b]);
    b.trySend(1); // select resolves through b
    expect(a.trySend(2)).toBe(false); // nobody is waiting on a any more: not swallowed
    expect((await p).index).toBe(1);
  });

  it('an aborted sender leaves the channel untouched', async () => {
    const ch = new Chan<number>(0);
    const ac = new AbortController();
    const s = ch.send(5, ac.signal);
    ac.abort(new Error('stop'));
    await expect(s).rejects.toThrow('stop');
    expect(ch.tryRecv()).toBeUndefined();
  });
});
