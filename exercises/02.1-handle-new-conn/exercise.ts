// Exercise 02.1: baseServer.handleNewConn (server.go:731-754). See README.md.
import type { baseServer, quicConn } from '../../src/server.ts';

export async function handleNewConn(this: baseServer, conn: quicConn): Promise<boolean> {
  // TODO: this waits for the handshake only. It must also give up when the connection dies
  // first, refuse the connection when the server closes first, and, for an EarlyListener,
  // wait for early-readiness instead of the completed handshake.
  await conn.handshakeComplete().recv();
  return true;
}
