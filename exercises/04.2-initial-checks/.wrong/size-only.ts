// Checks the size but lets any long-header type through.
import { MinInitialPacketSize, PacketType } from '../../../src/internal/protocol/protocol.ts';
import type { Header } from '../../../src/internal/wire/header.ts';
import { packetSize, type receivedPacket } from '../../../src/sys_conn.ts';
import type { baseServer } from '../../../src/server.ts';

export function canStartConnection(this: baseServer, p: receivedPacket, hdr: Header): boolean {
  void MinInitialPacketSize;
  void packetSize;
  void hdr;
  void PacketType;
  return packetSize(p) >= MinInitialPacketSize;
}
