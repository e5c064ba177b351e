// Checks the closed server first: Go's select has no priority between ready cases.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function accept(this: baseServer, signal?: AbortSignal): Promise<quicConn> {
  if (this.errorChan.isClosed) throw this.closeErr!;
  const r = await select([this.connQueue, this.errorChan], signal);
  if (r.index === -1) throw signal!.reason;
  if (r.index === 1) throw this.closeErr!;
  return r.value as quicConn;
}
