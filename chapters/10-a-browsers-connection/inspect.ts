// Reading a browser's first datagrams with the stack's own pieces: the Initial keys (RFC 9001
// §5.2) open each Initial packet, the frame parser lists its frames, the CRYPTO bytes reassemble
// into the ClientHello, and its extensions and QUIC transport parameters are listed by code point.
import { Perspective, EncryptionLevel, PacketType } from '../../src/internal/protocol/protocol.ts';
import { newInitialAEAD } from '../../src/internal/handshake/initial_aead.ts';
import { parseClientHello, type clientHelloMsg } from '../../src/internal/tls/handshake_messages.ts';
import { isLongHeaderPacket, parsePacket } from '../../src/internal/wire/header.ts';
import { parseNextFrame } from '../../src/internal/wire/frame_parser.ts';
import { Reader } from '../../src/internal/wire/varint.ts';
import { unpackLongHeader } from '../../src/packet_unpacker.ts';
import type { rawConn, receivedPacket, UDPAddr } from '../../src/sys_conn.ts';

/** A socket that keeps a copy of every datagram it receives (the stack removes header protection in place). */
export class RecordingConn implements rawConn {
  readonly received: { from: string; data: Uint8Array }[] = [];
  constructor(private readonly inner: rawConn) {}
  async readPacket(): Promise<receivedPacket> {
    const p = await this.inner.readPacket();
    this.received.push({ from: `${p.remoteAddr.address}:${p.remoteAddr.port}`, data: p.data.slice() });
    return p;
  }
  writePacket(data: Uint8Array, addr: UDPAddr): void {
    this.inner.writePacket(data, addr);
  }
  localAddr(): UDPAddr {
    return this.inner.localAddr();
  }
  close(): void {
    this.inner.close();
  }
}

const typeNames: Record<number, string> = { [PacketType.Initial]: 'Initial', [PacketType.Handshake]: 'Handshake', [PacketType.ZeroRTT]: '0-RTT' };

export interface PacketInfo {
  kind: string;
  length: number;
  /** Initial packets only: the frames, e.g. ["crypto 0+1211", "padding 13"] */
  frames?: string[];
  crypto?: { offset: number; data: Uint8Array }[];
  dcid?: Uint8Array;
}

/** The packets of one datagram: long-header packets one by one, then a short-header packet if any. */
export function packetsOf(datagram: Uint8Array, initialDCID?: Uint8Array): PacketInfo[] {
  const out: PacketInfo[] = [];
  let rest = datagram;
  while (rest.length > 0) {
    if (!isLongHeaderPacket(rest[0]!)) {
      out.push({ kind: '1-RTT', length: rest.length });
      break;
    }
    const { hdr, packetData, rest: next } = parsePacket(rest);
    const info: PacketInfo = { kind: typeNames[hdr.type] ?? `type ${hdr.type}`, length: packetData.length, dcid: hdr.destConnectionID };
    if (hdr.type === PacketType.Initial) {
      const [, opener] = newInitialAEAD(initialDCID ?? hdr.destConnectionID, Perspective.Server, hdr.version);
      const { payload } = unpackLongHeader(opener, hdr, packetData.slice());
      const r = new Reader(payload);
      info.frames = [];
      info.crypto = [];
      for (let f = parseNextFrame(r, EncryptionLevel.Initial, 3); f; f = parseNextFrame(r, EncryptionLevel.Initial, 3)) {
        if (f.type === 'crypto') {
          info.frames.push(`crypto ${f.offset}+${f.data.length}`);
          info.crypto.push({ offset: f.offset, data: f.data });
        } else if (f.type === 'padding') info.frames.push(`padding ${f.length}`);
        else info.frames.push(f.type);
      }
    }
    out.push(info);
    rest = next;
  }
  return out;
}

/** The CRYPTO stream from offset 0, as far as it is contiguous. */
export function reassemble(pieces: { offset: number; data: Uint8Array }[]): Uint8Array {
  const sorted = [...pieces].sort((a, b) => a.offset - b.offset);
  const out: number[] = [];
  for (const p of sorted) {
    if (p.offset > out.length) break;
    for (let i = out.length - p.offset; i < p.data.length; i++) out.push(p.data[i]!);
  }
  return Uint8Array.from(out);
}

/** The ClientHello parsed by our TLS stack, and the code points of all its extensions in order. */
export function clientHello(crypto: Uint8Array): { hello: clientHelloMsg; length: number; extensions: number[] } {
  const length = 4 + ((crypto[1]! << 16) | (crypto[2]! << 8) | crypto[3]!);
  const raw = crypto.subarray(0, length);
  const r = new Reader(raw, 4 + 2 + 32); // type, length, legacy_version, random
  r.skip(r.readUint8()); // legacy_session_id
  r.skip(r.readUint(2)); // cipher_suites
  r.skip(r.readUint8()); // compression_methods
  const end = r.readUint(2) + r.offset;
  const extensions: number[] = [];
  while (r.offset < end) {
    extensions.push(r.readUint(2));
    r.skip(r.readUint(2));
  }
  return { hello: parseClientHello(raw), length, extensions };
}

/**
 * The transport parameters as (id, value bytes) pairs, unknown ones included (RFC 9000 §18). Ids
 * are BigInt: reserved (GREASE) ids of the form 31·N+27 use all 62 bits.
 */
export function transportParameterList(data: Uint8Array): { id: bigint; value: Uint8Array }[] {
  const r = new Reader(data);
  const out: { id: bigint; value: Uint8Array }[] = [];
  while (r.remaining > 0) {
    const len = 1 << (r.data[r.offset]! >> 6);
    let id = BigInt(r.readUint8() & 0x3f);
    for (let i = 1; i < len; i++) id = id * 256n + BigInt(r.readUint8());
    out.push({ id, value: r.readBytes(r.readVarint()) });
  }
  return out;
}
