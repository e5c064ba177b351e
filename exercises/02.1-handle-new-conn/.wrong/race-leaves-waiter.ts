// Promise.race over recv()s and the context: a waiter stays on errorChan for every connection.
import { select } from '../../../src/internal/utils/chan.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function handleNewConn(this: baseServer, conn: quicConn): Promise<boolean> {
  const ready = this.acceptEarlyConns ? conn.earlyConnReady() : conn.handshakeComplete();
  const died = new Promise<'died'>((r) => (conn.context.aborted ? r('died') : conn.context.addEventListener('abort', () => r('died'), { once: true })));
  const first = await Promise.race([this.errorChan.recv().then(() => 'closed' as const), ready.recv().then(() => 'ready' as const), died]);
  if (first === 'died') return false;
  if (first === 'closed') {
    conn.closeWithTransportError(TransportErrorCode.ConnectionRefused);
    return false;
  }
  void select;
  return true;
}
