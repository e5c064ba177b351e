// The connection IDs we issue to the peer (quic-go: conn_id_generator.go; RFC 9000 §5.1).
// Each one is routed to this connection through the transport's handler map.
import type { ConnectionID } from './internal/protocol/protocol.ts';
import { connIDEqual } from './internal/protocol/protocol.ts';
import { MaxIssuedConnectionIDs } from './internal/protocol/params.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';
import type { Frame } from './internal/wire/frame.ts';
import type { ConnectionIDGenerator } from './interface.ts';
import type { connRunner, packetHandler } from './packet_handler_map.ts';

export class connIDGenerator {
  private highestSeq = 0;
  private readonly activeSrcConnIDs = new Map<number, ConnectionID>();

  /**
   * @param initialClientDestConnID server only: the DCID the client picked, routed until the
   *   handshake completes, then retired.
   */
  constructor(
    initialConnectionID: ConnectionID,
    private initialClientDestConnID: ConnectionID | undefined,
    private readonly runner: connRunner,
    private readonly handler: packetHandler,
    private readonly queueControlFrame: (f: Frame) => void,
    private readonly generator: ConnectionIDGenerator,
  ) {
    this.activeSrcConnIDs.set(0, initialConnectionID);
  }

  /** The peer's active_connection_id_limit arrived: issue IDs up to it (at most 6). */
  setMaxActiveConnIDs(limit: number): void {
    if (this.generator.connectionIDLen() === 0) return;
    for (let i = this.activeSrcConnIDs.size; i < Math.min(limit, MaxIssuedConnectionIDs); i++) this.issueNewConnID();
  }

  /** RETIRE_CONNECTION_ID (RFC 9000 §19.16): replace the retired ID with a fresh one. */
  retire(seq: number, sentWithDestConnID: ConnectionID): void {
    if (seq > this.highestSeq) {
      throw protocolError(TransportErrorCode.ProtocolViolation, `retired connection ID ${seq} (highest issued: ${this.highestSeq})`);
    }
    const connID = this.activeSrcConnIDs.get(seq);
    if (!connID) return;
    if (connIDEqual(connID, sentWithDestConnID)) {
      throw protocolError(
        TransportErrorCode.ProtocolViolation,
        `retired connection ID ${seq}, which was used as the Destination Connection ID on this packet`,
      );
    }
    this.runner.retire(connID);
    this.activeSrcConnIDs.delete(seq);
    if (seq !== 0) this.issueNewConnID();
  }

  private issueNewConnID(): void {
    const connID = this.generator.generateConnectionID();
    this.highestSeq++;
    this.activeSrcConnIDs.set(this.highestSeq, connID);
    this.runner.add(connID, this.handler);
    this.queueControlFrame({
      type: 'new_connection_id',
      sequenceNumber: this.highestSeq,
      retirePriorTo: 0,
      connectionID: connID,
      statelessResetToken: this.runner.getStatelessResetToken(connID),
    });
  }

  /** The client's original DCID is no longer needed once the handshake is complete. */
  setHandshakeComplete(): void {
    if (this.initialClientDestConnID) {
      this.runner.retire(this.initialClientDestConnID);
      this.initialClientDestConnID = undefined;
    }
  }

  /** Every ID this connection is reachable by (for replaceWithClosed / removal). */
  allConnIDs(): ConnectionID[] {
    const ids = [...this.activeSrcConnIDs.values()];
    if (this.initialClientDestConnID) ids.push(this.initialClientDestConnID);
    return ids;
  }
}
