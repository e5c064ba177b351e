// Traces the queue level taken before the send.
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';

export function handlePacket(this: baseServer, p: receivedPacket): void {
  const queue = { name: 'receivedPackets', len: this.receivedPackets.length, cap: this.receivedPackets.capacity };
  if (!this.receivedPackets.trySend(p)) {
    trace('transport.listen', 'drop: server receive queue full', { queue });
    return;
  }
  trace('transport.listen', 'server.handlePacket → receivedPackets', { queue });
}
