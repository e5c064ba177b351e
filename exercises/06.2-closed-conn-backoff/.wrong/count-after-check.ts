// Checks the counter before counting this packet.
import type { closedLocalConn } from '../../../src/closed_conn.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export function handlePacket(this: closedLocalConn, p: receivedPacket): void {
  if ((this.counter & (this.counter - 1)) === 0) this.sendPacket(p.remoteAddr);
  this.counter++;
}
