// When full, refuses the longest-waiting connection and queues the new one.
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export function queueConn(this: baseServer, conn: quicConn, id: string): void {
  void id;
  if (this.connQueue.trySend(conn)) return;
  const oldest = this.connQueue.tryRecv()!.value as quicConn;
  oldest.closeWithTransportError(TransportErrorCode.ConnectionRefused);
  this.connQueue.trySend(conn);
}
