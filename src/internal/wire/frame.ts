// The QUIC frames (RFC 9000 §19, DATAGRAM from RFC 9221) as plain data. Parsing and writing live
// in frame_parser.ts and the per-frame files; everything above the wire layer speaks these types.
// Varint values are JavaScript numbers: exact up to 2^53, which covers every offset and count a
// connection can reach; larger limits announced by a peer are effectively "unlimited" either way.
import type { StreamID, PacketNumber, ByteCount, StatelessResetToken, ConnectionID } from '../protocol/protocol.ts';
import type { StreamType } from '../protocol/stream.ts';

/** The frame type byte(s) on the wire (RFC 9000 §12.4, Table 3). */
export const FrameType = {
  Padding: 0x00,
  Ping: 0x01,
  Ack: 0x02,
  AckECN: 0x03,
  ResetStream: 0x04,
  StopSending: 0x05,
  Crypto: 0x06,
  NewToken: 0x07,
  Stream: 0x08, // 0x08–0x0f: OFF (0x04), LEN (0x02) and FIN (0x01) bits
  MaxData: 0x10,
  MaxStreamData: 0x11,
  BidiMaxStreams: 0x12,
  UniMaxStreams: 0x13,
  DataBlocked: 0x14,
  StreamDataBlocked: 0x15,
  BidiStreamsBlocked: 0x16,
  UniStreamsBlocked: 0x17,
  NewConnectionID: 0x18,
  RetireConnectionID: 0x19,
  PathChallenge: 0x1a,
  PathResponse: 0x1b,
  ConnectionClose: 0x1c,
  ApplicationClose: 0x1d,
  HandshakeDone: 0x1e,
  Datagram: 0x30, // 0x30–0x31: LEN bit (RFC 9221 §4)
} as const;

/** Stream directions for MAX_STREAMS and STREAMS_BLOCKED (RFC 9000 §19.11, §19.14). */
export type { StreamType };

/** An inclusive range of acknowledged packet numbers. */
export interface AckRange {
  smallest: PacketNumber;
  largest: PacketNumber;
}

export interface PaddingFrame { type: 'padding'; length: number }
export interface PingFrame { type: 'ping' }
export interface AckFrame {
  type: 'ack';
  /** Descending and disjoint: ackRanges[0].largest is the largest acknowledged. */
  ackRanges: AckRange[];
  /** The ACK Delay field, decoded with the sender's ack_delay_exponent, in milliseconds. */
  delayTime: number;
  ecn?: { ect0: number; ect1: number; ce: number };
}
export interface ResetStreamFrame { type: 'reset_stream'; streamID: StreamID; errorCode: number; finalSize: ByteCount }
export interface StopSendingFrame { type: 'stop_sending'; streamID: StreamID; errorCode: number }
export interface CryptoFrame { type: 'crypto'; offset: ByteCount; data: Uint8Array }
export interface NewTokenFrame { type: 'new_token'; token: Uint8Array }
export interface StreamFrame {
  type: 'stream';
  streamID: StreamID;
  offset: ByteCount;
  data: Uint8Array;
  fin: boolean;
  /** When writing: include the Length field (false only for the last frame of a packet). */
  dataLenPresent?: boolean;
}
export interface MaxDataFrame { type: 'max_data'; maximumData: ByteCount }
export interface MaxStreamDataFrame { type: 'max_stream_data'; streamID: StreamID; maximumStreamData: ByteCount }
export interface MaxStreamsFrame { type: 'max_streams'; streamType: StreamType; maxStreamNum: number }
export interface DataBlockedFrame { type: 'data_blocked'; maximumData: ByteCount }
export interface StreamDataBlockedFrame { type: 'stream_data_blocked'; streamID: StreamID; maximumStreamData: ByteCount }
export interface StreamsBlockedFrame { type: 'streams_blocked'; streamType: StreamType; streamLimit: number }
export interface NewConnectionIDFrame {
  type: 'new_connection_id';
  sequenceNumber: number;
  retirePriorTo: number;
  connectionID: ConnectionID;
  statelessResetToken: StatelessResetToken;
}
export interface RetireConnectionIDFrame { type: 'retire_connection_id'; sequenceNumber: number }
export interface PathChallengeFrame { type: 'path_challenge'; data: Uint8Array /* 8 bytes */ }
export interface PathResponseFrame { type: 'path_response'; data: Uint8Array /* 8 bytes */ }
export interface ConnectionCloseFrame {
  type: 'connection_close';
  /** true: 0x1d, an application error; false: 0x1c, a transport error. */
  isApplicationError: boolean;
  errorCode: number;
  /** Only for transport errors: the frame type that caused it (0 if unknown). */
  frameType: number;
  reasonPhrase: string;
}
export interface HandshakeDoneFrame { type: 'handshake_done' }
export interface DatagramFrame { type: 'datagram'; data: Uint8Array; dataLenPresent?: boolean }

export type Frame =
  | PaddingFrame
  | PingFrame
  | AckFrame
  | ResetStreamFrame
  | StopSendingFrame
  | CryptoFrame
  | NewTokenFrame
  | StreamFrame
  | MaxDataFrame
  | MaxStreamDataFrame
  | MaxStreamsFrame
  | DataBlockedFrame
  | StreamDataBlockedFrame
  | StreamsBlockedFrame
  | NewConnectionIDFrame
  | RetireConnectionIDFrame
  | PathChallengeFrame
  | PathResponseFrame
  | ConnectionCloseFrame
  | HandshakeDoneFrame
  | DatagramFrame;

/** RFC 9002 §2: every frame but ACK, PADDING and CONNECTION_CLOSE elicits an acknowledgement. */
export function isAckEliciting(f: Frame): boolean {
  return f.type !== 'ack' && f.type !== 'padding' && f.type !== 'connection_close';
}
