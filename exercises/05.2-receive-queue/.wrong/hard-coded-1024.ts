// Compares with quic-go's default capacity, 1024, instead of asking the queue.
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';

export function handlePacket(this: baseServer, p: receivedPacket): void {
  const queue = () => ({ name: 'receivedPackets', len: this.receivedPackets.length, cap: 1024 });
  if (this.receivedPackets.length >= 1024) {
    trace('transport.listen', 'drop: server receive queue full', { queue: queue() });
    return;
  }
  this.receivedPackets.trySend(p);
  trace('transport.listen', 'server.handlePacket → receivedPackets', { queue: queue() });
}
