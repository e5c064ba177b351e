// Exercise 11.1, a wrong solution: only skips the wait. server.run goes on, but the connection
// never runs, so its context never ends, and the Initial is lost.
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { packetHandler } from '../../../src/packet_handler_map.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export function handleConnIDCollision(this: baseServer, conn: quicConn, _p: receivedPacket, _owner: packetHandler | undefined): void {
  void conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
}
