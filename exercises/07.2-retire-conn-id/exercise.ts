// Exercise 07.2: packetHandlerMap.retire. See README.md.
import { connIDToHex, type ConnectionID } from '../../src/internal/protocol/protocol.ts';
import type { packetHandlerMap } from '../../src/packet_handler_map.ts';

export function retire(this: packetHandlerMap, id: ConnectionID): void {
  // TODO: packets carrying this ID may still be on their way.
  this.handlers.delete(connIDToHex(id));
}
