// NEW_CONNECTION_ID (RFC 9000 §19.15; quic-go: internal/wire/new_connection_id_frame.go):
//   Type 0x18, Sequence Number, Retire Prior To, Length (8 bits, 1–20), Connection ID,
//   Stateless Reset Token (128 bits).
// RETIRE_CONNECTION_ID is a single varint and lives in varint_frames.ts.
import { MaxConnIDLen } from '../protocol/protocol.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { FrameType, type NewConnectionIDFrame } from './frame.ts';
import type { ByteSink, Reader } from './varint.ts';

const statelessResetTokenLen = 16;

export function parseNewConnectionIDFrame(r: Reader): NewConnectionIDFrame {
  const sequenceNumber = r.readVarint();
  const retirePriorTo = r.readVarint();
  if (retirePriorTo > sequenceNumber) {
    throw protocolError(TransportErrorCode.FrameEncodingError, 'Retire Prior To value higher than Sequence Number');
  }
  const connIDLen = r.readUint8();
  if (connIDLen < 1 || connIDLen > MaxConnIDLen) {
    throw protocolError(TransportErrorCode.FrameEncodingError, `invalid connection ID length: ${connIDLen}`);
  }
  const connectionID = r.readBytes(connIDLen);
  const statelessResetToken = r.readBytes(statelessResetTokenLen);
  return { type: 'new_connection_id', sequenceNumber, retirePriorTo, connectionID, statelessResetToken };
}

export function writeNewConnectionIDFrame(w: ByteSink, f: NewConnectionIDFrame): void {
  w.writeUint8(FrameType.NewConnectionID);
  w.writeVarint(f.sequenceNumber);
  w.writeVarint(f.retirePriorTo);
  w.writeUint8(f.connectionID.length);
  w.writeBytes(f.connectionID);
  w.writeBytes(f.statelessResetToken);
}
