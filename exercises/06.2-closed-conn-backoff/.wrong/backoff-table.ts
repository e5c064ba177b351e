// A table of the powers of two up to 4096.
import type { closedLocalConn } from '../../../src/closed_conn.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export function handlePacket(this: closedLocalConn, p: receivedPacket): void {
  this.counter++;
  const answerAt = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
  if (answerAt.includes(this.counter)) this.sendPacket(p.remoteAddr);
}
