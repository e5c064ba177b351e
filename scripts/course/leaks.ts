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

/** Receivers and senders still registered on each channel, by name: `{}` when nothing is left. */
export function leftWaiting(chans: Record<string, Chan<any>>): Record<string, { receivers: number; senders: number }> {
  const left: Record<string, { receivers: number; senders: number }> = {};
  for (const [name, c] of Object.entries(chans)) if (c.waiting.receivers + c.waiting.senders > 0) left[name] = c.waiting;
  return left;
}
