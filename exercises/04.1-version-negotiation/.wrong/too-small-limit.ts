// Answers anything of 1000 bytes or more.
import { MinUnknownVersionPacketSize } from '../../../src/internal/protocol/protocol.ts';
import { packetSize, type receivedPacket } from '../../../src/sys_conn.ts';
import type { baseServer } from '../../../src/server.ts';

export function handleUnsupportedVersion(this: baseServer, p: receivedPacket): void {
  void MinUnknownVersionPacketSize;
  if (this.disableVersionNegotiation) return;
  if (packetSize(p) < 1000) return;
  this.enqueueVersionNegotiationPacket(p);
}
