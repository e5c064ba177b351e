// Exercise 06.1, reference solution.
import type { ConnectionID } from '../../../src/internal/protocol/protocol.ts';
import { isLongHeaderPacket, isPotentialQUICPacket, parseConnectionID } from '../../../src/internal/wire/header.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';
import type { Transport } from '../../../src/transport.ts';
import { trace } from '../../../src/trace.ts';

export function handlePacket(this: Transport, p: receivedPacket): void {
  if (p.data.length === 0) return;
  const first = p.data[0]!;
  if (!isPotentialQUICPacket(first) && !isLongHeaderPacket(first)) {
    trace('transport.listen', 'drop: not a QUIC packet');
    return;
  }
  let connID: ConnectionID;
  try {
    connID = parseConnectionID(p.data, this.connIDLen);
  } catch {
    trace('transport.listen', 'drop: cannot parse connection ID');
    return;
  }
  // An existing connection, or a closed one's placeholder: the server is not involved.
  const handler = this.handlerMap.get(connID);
  if (handler) {
    handler.handlePacket(p);
    return;
  }
  if (this.maybeHandleStatelessReset(p.data)) return;
  if (!isLongHeaderPacket(first)) {
    this.maybeSendStatelessReset(p);
    return;
  }
  if (!this.server) {
    trace('transport.listen', 'drop: unexpected connection ID');
    return;
  }
  this.server.handlePacket(p);
}
