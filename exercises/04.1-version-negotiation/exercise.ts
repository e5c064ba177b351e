// Exercise 04.1: baseServer.handleUnsupportedVersion, our function for the lines quic-go has inline in
// handlePacketImpl after `!protocol.IsSupportedVersion` (server.go:403-416). See README.md.
import { trace } from '../../src/trace.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';
import type { baseServer } from '../../src/server.ts';

/** Traces a dropped packet, as the server's own drops do. */
function drop(p: receivedPacket, why: string): void {
  trace('server.run', `drop: ${why}`, { detail: `${p.data.length} bytes` });
}

export function handleUnsupportedVersion(this: baseServer, p: receivedPacket): void {
  // TODO: this answers every packet of an unknown version. Which ones must it not answer?
  void drop;
  this.enqueueVersionNegotiationPacket(p);
}
