// Exercise 01.2: baseServer.close (server.go:345-360). See README.md.
import type { baseServer } from '../../src/server.ts';

export function close(this: baseServer, e: Error, notifyOnClose = true): void {
  // TODO: this records the error, but nobody waiting in a select learns about it, and a second
  // close overwrites the first error and calls onClose again.
  this.closeErr = e;
  if (notifyOnClose) this.onClose();
}
