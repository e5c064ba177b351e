// Writing frames and measuring them (quic-go: the Append and Length methods of every frame).
// Each frame is encoded by one function; its length is what that function would write
// (LengthCounter), so the two can never disagree.
import { AckDelayExponent } from '../protocol/params.ts';
import { writeAckFrame } from './ack_frame.ts';
import { writeConnectionCloseFrame } from './connection_close_frame.ts';
import { writeNewConnectionIDFrame } from './connection_id_frames.ts';
import { writeCryptoFrame } from './crypto_frame.ts';
import { writeDatagramFrame } from './datagram_frame.ts';
import { FrameType, type Frame } from './frame.ts';
import { writeStreamFrame } from './stream_frame.ts';
import { writeNewTokenFrame, writePathFrame } from './token_and_path_frames.ts';
import { writeVarintFrame } from './varint_frames.ts';
import { encodedLength, type ByteSink } from './varint.ts';

/**
 * Appends frame f. ACK delays are encoded with `ackDelayExponent`, our own ack_delay_exponent
 * (quic-go always uses protocol.AckDelayExponent = 3, which is also the default for
 * Initial and Handshake ACKs).
 */
export function appendFrame(w: ByteSink, f: Frame, ackDelayExponent = AckDelayExponent): void {
  switch (f.type) {
    case 'padding':
      w.writeBytes(new Uint8Array(f.length));
      return;
    case 'ping':
      w.writeUint8(FrameType.Ping);
      return;
    case 'handshake_done':
      w.writeUint8(FrameType.HandshakeDone);
      return;
    case 'ack':
      return writeAckFrame(w, f, ackDelayExponent);
    case 'crypto':
      return writeCryptoFrame(w, f);
    case 'stream':
      return writeStreamFrame(w, f);
    case 'new_token':
      return writeNewTokenFrame(w, f);
    case 'new_connection_id':
      return writeNewConnectionIDFrame(w, f);
    case 'path_challenge':
    case 'path_response':
      return writePathFrame(w, f);
    case 'connection_close':
      return writeConnectionCloseFrame(w, f);
    case 'datagram':
      return writeDatagramFrame(w, f);
    case 'reset_stream':
    case 'stop_sending':
    case 'max_data':
    case 'max_stream_data':
    case 'max_streams':
    case 'data_blocked':
    case 'stream_data_blocked':
    case 'streams_blocked':
    case 'retire_connection_id':
      return writeVarintFrame(w, f);
  }
}

/** The exact number of bytes appendFrame writes for f. */
export function frameLength(f: Frame, ackDelayExponent = AckDelayExponent): number {
  return encodedLength((sink) => appendFrame(sink, f, ackDelayExponent));
}
