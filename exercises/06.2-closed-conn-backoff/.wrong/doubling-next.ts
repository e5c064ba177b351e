// Keeps the next packet to answer and doubles it, but starts from the 2nd packet.
import type { closedLocalConn } from '../../../src/closed_conn.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export function handlePacket(this: closedLocalConn, p: receivedPacket): void {
  this.counter++;
  const self = this as unknown as { next?: number };
  self.next ??= 2;
  if (this.counter === self.next || this.counter === 1) {
    if (this.counter === self.next) self.next *= 2;
    this.sendPacket(p.remoteAddr);
  }
  if (this.counter > 4 && this.counter % 2 === 1) self.next = Math.max(self.next, 8);
}
