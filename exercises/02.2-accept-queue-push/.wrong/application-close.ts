// Refuses with an application error code 0x2 instead of the transport's CONNECTION_REFUSED.
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export function queueConn(this: baseServer, conn: quicConn, id: string): void {
  void id;
  if (this.connQueue.trySend(conn)) return;
  void TransportErrorCode;
  conn.closeWithError(TransportErrorCode.ConnectionRefused, 'accept queue full');
}
