// Reading the frames of a decrypted packet payload, one at a time (RFC 9000 §12.4, §19;
// quic-go: internal/wire/frame_parser.go).
import { DefaultAckDelayExponent, EncryptionLevel, encryptionLevelName } from '../protocol/protocol.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { TransportError, protocolError } from '../qerr/errors.ts';
import { parseAckFrame } from './ack_frame.ts';
import { parseConnectionCloseFrame } from './connection_close_frame.ts';
import { parseNewConnectionIDFrame } from './connection_id_frames.ts';
import { parseCryptoFrame } from './crypto_frame.ts';
import { parseDatagramFrame } from './datagram_frame.ts';
import { FrameType, type Frame } from './frame.ts';
import { isStreamFrameType, parseStreamFrame } from './stream_frame.ts';
import { parseNewTokenFrame, parsePathFrame } from './token_and_path_frames.ts';
import { isVarintFrameType, parseVarintFrame } from './varint_frames.ts';
import type { Reader } from './varint.ts';

// Which packets may carry which frames: the "Pkts" column of RFC 9000 §12.4, Table 3
// (I = Initial, H = Handshake, 0 = 0-RTT, 1 = 1-RTT). Two refinements from the text:
// only CONNECTION_CLOSE of type 0x1c may appear in Initial and Handshake packets (the "ih" of
// Table 3), and RETIRE_CONNECTION_ID is excluded from 0-RTT as §12.5 and §17.2.3 say
// (the table's "__01" is an erratum). DATAGRAM is allowed in 0-RTT and 1-RTT (RFC 9221 §4).
const permittedPacketTypes: Record<Frame['type'], string> = {
  padding: 'IH01',
  ping: 'IH01',
  ack: 'IH_1',
  reset_stream: '__01',
  stop_sending: '__01',
  crypto: 'IH_1',
  new_token: '___1',
  stream: '__01',
  max_data: '__01',
  max_stream_data: '__01',
  max_streams: '__01',
  data_blocked: '__01',
  stream_data_blocked: '__01',
  streams_blocked: '__01',
  new_connection_id: '__01',
  retire_connection_id: '___1',
  path_challenge: '__01',
  path_response: '___1',
  connection_close: 'IH01',
  handshake_done: '___1',
  datagram: '__01',
};

const levelLetter: Record<EncryptionLevel, string> = {
  [EncryptionLevel.Initial]: 'I',
  [EncryptionLevel.Handshake]: 'H',
  [EncryptionLevel.ZeroRTT]: '0',
  [EncryptionLevel.OneRTT]: '1',
};

/** Whether frame f may be received in a packet of encryption level encLevel. */
export function isAllowedAtEncLevel(f: Frame, encLevel: EncryptionLevel): boolean {
  const letter = levelLetter[encLevel];
  if (f.type === 'connection_close' && f.isApplicationError && (letter === 'I' || letter === 'H')) return false;
  return permittedPacketTypes[f.type].includes(letter);
}

/**
 * Parses the next frame from r, a Reader over the decrypted payload (its error code must be the
 * default FRAME_ENCODING_ERROR). Returns undefined at the end of the payload. A run of PADDING
 * bytes is returned as one PaddingFrame.
 * - `ackDelayExponent`: the peer's ack_delay_exponent transport parameter, applied to ACK frames
 *   in 1-RTT packets. Initial and Handshake ACKs use the default 3, as quic-go does: they may
 *   arrive before the peer's transport parameters are known.
 * - `supportsDatagrams`: whether we announced max_datagram_frame_size (RFC 9221 §3).
 * Errors are TransportErrors carrying the offending frame type: FRAME_ENCODING_ERROR for an
 * unknown type or a malformed frame, PROTOCOL_VIOLATION for a frame not allowed at this level.
 */
export function parseNextFrame(r: Reader, encLevel: EncryptionLevel, ackDelayExponent: number, supportsDatagrams = false): Frame | undefined {
  if (r.remaining === 0) return undefined;
  const typ = r.readVarint();
  let frame: Frame;
  try {
    frame = parseFrame(r, typ, encLevel === EncryptionLevel.OneRTT ? ackDelayExponent : DefaultAckDelayExponent, supportsDatagrams);
  } catch (e) {
    if (e instanceof TransportError && e.frameType === 0) throw protocolError(e.errorCode, e.errorMessage, typ);
    throw e;
  }
  if (!isAllowedAtEncLevel(frame, encLevel)) {
    throw protocolError(TransportErrorCode.ProtocolViolation, `${frame.type} frame not allowed at encryption level ${encryptionLevelName(encLevel)}`, typ);
  }
  return frame;
}

function parseFrame(r: Reader, typ: number, ackDelayExponent: number, supportsDatagrams: boolean): Frame {
  if (isStreamFrameType(typ)) return parseStreamFrame(r, typ);
  if (isVarintFrameType(typ)) return parseVarintFrame(r, typ);
  switch (typ) {
    case FrameType.Padding: {
      let length = 1;
      while (r.remaining > 0 && r.data[r.offset] === FrameType.Padding) {
        r.offset++;
        length++;
      }
      return { type: 'padding', length };
    }
    case FrameType.Ping:
      return { type: 'ping' };
    case FrameType.Ack:
    case FrameType.AckECN:
      return parseAckFrame(r, typ, ackDelayExponent);
    case FrameType.Crypto:
      return parseCryptoFrame(r);
    case FrameType.NewToken:
      return parseNewTokenFrame(r);
    case FrameType.NewConnectionID:
      return parseNewConnectionIDFrame(r);
    case FrameType.PathChallenge:
    case FrameType.PathResponse:
      return parsePathFrame(r, typ);
    case FrameType.ConnectionClose:
    case FrameType.ApplicationClose:
      return parseConnectionCloseFrame(r, typ);
    case FrameType.HandshakeDone:
      return { type: 'handshake_done' };
    case FrameType.Datagram:
    case FrameType.Datagram | 0x01:
      if (!supportsDatagrams) throw protocolError(TransportErrorCode.ProtocolViolation, 'received a DATAGRAM frame without having announced support');
      return parseDatagramFrame(r, typ);
    default:
      throw protocolError(TransportErrorCode.FrameEncodingError, `unknown frame type 0x${typ.toString(16)}`);
  }
}
