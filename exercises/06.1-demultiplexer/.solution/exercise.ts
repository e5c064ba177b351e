// Exercise 06.1, reference solution.
import { connIDToHex, type ConnectionID } from '../../../src/internal/protocol/protocol.ts';
import { isLongHeaderPacket, isPotentialQUICPacket, parseConnectionID } from '../../../src/internal/wire/header.ts';
import { packetSize, type receivedPacket } from '../../../src/sys_conn.ts';
import type { Transport } from '../../../src/transport.ts';
import { trace } from '../../../src/trace.ts';

export function handlePacket(this: Transport, p: receivedPacket): void {
  if (p.data.length === 0) return;
  const first = p.data[0]!;
  if (!isPotentialQUICPacket(first) && !isLongHeaderPacket(first)) {
    trace('transport.listen', 'drop: not a QUIC packet', { detail: `${packetSize(p)} bytes` });
    return;
  }
  let connID: ConnectionID;
  try {
    // Long headers carry the DCID length; short headers have our fixed length.
    connID = parseConnectionID(p.data, this.connIDLen);
  } catch {
    trace('transport.listen', 'drop: cannot parse connection ID');
    return;
  }

  const handler = this.handlerMap.get(connID);
  if (handler) {
    // An existing connection (or a closed-connection placeholder): the server is not involved.
    handler.handlePacket(p);
    return;
  }
  if (this.maybeHandleStatelessReset(p.data)) return;
  if (!isLongHeaderPacket(first)) {
    this.maybeSendStatelessReset(p);
    return;
  }
  if (!this.server) {
    trace('transport.listen', `drop: unexpected connection ID ${connIDToHex(connID)}`);
    return;
  }
  this.server.handlePacket(p);
}
