// Exercise 11.1, reference solution.
import type { packetHandler } from '../../../src/packet_handler_map.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';
import type { receivedPacket } from '../../../src/sys_conn.ts';

export function handleConnIDCollision(
  this: baseServer,
  _conn: quicConn,
  p: receivedPacket,
  owner: packetHandler | undefined,
  cancel: (cause: Error) => void,
): void {
  // run() never started and addWithConnID added nothing: the connection holds only its context.
  // Running it to close it would replace the client's DCID, which is owner's, with a closed entry.
  cancel(new Error('connection ID collision'));
  // What the second look-up would have done had the other entry been there a moment earlier.
  owner?.handlePacket(p);
}
