import { describe, expect, it } from 'vitest';
import { connectionTimer } from '../src/connection_timer.ts';
import { ManualClock, type Clock } from '../src/internal/utils/clock.ts';

/** A ManualClock that counts the timers armed on it. */
function countingClock(): { clock: ManualClock; armed: () => number } {
  const clock = new ManualClock();
  let n = 0;
  const setTimer: Clock['setTimer'] = clock.setTimer.bind(clock);
  clock.setTimer = (ms, fn) => (n++, setTimer(ms, fn));
  return { clock, armed: () => n };
}

describe('connectionTimer', () => {
  it('signals once the earliest deadline passes, not before', () => {
    const { clock } = countingClock();
    const t = new connectionTimer(clock);
    t.setTimer(clock.now() + 30, clock.now() + 10, Infinity);
    clock.advance(9);
    expect(t.chan.length).toBe(0);
    clock.advance(1);
    expect(t.chan.length).toBe(1);
  });

  it('keeps an early timer when the deadline moves later, and does not signal until the new deadline', () => {
    const { clock, armed } = countingClock();
    const t = new connectionTimer(clock);
    const start = clock.now();
    for (let i = 1; i <= 100; i++) t.setTimer(start + 10 + i); // as every packet sent moves the loss alarm
    expect(armed()).toBe(1);
    clock.advance(15);
    expect(t.chan.length).toBe(0); // fired at +11, re-armed itself for +110
    clock.advance(94);
    expect(t.chan.length).toBe(0);
    clock.advance(1);
    expect(t.chan.length).toBe(1);
    expect(armed()).toBe(2);
  });

  it('re-arms when the deadline moves earlier', () => {
    const { clock } = countingClock();
    const t = new connectionTimer(clock);
    t.setTimer(clock.now() + 100);
    t.setTimer(clock.now() + 5);
    clock.advance(5);
    expect(t.chan.length).toBe(1);
  });

  it('never signals after stop() or with no deadline', () => {
    const { clock } = countingClock();
    const t = new connectionTimer(clock);
    t.setTimer(clock.now() + 5);
    t.stop();
    t.setTimer(Infinity);
    clock.advance(1000);
    expect(t.chan.length).toBe(0);
  });
});
