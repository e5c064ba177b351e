// After the delay, deletes every ID that leads to the same connection.
import { connIDToHex, type ConnectionID } from '../../../src/internal/protocol/protocol.ts';
import type { packetHandlerMap } from '../../../src/packet_handler_map.ts';

export function retire(this: packetHandlerMap, id: ConnectionID): void {
  const key = connIDToHex(id);
  const h = this.handlers.get(key);
  this.clock.setTimer(this.deleteRetiredConnsAfter, () => {
    for (const [k, v] of this.handlers) if (v === h) this.handlers.delete(k);
  });
}
