// Looks for a stateless reset before looking up the connection ID.
import { isLongHeaderPacket, parseConnectionID } from '../../../src/internal/wire/header.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import type { Transport } from '../../../src/transport.ts';

export function handlePacket(this: Transport, p: receivedPacket): void {
  if (p.data.length === 0) return;
  const first = p.data[0]!;
  if ((first & 0x40) === 0 && !isLongHeaderPacket(first)) return;
  let connID;
  try {
    connID = parseConnectionID(p.data, this.connIDLen);
  } catch {
    return;
  }
  if (this.maybeHandleStatelessReset(p.data)) return;
  const handler = this.handlerMap.get(connID);
  if (handler) return handler.handlePacket(p);
  if (!isLongHeaderPacket(first)) return this.maybeSendStatelessReset(p);
  this.server?.handlePacket(p);
}
