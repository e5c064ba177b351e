// Exercise 04.2, reference solution.
import { MinInitialPacketSize, PacketType } from '../../../src/internal/protocol/protocol.ts';
import type { Header } from '../../../src/internal/wire/header.ts';
import { packetSize, type receivedPacket } from '../../../src/sys_conn.ts';
import { trace } from '../../../src/trace.ts';
import type { baseServer } from '../../../src/server.ts';

/** Traces a dropped packet, as the server's own drops do. */
function drop(p: receivedPacket, why: string): void {
  trace('server.run', `drop: ${why}`, { detail: `${p.data.length} bytes` });
}

export function canStartConnection(this: baseServer, p: receivedPacket, hdr: Header): boolean {
  if (hdr.type === PacketType.Initial && packetSize(p) < MinInitialPacketSize) {
    drop(p, `Initial in a datagram of ${packetSize(p)} bytes (< ${MinInitialPacketSize})`);
    return false;
  }
  if (hdr.type !== PacketType.Initial) {
    drop(p, `long header packet of type ${PacketType[hdr.type]}`);
    return false;
  }
  return true;
}
