// Exercise 04.1, reference solution.
import { MinUnknownVersionPacketSize } from '../../../src/internal/protocol/protocol.ts';
import { packetSize, type receivedPacket } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';
import type { baseServer } from '../../../src/server.ts';

/** Traces a dropped packet, as the server's own drops do. */
function drop(p: receivedPacket, why: string): void {
  trace('server.run', `drop: ${why}`, { detail: `${p.data.length} bytes` });
}

export function handleUnsupportedVersion(this: baseServer, p: receivedPacket): void {
  if (this.disableVersionNegotiation) return;
  if (packetSize(p) < MinUnknownVersionPacketSize) {
    drop(p, 'unknown version, datagram too small for VN');
    return;
  }
  this.enqueueVersionNegotiationPacket(p);
}
