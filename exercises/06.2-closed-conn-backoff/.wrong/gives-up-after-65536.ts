// Stops answering after 65536 packets, as if nobody would send more.
import type { closedLocalConn } from '../../../src/closed_conn.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export function handlePacket(this: closedLocalConn, p: receivedPacket): void {
  this.counter++;
  if (this.counter <= 65536 && (this.counter & (this.counter - 1)) === 0) this.sendPacket(p.remoteAddr);
}
