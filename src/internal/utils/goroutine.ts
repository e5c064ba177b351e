// Named async loops, started in one place (ARCHITECTURE.md §3). quic-go starts a goroutine with `go f()`;
// we start an async function with go('server.run', () => this.run()). The name shows up in the
// trace and, because the function is renamed, in the debugger's async call stack.

/** `id` tells apart goroutines of one name (each connection.run), as Go's goroutine IDs do. */
export type GoroutineHook = (event: 'start' | 'exit', name: string, id: number, err?: unknown) => void;

let hook: GoroutineHook | undefined;
let running = 0;
let lastID = 0;

/** Observes goroutines starting and ending (the tracer uses it). */
export function setGoroutineHook(h: GoroutineHook | undefined): void {
  hook = h;
}

/** How many goroutines are running now (tests check that none leak). */
export function runningGoroutines(): number {
  return running;
}

/**
 * Starts fn as a named goroutine. An error thrown by the goroutine is reported on stderr and
 * never becomes an unhandled rejection: in Go, a goroutine's panic would crash the process, but a
 * course server must keep serving, so every loop handles its own errors and this is the backstop.
 */
export function go(name: string, fn: () => Promise<void> | void): Promise<void> {
  const named = { [name]: async () => fn() }[name]!;
  const id = ++lastID;
  running++;
  hook?.('start', name, id);
  return named().then(
    () => {
      running--;
      hook?.('exit', name, id);
    },
    (err: unknown) => {
      running--;
      hook?.('exit', name, id, err);
      console.error(`goroutine ${name} failed:`, err);
    },
  );
}

/**
 * Lets the event loop finish its I/O phase before going on: node:dgram delivers the datagrams the
 * kernel already holds one 'message' event at a time within that phase, and this resolves after
 * them (setImmediate runs in the check phase, right after poll). A Go goroutine never needs this,
 * because the goroutine filling its queue runs at the same time as the one draining it.
 */
export function yieldToIO(): Promise<void> {
  return new Promise((resolve) => nextTask(resolve));
}

/** setImmediate in Node; in a page, a message to ourselves (setTimeout(0) waits 4 ms once nested). */
const nextTask: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => void setImmediate(fn) : messageTask();

function messageTask(): (fn: () => void) => void {
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => queue.shift()?.();
  return (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  };
}
