// Calls onClose even when the transport closes the server (notifyOnClose false).
import type { baseServer } from '../../../src/server.ts';

export function close(this: baseServer, e: Error): void {
  if (this.closeErr) return;
  this.closeErr = e;
  this.errorChan.close();
  this.onClose();
}
