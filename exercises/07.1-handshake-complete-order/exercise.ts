// Exercise 07.1: baseServer.handleNewConn, the wait between "connection created" and "queued". See README.md.
import type { baseServer, quicConn } from '../../src/server.ts';

export async function handleNewConn(this: baseServer, conn: quicConn): Promise<boolean> {
  // TODO: an early listener, a server that closes, a connection that dies before its handshake completes.
  await conn.handshakeComplete().recv();
  return true;
}
