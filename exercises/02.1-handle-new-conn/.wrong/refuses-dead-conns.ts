// Also sends CONNECTION_REFUSED on a connection whose handshake failed.
import { select } from '../../../src/internal/utils/chan.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function handleNewConn(this: baseServer, conn: quicConn): Promise<boolean> {
  const ready = this.acceptEarlyConns ? conn.earlyConnReady() : conn.handshakeComplete();
  const r = await select([this.errorChan, ready], conn.context);
  if (r.index === 1) return true;
  conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
  return false;
}
