// Exercise 06.2, reference solution.
import type { closedLocalConn } from '../../../src/closed_conn.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export function handlePacket(this: closedLocalConn, p: receivedPacket): void {
  this.counter++;
  // Exponential backoff (RFC 9000 §10.2.1): only when the counter is a power of two.
  if ((this.counter & (this.counter - 1)) !== 0) return;
  this.sendPacket(p.remoteAddr);
}
