// Leak checks for the exercises' tests: what a call left registered after it returned.
//
// A `select` that returned must leave no receiver on any of its channels (`Chan.waiting`), and no
// abort listener on its signal. Native AbortSignals cannot list their listeners, so tests use a
// `countedSignal`, whose `listeners` is how many abort listeners are registered now.
import type { Chan } from '../../src/internal/utils/chan.ts';

export interface CountedSignal {
  controller: AbortController;
  signal: AbortSignal;
  /** abort listeners registered now (a `once` listener leaves when it has run) */
  readonly listeners: number;
}

/** An AbortController whose signal counts the 'abort' listeners added and not yet removed. */
export function countedSignal(): CountedSignal {
  const controller = new AbortController();
  const signal = controller.signal;
  const live = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean) => {
    if (listener === null) return;
    if (type !== 'abort') return add(type, listener, options);
    const once = typeof options === 'object' && options.once === true;
    if (!once) {
      live.add(listener);
      return add(type, listener, options);
    }
    // A once listener is gone after it ran: wrap it to see that, keeping removeEventListener working.
    const wrapped = (e: Event) => {
      live.delete(listener);
      wrappers.delete(listener);
      if (typeof listener === 'function') listener.call(signal, e);
      else listener.handleEvent(e);
    };
    wrappers.set(listener, wrapped);
    live.add(listener);
    return add(type, wrapped, options);
  }) as AbortSignal['addEventListener'];
  const wrappers = new Map<unknown, EventListener>();
  signal.removeEventListener = ((type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean) => {
    if (listener === null) return;
    if (type === 'abort') {
      live.delete(listener);
      const wrapped = wrappers.get(listener);
      wrappers.delete(listener);
      if (wrapped) return remove(type, wrapped, options);
    }
    return remove(type, listener, options);
  }) as AbortSignal['removeEventListener'];
  return {
    controller,
    signal,
    get listeners() {
      return live.size;
    },
  };
}

type Waiting = Record<string, { receivers: number; senders: number }>;

/** How many receivers and senders each channel has now. */
export function waitingNow(chans: Record<string, Chan<any>>): Waiting {
  return Object.fromEntries(Object.entries(chans).map(([name, c]) => [name, c.waiting]));
}

/**
 * Receivers and senders registered on each channel beyond `before` (none when absent), by name:
 * `{}` when a call left nothing behind. A real server's own goroutines wait on its channels too
 * (run on errorChan), hence the baseline.
 */
export function leftWaiting(chans: Record<string, Chan<any>>, before: Waiting = {}): Waiting {
  const left: Waiting = {};
  for (const [name, c] of Object.entries(chans)) {
    const base = before[name] ?? { receivers: 0, senders: 0 };
    const extra = { receivers: c.waiting.receivers - base.receivers, senders: c.waiting.senders - base.senders };
    if (extra.receivers > 0 || extra.senders > 0) left[name] = extra;
  }
  return left;
}
