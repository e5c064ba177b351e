// Exercise 11.1, a wrong solution: starts run() so that the wait ends. The refused connection then
// closes like any other and replaces its IDs, the client's DCID included, with a closed entry.
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import { go } from '../../../src/internal/utils/goroutine.ts';
import type { packetHandler } from '../../../src/packet_handler_map.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export function handleConnIDCollision(this: baseServer, conn: quicConn, _p: receivedPacket, _owner: packetHandler | undefined): Promise<void> {
  go('connection.run', () => conn.run());
  return conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
}
