// Drops what does not fit without a word.
import type { baseServer } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';

export function handlePacket(this: baseServer, p: receivedPacket): void {
  if (!this.receivedPackets.trySend(p)) return;
  trace('transport.listen', 'server.handlePacket → receivedPackets', { queue: { name: 'receivedPackets', len: this.receivedPackets.length, cap: this.receivedPackets.capacity } });
}
