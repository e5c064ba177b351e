// Throws its own error on abort instead of the signal's reason.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function accept(this: baseServer, signal?: AbortSignal): Promise<quicConn> {
  const r = await select([this.connQueue, this.errorChan], signal);
  if (r.index === -1) throw new Error('accept aborted');
  if (r.index === 1) throw this.closeErr!;
  return r.value as quicConn;
}
