// Waits quic-go's default 5 s, not the map's deleteRetiredConnsAfter.
import { connIDToHex, type ConnectionID } from '../../../src/internal/protocol/protocol.ts';
import type { packetHandlerMap } from '../../../src/packet_handler_map.ts';

export function retire(this: packetHandlerMap, id: ConnectionID): void {
  const key = connIDToHex(id);
  this.clock.setTimer(5000, () => this.handlers.delete(key));
}
