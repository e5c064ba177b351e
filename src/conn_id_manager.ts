// The peer's connection IDs, the ones we send to (quic-go: conn_id_manager.go; RFC 9000 §5.1.1-5.1.2).
import type { ConnectionID, StatelessResetToken } from './internal/protocol/protocol.ts';
import { connIDEqual } from './internal/protocol/protocol.ts';
import { MaxActiveConnectionIDs } from './internal/protocol/params.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';
import type { Frame, NewConnectionIDFrame } from './internal/wire/frame.ts';

interface peerConnID {
  seq: number;
  connID: ConnectionID;
  resetToken?: StatelessResetToken;
}

export class connIDManager {
  private active: peerConnID;
  /** IDs the peer issued that we have not started using, by sequence number. */
  private readonly queue: peerConnID[] = [];
  private highestRetired = 0;
  private handshakeComplete = false;

  constructor(
    initialDestConnID: ConnectionID,
    private readonly addStatelessResetToken: (t: StatelessResetToken) => void,
    private readonly removeStatelessResetToken: (t: StatelessResetToken) => void,
    private readonly queueControlFrame: (f: Frame) => void,
  ) {
    this.active = { seq: 0, connID: initialDestConnID };
  }

  /** The DCID for our next packet. */
  get(): ConnectionID {
    return this.active.connID;
  }

  /** Client: the server picked its own connection ID in its first Initial (or in a Retry). */
  changeInitialConnID(newConnID: ConnectionID): void {
    this.active = { seq: 0, connID: newConnID };
  }

  /** Client: the server's stateless_reset_token transport parameter belongs to sequence number 0. */
  setStatelessResetToken(token: StatelessResetToken): void {
    this.active.resetToken = token;
    this.addStatelessResetToken(token);
  }

  /** NEW_CONNECTION_ID (RFC 9000 §19.15). */
  add(f: NewConnectionIDFrame): void {
    if (this.active.connID.length === 0) {
      throw protocolError(TransportErrorCode.ProtocolViolation, 'NEW_CONNECTION_ID for a zero-length connection ID');
    }
    if (f.sequenceNumber < this.highestRetired) {
      // already retired: tell the peer again, it may not have seen our RETIRE_CONNECTION_ID
      this.queueControlFrame({ type: 'retire_connection_id', sequenceNumber: f.sequenceNumber });
      return;
    }
    const known = f.sequenceNumber === this.active.seq ? this.active : this.queue.find((c) => c.seq === f.sequenceNumber);
    if (known) {
      if (!connIDEqual(known.connID, f.connectionID)) {
        throw protocolError(TransportErrorCode.ProtocolViolation, `received conflicting connection IDs for sequence number ${f.sequenceNumber}`);
      }
      return;
    }
    this.queue.push({ seq: f.sequenceNumber, connID: f.connectionID, resetToken: f.statelessResetToken });
    this.queue.sort((a, b) => a.seq - b.seq);
    if (f.retirePriorTo > this.highestRetired) {
      for (const c of this.queue.filter((c) => c.seq < f.retirePriorTo)) this.retire(c);
      this.highestRetired = f.retirePriorTo;
      if (this.active.seq < f.retirePriorTo) this.switchToNext();
    }
    // Counted after retiring (RFC 9000 §5.1.1): the one in use and the queued ones together.
    if (1 + this.queue.length > MaxActiveConnectionIDs) {
      throw protocolError(TransportErrorCode.ConnectionIDLimitError, `more than ${MaxActiveConnectionIDs} active connection IDs`);
    }
  }

  private retire(c: peerConnID): void {
    const i = this.queue.indexOf(c);
    if (i >= 0) this.queue.splice(i, 1);
    this.queueControlFrame({ type: 'retire_connection_id', sequenceNumber: c.seq });
  }

  private switchToNext(): void {
    const next = this.queue.shift();
    if (!next) return;
    if (this.active.resetToken) this.removeStatelessResetToken(this.active.resetToken);
    if (this.handshakeComplete || this.active.seq < this.highestRetired) {
      this.queueControlFrame({ type: 'retire_connection_id', sequenceNumber: this.active.seq });
    }
    this.active = next;
    if (next.resetToken) this.addStatelessResetToken(next.resetToken);
  }

  setHandshakeComplete(): void {
    this.handshakeComplete = true;
  }

  /** Our reset tokens leave the transport's map with the connection. */
  close(): void {
    if (this.active.resetToken) this.removeStatelessResetToken(this.active.resetToken);
  }
}
