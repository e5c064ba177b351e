// No check of the fixed bit: anything long enough to hold a connection ID is treated as QUIC.
import { isLongHeaderPacket, parseConnectionID } from '../../../src/internal/wire/header.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import type { Transport } from '../../../src/transport.ts';

export function handlePacket(this: Transport, p: receivedPacket): void {
  if (p.data.length === 0) return;
  const first = p.data[0]!;
  let connID;
  try {
    connID = parseConnectionID(p.data, this.connIDLen);
  } catch {
    return;
  }
  const handler = this.handlerMap.get(connID);
  if (handler) return handler.handlePacket(p);
  if (this.maybeHandleStatelessReset(p.data)) return;
  if (!isLongHeaderPacket(first)) return this.maybeSendStatelessReset(p);
  this.server?.handlePacket(p);
}
