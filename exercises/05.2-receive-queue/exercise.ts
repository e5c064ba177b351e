// Exercise 05.2: baseServer.handlePacket, the hand-off from the listen goroutine. See README.md.
import type { baseServer } from '../../src/server.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';
import { trace } from '../../src/trace.ts';

export function handlePacket(this: baseServer, p: receivedPacket): void {
  // TODO: this waits for room when the queue is full, and the listen goroutine with it.
  void this.receivedPackets.send(p);
  const queue = { name: 'receivedPackets', len: this.receivedPackets.length, cap: this.receivedPackets.capacity };
  trace('transport.listen', 'server.handlePacket → receivedPackets', { queue });
}
