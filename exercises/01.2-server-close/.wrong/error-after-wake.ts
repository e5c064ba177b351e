// Wakes the waiters before recording the error: the first one to run reads no closeErr.
import type { baseServer } from '../../../src/server.ts';

export function close(this: baseServer, e: Error, notifyOnClose = true): void {
  if (this.errorChan.isClosed) return;
  this.errorChan.close();
  this.closeErr = e;
  if (notifyOnClose) this.onClose();
}
