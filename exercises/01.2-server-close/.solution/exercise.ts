// Exercise 01.2, reference solution.
import type { baseServer } from '../../../src/server.ts';

export function close(this: baseServer, e: Error, notifyOnClose = true): void {
  if (this.closeErr) return;
  this.closeErr = e;
  this.errorChan.close(); // wakes accept, run, runSendQueue and every handleNewConn
  if (notifyOnClose) this.onClose();
}
