// The interfaces between the transport's handler map and what it routes packets to (quic-go:
// packetHandler in server.go, connRunner in connection.go), in a file of their own so that
// closed_conn.ts, packet_handler_map.ts, connection.ts and server.ts need not import each other.
import type { ConnectionID, StatelessResetToken } from './internal/protocol/protocol.ts';
import type { receivedPacket, UDPAddr } from './sys_conn.ts';

/** Anything that takes packets for a connection ID (server.go:29-33). */
export interface packetHandler {
  handlePacket(p: receivedPacket): void;
  destroy(err: Error): void;
  closeWithTransportError(code: number): void;
}

/** A CONNECTION_CLOSE datagram to re-send for a closed connection. */
export interface closePacket {
  payload: Uint8Array;
  addr: UDPAddr;
}

/** What a connection may do to the map it lives in (quic-go's connRunner). */
export interface connRunner {
  add(id: ConnectionID, h: packetHandler): boolean;
  getStatelessResetToken(id: ConnectionID): StatelessResetToken;
  retire(id: ConnectionID): void;
  remove(id: ConnectionID): void;
  replaceWithClosed(ids: ConnectionID[], connClosePacket: Uint8Array | undefined): void;
  addResetToken(token: StatelessResetToken, h: packetHandler): void;
  removeResetToken(token: StatelessResetToken): void;
}
