// Exercise 06.1: Transport.handlePacket, the demultiplexer. See README.md.
import type { ConnectionID } from '../../src/internal/protocol/protocol.ts';
import { isLongHeaderPacket, isPotentialQUICPacket, parseConnectionID } from '../../src/internal/wire/header.ts';
import type { receivedPacket } from '../../src/sys_conn.ts';
import type { Transport } from '../../src/transport.ts';
import { trace } from '../../src/trace.ts';

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
  // TODO: a packet for an existing connection must go to that connection, not to the server.
  void connID;
  if (this.maybeHandleStatelessReset(p.data)) return;
  if (!isLongHeaderPacket(first)) {
    this.maybeSendStatelessReset(p);
    return;
  }
  this.server?.handlePacket(p);
}
