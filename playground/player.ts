// Plays a recorded run (engine.ts) frame by frame: step, back, seek, and play along the virtual
// clock at `speed` virtual ms per real ms. Frames of one instant are shown `instantGapMs` apart, so
// that a burst of events is still seen one by one, and no wait is longer than `maxGapMs`. Runs in
// Node and in a page (setTimeout only).
import type { Frame, Recording } from './engine.ts';

export type FrameListener = (frame: Frame, player: Player) => void;

export class Player {
  /** Virtual ms per real ms: 0.05 shows one virtual second in twenty. */
  speed = 0.05;
  /** Real ms between two frames of the same virtual instant. */
  instantGapMs = 60;
  /** The longest real wait between two frames: a long silence (an idle timeout's 5 s) is not sat through. */
  maxGapMs = 3000;
  private i = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<FrameListener>();

  constructor(readonly recording: Recording) {
    if (recording.frames.length === 0) throw new Error('a recording without frames');
  }

  get index(): number {
    return this.i;
  }

  get frame(): Frame {
    return this.recording.frames[this.i]!;
  }

  get atEnd(): boolean {
    return this.i === this.recording.frames.length - 1;
  }

  get playing(): boolean {
    return this.timer !== undefined;
  }

  /** Calls `fn` on every move; returns the function that unsubscribes it. */
  subscribe(fn: FrameListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** One frame forward; false at the end. */
  step(): boolean {
    if (this.atEnd) return false;
    this.seek(this.i + 1);
    return true;
  }

  /** One frame back; false at the start. */
  back(): boolean {
    if (this.i === 0) return false;
    this.seek(this.i - 1);
    return true;
  }

  seek(index: number): void {
    this.i = Math.max(0, Math.min(this.recording.frames.length - 1, Math.floor(index)));
    for (const fn of this.listeners) fn(this.frame, this);
  }

  play(): void {
    if (this.playing || this.atEnd) return;
    const next = () => {
      if (!this.step() || this.atEnd) return this.pause();
      const gap = this.recording.frames[this.i + 1]!.t - this.frame.t; // until the next frame is due
      this.timer = setTimeout(next, gap > 0 ? Math.min(gap / this.speed, this.maxGapMs) : this.instantGapMs);
    };
    this.timer = setTimeout(next, 0);
  }

  pause(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
