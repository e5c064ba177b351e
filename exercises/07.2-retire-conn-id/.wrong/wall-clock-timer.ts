// Uses setTimeout instead of the map's clock.
import { connIDToHex, type ConnectionID } from '../../../src/internal/protocol/protocol.ts';
import type { packetHandlerMap } from '../../../src/packet_handler_map.ts';

export function retire(this: packetHandlerMap, id: ConnectionID): void {
  const key = connIDToHex(id);
  setTimeout(() => this.handlers.delete(key), this.deleteRetiredConnsAfter).unref();
}
