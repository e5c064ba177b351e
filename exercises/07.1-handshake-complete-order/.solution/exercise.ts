// Exercise 07.1, reference solution.
import { select } from '../../../src/internal/utils/chan.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function handleNewConn(this: baseServer, conn: quicConn): Promise<boolean> {
  const ready = this.acceptEarlyConns ? conn.earlyConnReady() : conn.handshakeComplete();
  const r = await select([this.errorChan, ready], conn.context);
  if (r.index === -1) return false; // the handshake failed or timed out
  if (r.index === 0) {
    // The server is closing: refuse what is still in its handshake (server.go:735-737).
    conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
    return false;
  }
  return true;
}
