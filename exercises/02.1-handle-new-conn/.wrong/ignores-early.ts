// Always waits for the completed handshake, also on an EarlyListener.
import { select } from '../../../src/internal/utils/chan.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function handleNewConn(this: baseServer, conn: quicConn): Promise<boolean> {
  const r = await select([this.errorChan, conn.handshakeComplete()], conn.context);
  if (r.index === -1) return false;
  if (r.index === 0) {
    conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
    return false;
  }
  void select;
  return true;
}
