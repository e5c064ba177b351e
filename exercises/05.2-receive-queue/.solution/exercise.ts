// Exercise 05.2, reference solution.
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';

export function handlePacket(this: baseServer, p: receivedPacket): void {
  if (!this.receivedPackets.trySend(p)) {
    trace('transport.listen', 'drop: server receive queue full', { queue: this.queueLevel() });
    return;
  }
  trace('transport.listen', 'server.handlePacket → receivedPackets', { queue: this.queueLevel() });
}
