// Closes errorChan once, but a second close overwrites the error and calls onClose again.
import type { baseServer } from '../../../src/server.ts';

export function close(this: baseServer, e: Error, notifyOnClose = true): void {
  this.closeErr = e;
  if (!this.errorChan.isClosed) this.errorChan.close();
  if (notifyOnClose) this.onClose();
}
