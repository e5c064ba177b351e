// Exercise 11.1: baseServer.handleConnIDCollision. See README.md.
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import type { packetHandler } from '../../src/packet_handler_map.ts';
import type { baseServer, quicConn } from '../../src/server.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';

export function handleConnIDCollision(
  this: baseServer,
  conn: quicConn,
  _p: receivedPacket,
  _owner: packetHandler | undefined,
  _cancel: (cause: Error) => void,
): Promise<void> | void {
  // TODO: v0.47.0's branch, `closeWithTransportError` (server.go:705). It waits for a run() that was never started.
  return conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
}
