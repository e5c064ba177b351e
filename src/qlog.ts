// qlog (draft-ietf-quic-qlog-main-schema, JSON-SEQ serialization): one file per connection, named
// after the original DCID, readable by qvis (https://qvis.quictools.info). Only the events a learner
// needs to follow a connection: packets sent, received (with their frames) and dropped, path MTU
// updates, and the close.
import type { WriteStream } from 'node:fs';
import { nodeBuiltin } from './internal/utils/node_builtin.ts';
import { EncryptionLevel, Perspective, connIDToHex, type ConnectionID } from './internal/protocol/protocol.ts';
import type { Frame } from './internal/wire/frame.ts';

const recordSeparator = '\x1e';

const packetTypes: Record<number, string> = {
  [EncryptionLevel.Initial]: 'initial',
  [EncryptionLevel.Handshake]: 'handshake',
  [EncryptionLevel.ZeroRTT]: '0RTT',
  [EncryptionLevel.OneRTT]: '1RTT',
};

/** qlog's packet types (draft-ietf-quic-qlog-quic-events, PacketType); "unknown" when the header did not parse. */
export type qlogPacketType = 'initial' | 'handshake' | '0RTT' | '1RTT' | 'retry' | 'version_negotiation' | 'unknown';

/** Why a packet was dropped: the `trigger` of qlog's packet_dropped event (draft-ietf-quic-qlog-quic-events). */
export type packetDropTrigger =
  | 'invalid' // the bytes are not a valid packet: header does not parse, fixed bit 0, lengths past the datagram
  | 'unsupported' // a version we do not speak
  | 'duplicate'
  | 'connection_unknown' // a connection ID that is not this connection's
  | 'decryption_failure'
  | 'key_unavailable' // keys not yet there (and no room to keep it), or already discarded
  | 'rejected'; // valid, but not acceptable now (e.g. a second Retry)

/** The qlog name of the packet type of each encryption level. */
export function qlogPacketTypeOf(level: EncryptionLevel): qlogPacketType {
  return packetTypes[level] as qlogPacketType;
}

export class qlogWriter {
  private readonly out: WriteStream;
  private readonly start = performance.now();

  constructor(dir: string, perspective: Perspective, odcid: ConnectionID) {
    const fs = nodeBuiltin('node:fs'); // qlog writes files: Node only (a page leaves qlogDir unset)
    fs.mkdirSync(dir, { recursive: true });
    const role = perspective === Perspective.Server ? 'server' : 'client';
    this.out = fs.createWriteStream(`${dir}/${connIDToHex(odcid)}_${role}.sqlog`);
    this.record({
      qlog_version: '0.3',
      qlog_format: 'JSON-SEQ',
      title: `quic-accept-path-course ${role}`,
      trace: {
        vantage_point: { type: role },
        common_fields: { ODCID: connIDToHex(odcid), time_format: 'relative', reference_time: Date.now() },
      },
    });
  }

  packetSent(level: EncryptionLevel, pn: number, length: number, frames: readonly Frame[]): void {
    this.event('transport:packet_sent', { header: { packet_type: packetTypes[level], packet_number: pn }, raw: { length }, frames: frames.map(qlogFrame) });
  }

  packetReceived(level: EncryptionLevel, pn: number, length: number, frames: readonly Frame[]): void {
    this.event('transport:packet_received', { header: { packet_type: packetTypes[level], packet_number: pn }, raw: { length }, frames: frames.map(qlogFrame) });
  }

  /** A packet that was not processed, and why (qlog's packet_dropped; `details` says more than the trigger). */
  packetDropped(packetType: qlogPacketType, length: number, trigger: packetDropTrigger, details: string): void {
    this.event('transport:packet_dropped', { header: { packet_type: packetType }, raw: { length }, trigger, details: { reason: details } });
  }

  /** Path MTU discovery confirmed a larger datagram size; done: it will probe no further (quic-go's UpdatedMTU). */
  mtuUpdated(mtu: number, done: boolean): void {
    this.event('connectivity:mtu_updated', { new: mtu, done });
  }

  closed(reason: string): void {
    this.event('connectivity:connection_closed', { reason });
    this.out.end();
  }

  private event(name: string, data: object): void {
    this.record({ time: Math.round((performance.now() - this.start) * 1000) / 1000, name, data });
  }

  private record(r: object): void {
    this.out.write(recordSeparator + JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? connIDToHex(v) : v)) + '\n');
  }
}

/** A frame as qlog names it (frame_type) with its fields; payload bytes are summarised by length. */
function qlogFrame(f: Frame): object {
  switch (f.type) {
    case 'stream':
      return { frame_type: 'stream', stream_id: f.streamID, offset: f.offset, length: f.data.length, fin: f.fin };
    case 'crypto':
      return { frame_type: 'crypto', offset: f.offset, length: f.data.length };
    case 'ack':
      return { frame_type: 'ack', ack_delay: f.delayTime, acked_ranges: f.ackRanges.map((r) => [r.smallest, r.largest]) };
    case 'datagram':
      return { frame_type: 'datagram', length: f.data.length };
    default:
      return { ...f, frame_type: f.type, type: undefined };
  }
}
