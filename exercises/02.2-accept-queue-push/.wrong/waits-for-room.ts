// Waits for room (a blocking send with a timeout) before refusing.
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export function queueConn(this: baseServer, conn: quicConn, id: string): void {
  void id;
  const timeout = AbortSignal.timeout(100);
  this.connQueue.send(conn, timeout).catch(() => conn.closeWithTransportError(TransportErrorCode.ConnectionRefused));
}
