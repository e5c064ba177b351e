// Keeps routing the retired ID forever.
import { connIDToHex, type ConnectionID } from '../../../src/internal/protocol/protocol.ts';
import type { packetHandlerMap } from '../../../src/packet_handler_map.ts';

export function retire(this: packetHandlerMap, id: ConnectionID): void {
  void id;
  void connIDToHex;
}
