// The Player walks a recording: step, back and seek stay within the frames; play follows the
// virtual clock at `speed` and shows the frames of one instant `instantGapMs` apart; pause stops it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Player, type Frame, type Recording } from '../../playground/index.ts';

/** A recording with frames at these virtual times (only what the Player reads). */
function recording(times: number[]): Recording {
  const frames = times.map((t, index) => ({ index, t, kind: 'note', line: `${t}`, goroutines: [], queues: [], packets: [] }) as Frame);
  return { frames, trace: frames.map((f) => f.line) } as unknown as Recording;
}

describe('Player', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('steps, goes back and seeks within the frames, telling its subscribers each move', () => {
    const p = new Player(recording([0, 10, 10, 40]));
    const seen: number[] = [];
    const off = p.subscribe((f) => seen.push(f.index));
    expect(p.step()).toBe(true);
    expect(p.step()).toBe(true);
    expect(p.back()).toBe(true);
    p.seek(99);
    expect(p.atEnd).toBe(true);
    expect(p.step()).toBe(false);
    p.seek(-5);
    expect(p.back()).toBe(false);
    off();
    p.seek(2);
    expect(seen).toEqual([1, 2, 1, 3, 0]);
    expect(p.frame.line).toBe('10');
  });

  it('plays along the virtual clock: 30 virtual ms at speed 0.5 take 60 real ms; frames of one instant come instantGapMs apart', () => {
    const p = new Player(recording([0, 10, 10, 40]));
    p.speed = 0.5;
    p.instantGapMs = 7;
    p.play();
    expect(p.playing).toBe(true);
    vi.advanceTimersByTime(0);
    expect(p.index).toBe(1); // the first step is immediate
    vi.advanceTimersByTime(6);
    expect(p.index).toBe(1);
    vi.advanceTimersByTime(1);
    expect(p.index).toBe(2); // same instant: 7 ms later
    vi.advanceTimersByTime(59);
    expect(p.index).toBe(2);
    vi.advanceTimersByTime(1);
    expect(p.index).toBe(3); // 30 virtual ms / 0.5 = 60 real ms
    expect(p.playing).toBe(false); // stops at the end
  });

  it('waits at most maxGapMs through a long silence', () => {
    const p = new Player(recording([0, 10, 5010]));
    p.speed = 0.05; // 5 virtual seconds would take 100 real ones
    p.maxGapMs = 2000;
    p.play();
    vi.advanceTimersByTime(0);
    expect(p.index).toBe(1);
    vi.advanceTimersByTime(1999);
    expect(p.index).toBe(1);
    vi.advanceTimersByTime(1);
    expect(p.index).toBe(2);
  });

  it('pause stops the clock where it is', () => {
    const p = new Player(recording([0, 100, 200]));
    p.speed = 1;
    p.play();
    vi.advanceTimersByTime(0);
    expect(p.index).toBe(1);
    p.pause();
    vi.advanceTimersByTime(1000);
    expect(p.index).toBe(1);
    expect(p.playing).toBe(false);
  });
});
