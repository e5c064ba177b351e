// Counts against quic-go's default of 32 instead of asking the queue.
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export function queueConn(this: baseServer, conn: quicConn, id: string): void {
  void id;
  if (this.connQueue.length >= 32) {
    conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
    return;
  }
  void this.connQueue.send(conn);
}
