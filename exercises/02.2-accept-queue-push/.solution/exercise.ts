// Exercise 02.2, reference solution.
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import { trace } from '../../../src/trace.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export function queueConn(this: baseServer, conn: quicConn, id: string): void {
  if (this.connQueue.trySend(conn)) {
    trace('handleNewConn', 'connQueue <- conn', { conn: id, queue: this.acceptQueueLevel() });
  } else {
    trace('handleNewConn', 'connQueue full: CONNECTION_REFUSED', { conn: id, queue: this.acceptQueueLevel() });
    conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
  }
}
