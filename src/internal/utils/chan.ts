// Go channels for TypeScript (ARCHITECTURE.md §3). quic-go's accept path is goroutines talking over
// bounded channels; this file keeps those semantics so the TypeScript reads like the Go:
//
//   ch <- v                       await ch.send(v)
//   select { case ch <- v: default: }   ch.trySend(v)        (false when full)
//   v, ok := <-ch                 const { value, ok } = await ch.recv()
//   close(ch)                     ch.close()
//   select { case <-ctx.Done(): case v := <-a: case <-b: }    await select([a, b], signal)
//
// A waiter is a one-shot callback. When a value is handed to a waiter that has already given up
// (its select was won by another case, or its signal aborted), the hand-off is refused and the
// value goes to the next waiter or into the buffer: no value is ever lost.

import { random } from './rand.ts';

/** Go's `v, ok := <-ch`: ok is false once the channel is closed and drained. */
export interface Received<T> {
  value: T | undefined;
  ok: boolean;
}

type Deliver<T> = (r: Received<T>) => boolean;

interface SendWaiter<T> {
  value: T;
  done: (sent: boolean) => void;
}

export class ChannelClosedError extends Error {
  constructor(name: string) {
    super(`send on closed channel ${name}`);
    this.name = 'ChannelClosedError';
  }
}

export class Chan<T> {
  private readonly buffer: T[] = [];
  private head = 0;
  private readonly receivers: Deliver<T>[] = [];
  private readonly senders: SendWaiter<T>[] = [];
  private closed = false;

  /** capacity 0 is Go's unbuffered channel: a send completes only when a receiver takes it. */
  constructor(readonly capacity: number, readonly name = 'chan') {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`bad capacity ${capacity}`);
  }

  /** Go's len(ch): values buffered now. */
  get length(): number {
    return this.buffer.length - this.head;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Waiters registered on the channel now: receivers (a pending recv or select) and senders
   * blocked in send. Tests read it to check that a select that returned left nothing behind.
   */
  get waiting(): { receivers: number; senders: number } {
    return { receivers: this.receivers.length, senders: this.senders.length };
  }

  /** A receive would complete now: a value is buffered, a sender waits, or the channel is closed. */
  get readyToRecv(): boolean {
    return this.length > 0 || this.senders.length > 0 || this.closed;
  }

  /** Go's `select { case ch <- v: return true; default: return false }`. */
  trySend(value: T): boolean {
    if (this.closed) throw new ChannelClosedError(this.name);
    if (this.handToReceiver(value)) return true;
    if (this.length < this.capacity) {
      this.buffer.push(value);
      return true;
    }
    return false; // @anchor chan.trysend-full
  }

  /** Go's `ch <- v`: waits for room (or a receiver, if unbuffered). Rejects on close. */
  send(value: T, signal?: AbortSignal): Promise<void> {
    if (this.trySend(value)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const i = this.senders.indexOf(waiter);
        if (i >= 0) this.senders.splice(i, 1);
        reject(signal!.reason);
      };
      const waiter: SendWaiter<T> = {
        value,
        done: (sent) => {
          signal?.removeEventListener('abort', onAbort);
          if (sent) resolve();
          else reject(new ChannelClosedError(this.name));
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.senders.push(waiter);
    });
  }

  /** Non-blocking receive; undefined when nothing is ready (Go's select with default). */
  tryRecv(): Received<T> | undefined {
    if (this.length > 0) {
      const value = this.buffer[this.head]!;
      this.buffer[this.head] = undefined as T;
      this.head++;
      if (this.head > 64 && this.head * 2 > this.buffer.length) {
        this.buffer.splice(0, this.head);
        this.head = 0;
      }
      this.admitSender();
      return { value, ok: true };
    }
    const sender = this.senders.shift();
    if (sender) {
      sender.done(true);
      return { value: sender.value, ok: true };
    }
    if (this.closed) return { value: undefined, ok: false };
    return undefined;
  }

  /** Go's `v, ok := <-ch`. With a signal, rejects with signal.reason when it aborts. */
  recv(signal?: AbortSignal): Promise<Received<T>> {
    return select([this], signal).then((r) => {
      if (r.index < 0) throw signal!.reason;
      return { value: r.value as T | undefined, ok: r.ok };
    });
  }

  /** Go's close(ch): waiting receivers get ok=false, waiting senders are rejected. */
  close(): void {
    if (this.closed) throw new Error(`close of closed channel ${this.name}`);
    this.closed = true;
    for (const s of this.senders.splice(0)) s.done(false);
    if (this.length === 0) for (const r of this.receivers.splice(0)) r({ value: undefined, ok: false });
  }

  /** Async iteration ends when the channel is closed and drained (Go's `for v := range ch`). */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const { value, ok } = await this.recv();
      if (!ok) return;
      yield value as T;
    }
  }

  /** @internal used by select */
  addReceiver(deliver: Deliver<T>): () => void {
    this.receivers.push(deliver);
    return () => {
      const i = this.receivers.indexOf(deliver);
      if (i >= 0) this.receivers.splice(i, 1);
    };
  }

  private handToReceiver(value: T): boolean {
    while (this.receivers.length > 0) {
      const deliver = this.receivers.shift()!;
      if (deliver({ value, ok: true })) return true;
    }
    return false;
  }

  /** A slot freed up: move the longest-waiting sender's value into the buffer. */
  private admitSender(): void {
    if (this.length >= this.capacity) return;
    const sender = this.senders.shift();
    if (!sender) return;
    this.buffer.push(sender.value);
    sender.done(true);
  }
}

/** The result of select: which case fired (-1: the signal aborted), its value and ok. */
export interface SelectResult {
  index: number;
  value: unknown;
  ok: boolean;
}

/**
 * Go's `select` over receives, with the signal as `case <-ctx.Done():`.
 * If several cases are ready at once, one is picked at random, as Go does.
 */
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
    const r = cases[pick]!.tryRecv()!; // @anchor chan.select-ready
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
