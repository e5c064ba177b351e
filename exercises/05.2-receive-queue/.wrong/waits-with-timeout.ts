// Waits up to 10 ms for room before dropping.
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';

export function handlePacket(this: baseServer, p: receivedPacket): void {
  const queue = () => ({ name: 'receivedPackets', len: this.receivedPackets.length, cap: this.receivedPackets.capacity });
  if (this.receivedPackets.trySend(p)) {
    trace('transport.listen', 'server.handlePacket → receivedPackets', { queue: queue() });
    return;
  }
  this.receivedPackets.send(p, AbortSignal.timeout(10)).catch(() => trace('transport.listen', 'drop: server receive queue full', { queue: queue() }));
}
