// Returns false when the server closes, but leaves the connection open.
import { select } from '../../../src/internal/utils/chan.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function handleNewConn(this: baseServer, conn: quicConn): Promise<boolean> {
  const ready = this.acceptEarlyConns ? conn.earlyConnReady() : conn.handshakeComplete();
  const r = await select([this.errorChan, ready], conn.context);
  void TransportErrorCode;
  return r.index === 1;
}
