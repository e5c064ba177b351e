// The packer and the unpacker against each other, with real Initial keys (RFC 9001 §5.2): what one
// packs, the other opens, frame for frame; a client's Initial datagram is padded to 1200 bytes (RFC
// 9000 §14.1); and a datagram coalesces packets in order, Initial first (§12.2).
import { describe, expect, it } from 'vitest';
import type { Frame as AckedFrame } from '../src/internal/ackhandler/frame.ts';
import { newInitialAEAD } from '../src/internal/handshake/initial_aead.ts';
import { EncryptionLevel, PacketType, Perspective, type ConnectionID } from '../src/internal/protocol/protocol.ts';
import { Version1 } from '../src/internal/protocol/version.ts';
import type { Frame } from '../src/internal/wire/frame.ts';
import { parseNextFrame } from '../src/internal/wire/frame_parser.ts';
import { parsePacket } from '../src/internal/wire/header.ts';
import { Reader } from '../src/internal/wire/varint.ts';
import { packetPacker, type cryptoFrameSource } from '../src/packet_packer.ts';
import { packetUnpacker } from '../src/packet_unpacker.ts';

const dcid: ConnectionID = new Uint8Array([0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08]);
const scid: ConnectionID = new Uint8Array([1, 2, 3, 4]);

/** CRYPTO data to send at one level, handed out in frames of at most maxLen bytes. */
function cryptoSource(data: Uint8Array): cryptoFrameSource {
  let offset = 0;
  return {
    hasData: () => offset < data.length,
    popCryptoFrame(maxLen) {
      const n = Math.min(data.length - offset, maxLen - 8);
      if (n <= 0) return undefined;
      const f: AckedFrame = { frame: { type: 'crypto', offset, data: data.subarray(offset, offset + n) } };
      offset += n;
      return f;
    },
  };
}

function clientPacker(crypto: Uint8Array): packetPacker {
  const [sealer] = newInitialAEAD(dcid, Perspective.Client, Version1);
  const pns = new Map<EncryptionLevel, number>();
  return new packetPacker(
    scid,
    () => dcid,
    Perspective.Client,
    { getInitialSealer: () => sealer, get0RTTSealer: () => undefined, getHandshakeSealer: () => undefined, get1RTTSealer: () => undefined },
    {
      peekPacketNumber: (l) => ({ pn: pns.get(l) ?? 0, pnLen: 2 }),
      popPacketNumber: (l) => {
        const pn = pns.get(l) ?? 0;
        pns.set(l, pn + 1);
        return pn;
      },
    },
    { getAckFrame: () => undefined },
    { [EncryptionLevel.Initial]: cryptoSource(crypto) },
    { hasData: () => false, appendControlFrames: () => 0, appendStreamFrames: () => 0 },
    3,
    Version1,
  );
}

/** The server side: opens each packet of a datagram with the server's Initial opener and parses its frames. */
function openDatagram(datagram: Uint8Array): { type: PacketType; pn: number; frames: Frame[] }[] {
  const [, opener] = newInitialAEAD(dcid, Perspective.Server, Version1);
  const unpacker = new packetUnpacker(
    { getInitialOpener: () => opener, getHandshakeOpener: () => undefined, get0RTTOpener: () => undefined, get1RTTOpener: () => undefined },
    scid.length,
  );
  const out = [];
  let rest: Uint8Array = datagram.slice();
  while (rest.length > 0) {
    const { hdr, packetData, rest: after } = parsePacket(rest);
    const p = unpacker.unpackLongHeader(hdr, packetData);
    const r = new Reader(p.data);
    const frames: Frame[] = [];
    for (let f = parseNextFrame(r, p.encryptionLevel, 3); f; f = parseNextFrame(r, p.encryptionLevel, 3)) frames.push(f);
    out.push({ type: hdr.type, pn: p.packetNumber, frames });
    rest = after;
  }
  return out;
}

const hello = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

describe('packetPacker and packetUnpacker', () => {
  it("pads a client's Initial datagram to 1200 bytes, and the server opens the CRYPTO data it carries (RFC 9000 §14.1)", () => {
    const packer = clientPacker(hello(300));
    const dg = packer.packCoalescedPacket(false, 1252, 0)!;
    expect(dg.data.length).toBeGreaterThanOrEqual(1200);
    expect(dg.packets).toHaveLength(1);
    expect(dg.packets[0]!.isAckEliciting).toBe(true);
    const [p] = openDatagram(dg.data);
    expect(p!.type).toBe(PacketType.Initial);
    expect(p!.pn).toBe(0);
    const crypto = p!.frames.filter((f) => f.type === 'crypto');
    expect(crypto).toEqual([{ type: 'crypto', offset: 0, data: hello(300) }]);
    expect(p!.frames.every((f) => f.type === 'crypto' || f.type === 'padding')).toBe(true);
    expect(packer.packCoalescedPacket(false, 1252, 0)).toBeUndefined(); // nothing left to send
  });

  it('splits CRYPTO data larger than a datagram across packets, each within the size limit, with consecutive numbers', () => {
    const data = hello(3000);
    const packer = clientPacker(data);
    const got: Uint8Array[] = [];
    const pns: number[] = [];
    for (let dg = packer.packCoalescedPacket(false, 1252, 0); dg; dg = packer.packCoalescedPacket(false, 1252, 0)) {
      expect(dg.data.length).toBeLessThanOrEqual(1252);
      expect(dg.data.length).toBeGreaterThanOrEqual(1200);
      for (const p of openDatagram(dg.data)) {
        pns.push(p.pn);
        for (const f of p.frames) if (f.type === 'crypto') got.push(f.data);
      }
    }
    expect(pns).toEqual([0, 1, 2]);
    expect(Buffer.concat(got)).toEqual(Buffer.from(data));
  });

  it('a probe with no data left carries a PING (RFC 9002 §6.2.4)', () => {
    const packer = clientPacker(new Uint8Array(0));
    const dg = packer.packProbePacket(EncryptionLevel.Initial, 1252, 0)!;
    const [p] = openDatagram(dg.data);
    // quic-go writes the padding before the frames (packet_packer.go:874).
    expect(p!.frames.map((f) => f.type)).toEqual(['padding', 'ping']);
    expect(dg.data.length).toBeGreaterThanOrEqual(1200);
  });
});
