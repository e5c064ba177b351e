// Exercise 07.2, reference solution.
import { connIDToHex, type ConnectionID } from '../../../src/internal/protocol/protocol.ts';
import type { packetHandlerMap } from '../../../src/packet_handler_map.ts';

export function retire(this: packetHandlerMap, id: ConnectionID): void {
  // Keep routing it for a while: reordered packets still carry it (packet_handler_map.go Retire).
  const key = connIDToHex(id);
  this.clock.setTimer(this.deleteRetiredConnsAfter, () => this.handlers.delete(key));
}
