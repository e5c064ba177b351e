// Exercise 06.2: closedLocalConn.handlePacket, re-sending CONNECTION_CLOSE with backoff. See README.md.
import type { closedLocalConn } from '../../src/closed_conn.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';

export function handlePacket(this: closedLocalConn, p: receivedPacket): void {
  this.counter++;
  // TODO: answer only the 1st, 2nd, 4th, 8th, … packet.
  this.sendPacket(p.remoteAddr);
}
