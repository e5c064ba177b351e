// Exercise 05.2, reference solution.
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';

export function handlePacket(this: baseServer, p: receivedPacket): void {
  // Non-blocking, as quic-go's `select { case s.receivedPackets <- p: default: }` (server.go:366-375):
  // the listen loop must never wait for the server.
  const sent = this.receivedPackets.trySend(p);
  const queue = { name: 'receivedPackets', len: this.receivedPackets.length, cap: this.receivedPackets.capacity };
  if (!sent) {
    trace('transport.listen', 'drop: server receive queue full', { queue });
    return;
  }
  trace('transport.listen', 'server.handlePacket → receivedPackets', { queue });
}
