// The frames whose body is nothing but varint fields, described by one table instead of nine
// copies of the same code (quic-go has a file each: reset_stream_frame.go, max_data_frame.go, …).
// For MAX_STREAMS and STREAMS_BLOCKED the type byte also says which kind of stream is meant.
import { MaxStreamCount } from '../protocol/stream.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import { FrameType, type Frame, type StreamType } from './frame.ts';
import type { ByteSink, Reader } from './varint.ts';

export type VarintFrame = Extract<
  Frame,
  {
    type:
      | 'reset_stream'
      | 'stop_sending'
      | 'max_data'
      | 'max_stream_data'
      | 'max_streams'
      | 'data_blocked'
      | 'stream_data_blocked'
      | 'streams_blocked'
      | 'retire_connection_id';
  }
>;

/** Any numeric field name of these frames. */
type VarintField = {
  [K in VarintFrame['type']]: Exclude<keyof Extract<VarintFrame, { type: K }>, 'type' | 'streamType'>;
}[VarintFrame['type']];

interface Layout {
  type: VarintFrame['type'];
  streamType?: StreamType;
  /** The varint fields in wire order. */
  fields: readonly VarintField[];
}

const layouts: ReadonlyMap<number, Layout> = new Map<number, Layout>([
  [FrameType.ResetStream, { type: 'reset_stream', fields: ['streamID', 'errorCode', 'finalSize'] }], // §19.4
  [FrameType.StopSending, { type: 'stop_sending', fields: ['streamID', 'errorCode'] }], // §19.5
  [FrameType.MaxData, { type: 'max_data', fields: ['maximumData'] }], // §19.9
  [FrameType.MaxStreamData, { type: 'max_stream_data', fields: ['streamID', 'maximumStreamData'] }], // §19.10
  [FrameType.BidiMaxStreams, { type: 'max_streams', streamType: 'bidi', fields: ['maxStreamNum'] }], // §19.11
  [FrameType.UniMaxStreams, { type: 'max_streams', streamType: 'uni', fields: ['maxStreamNum'] }],
  [FrameType.DataBlocked, { type: 'data_blocked', fields: ['maximumData'] }], // §19.12
  [FrameType.StreamDataBlocked, { type: 'stream_data_blocked', fields: ['streamID', 'maximumStreamData'] }], // §19.13
  [FrameType.BidiStreamsBlocked, { type: 'streams_blocked', streamType: 'bidi', fields: ['streamLimit'] }], // §19.14
  [FrameType.UniStreamsBlocked, { type: 'streams_blocked', streamType: 'uni', fields: ['streamLimit'] }],
  [FrameType.RetireConnectionID, { type: 'retire_connection_id', fields: ['sequenceNumber'] }], // §19.16
]);

export function isVarintFrameType(typ: number): boolean {
  return layouts.has(typ);
}

export function parseVarintFrame(r: Reader, typ: number): VarintFrame {
  const layout = layouts.get(typ)!;
  const frame: Record<string, unknown> = { type: layout.type };
  if (layout.streamType) frame.streamType = layout.streamType;
  for (const field of layout.fields) frame[field] = r.readVarint();
  // Stream counts above 2^60 would need stream IDs beyond 2^62 (§19.11, §19.14).
  const count = frame.maxStreamNum ?? frame.streamLimit;
  if (typeof count === 'number' && count > MaxStreamCount) {
    throw protocolError(TransportErrorCode.FrameEncodingError, `${count} streams exceed the maximum stream count`);
  }
  return frame as unknown as VarintFrame;
}

function frameTypeOf(f: VarintFrame): number {
  const streamType = 'streamType' in f ? f.streamType : undefined;
  for (const [typ, layout] of layouts) if (layout.type === f.type && layout.streamType === streamType) return typ;
  throw new Error(`not a varint frame: ${f.type}`);
}

export function writeVarintFrame(w: ByteSink, f: VarintFrame): void {
  const typ = frameTypeOf(f);
  w.writeUint8(typ);
  const values = f as unknown as Record<VarintField, number>;
  for (const field of layouts.get(typ)!.fields) w.writeVarint(values[field]);
}
