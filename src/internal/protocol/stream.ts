// Stream IDs (RFC 9000 §2.1; quic-go internal/protocol/stream.go). The two low bits of an ID say who
// opened the stream (bit 0: 0 client, 1 server) and its direction (bit 1: 0 bidirectional,
// 1 unidirectional); the rest counts streams of that kind. So the client's bidirectional streams are
// 0, 4, 8, …, the server's 1, 5, 9, …; the client's unidirectional 2, 6, 10, …, the server's 3, 7, 11, ….
import { Perspective, type StreamID } from './protocol.ts';

/** Bidirectional or unidirectional (quic-go: protocol.StreamType, internal/protocol/stream.go). */
export type StreamType = 'bidi' | 'uni';

/**
 * A stream number: the n-th stream of one kind (type and initiator), counted from 1, as MAX_STREAMS
 * and STREAMS_BLOCKED count them (RFC 9000 §4.6).
 */
export type StreamNum = number;

/** quic-go's "no stream number": a stream limit before the peer's transport parameters arrive. */
export const InvalidStreamNum: StreamNum = -1;
/** The largest stream count a MAX_STREAMS frame or transport parameter may carry (RFC 9000 §4.6). */
export const MaxStreamCount: StreamNum = 2 ** 60;

export function streamType(id: StreamID): StreamType {
  return id % 4 >= 2 ? 'uni' : 'bidi';
}

export function initiatedBy(id: StreamID): Perspective {
  return id % 2 === 0 ? Perspective.Client : Perspective.Server;
}

/** How many streams of this kind exist up to and including this one: stream 9 is number 3 (1, 5, 9). */
export function streamNum(id: StreamID): StreamNum {
  return Math.floor(id / 4) + 1;
}

/** The ID of the num-th stream of a kind (num ≥ 1). */
export function streamIDFromNum(num: StreamNum, type: StreamType, initiator: Perspective): StreamID {
  const first = (type === 'uni' ? 2 : 0) + (initiator === Perspective.Server ? 1 : 0);
  return first + 4 * (num - 1);
}
