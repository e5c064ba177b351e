// Exercise 04.2: baseServer.canStartConnection, our function for the checks quic-go has inline in
// handlePacketImpl, from the `PacketTypeInitial` size check (server.go:438-455). See README.md.
import { PacketType } from '../../src/internal/protocol/protocol.ts';
import type { Header } from '../../src/internal/wire/header.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';
import { trace } from '../../src/trace.ts';
import type { baseServer } from '../../src/server.ts';

/** Traces a dropped packet, as the server's own drops do. */
function drop(p: receivedPacket, why: string): void {
  trace('server.run', `drop: ${why}`, { detail: `${p.data.length} bytes` });
}

export function canStartConnection(this: baseServer, p: receivedPacket, hdr: Header): boolean {
  // TODO: any Initial gets through, whatever the size of its datagram.
  if (hdr.type !== PacketType.Initial) {
    drop(p, `long header packet of type ${PacketType[hdr.type]}`);
    return false;
  }
  return true;
}
