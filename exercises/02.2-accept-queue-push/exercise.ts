// Exercise 02.2: the push into connQueue (server.go:722-726). See README.md.
import type { baseServer, quicConn } from '../../src/server.ts';

export function queueConn(this: baseServer, conn: quicConn, id: string): void {
  // TODO: when the accept queue is full, this connection is silently forgotten: it stays open
  // and no accept will ever return it.
  this.connQueue.trySend(conn);
}
