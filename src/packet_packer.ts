// Building outgoing datagrams (quic-go: packet_packer.go). One datagram may coalesce an Initial, a
// Handshake and a 1-RTT packet (RFC 9000 §12.2). Each packet: header, frames (ACK first, then
// control, CRYPTO or STREAM data), padding, then the AEAD seals the payload with the header as
// associated data and header protection hides the packet number (RFC 9001 §5.3–5.4).
import { EncryptionLevel, PacketType, type ConnectionID, type PacketNumber, MinInitialPacketSize } from './internal/protocol/protocol.ts';
import { type Version } from './internal/protocol/version.ts';
import type { PacketNumberLen } from './internal/protocol/packet_number.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import type { AckFrame, ConnectionCloseFrame, CryptoFrame, Frame as WireFrame } from './internal/wire/frame.ts';
import { appendFrame, frameLength } from './internal/wire/frame_writer.ts';
import { appendLongHeader, longHeaderLen, type LongHeaderFields } from './internal/wire/extended_header.ts';
import { appendShortHeader, shortHeaderLen, type KeyPhaseBit } from './internal/wire/short_header.ts';
import { Writer, putVarint } from './internal/wire/varint.ts';
import type { Header } from './internal/wire/header.ts';
import type { LongHeaderSealer, ShortHeaderSealer } from './internal/handshake/aead.ts';
import { newInitialAEAD } from './internal/handshake/initial_aead.ts';
import { Perspective } from './internal/protocol/protocol.ts';
import type { Frame, StreamFrame } from './internal/ackhandler/frame.ts';
import { unpackLongHeader } from './packet_unpacker.ts';

/** The minimum payload so that the header-protection sample exists: pnLen + payload ≥ 4 (RFC 9001 §5.4.2). */
const minPayloadPlusPNLen = 4;
/** The AEAD tag of every TLS 1.3 suite. */
const tagLen = 16;
/** Below this much room a packet is not worth starting. */
const minRoom = 32;
/** A datagram's packets, in order; 0-RTT only while there are no 1-RTT keys (RFC 9001 §4.6.1). */
const allLevels = [EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.ZeroRTT, EncryptionLevel.OneRTT] as const;
const closeLevels = [EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.OneRTT] as const;

/** Where the packer gets its keys. undefined: not available (yet, or any more). */
export interface sealingManager {
  getInitialSealer(): LongHeaderSealer | undefined;
  /** Client: 0-RTT keys, until the server accepts or rejects 0-RTT. */
  get0RTTSealer(): LongHeaderSealer | undefined;
  getHandshakeSealer(): LongHeaderSealer | undefined;
  get1RTTSealer(): ShortHeaderSealer | undefined;
}

/** Packet numbers come from the sent packet handler (one sequence per packet number space). */
export interface packetNumberManager {
  peekPacketNumber(level: EncryptionLevel): { pn: PacketNumber; pnLen: PacketNumberLen };
  popPacketNumber(level: EncryptionLevel): PacketNumber;
}

export interface ackFrameSource {
  getAckFrame(level: EncryptionLevel, now: number, onlyIfQueued: boolean): AckFrame | undefined;
}

/** CRYPTO data of one encryption level, with retransmission of lost frames. */
export interface cryptoFrameSource {
  hasData(): boolean;
  popCryptoFrame(maxLen: number): Frame | undefined;
}

/** Control and STREAM frames for 1-RTT packets (the framer). */
export interface frameSource {
  hasData(): boolean;
  appendControlFrames(frames: Frame[], maxLen: number, now: number, v: Version): number;
  appendStreamFrames(frames: StreamFrame[], maxLen: number, v: Version): number;
}

/** What went into one packet: handed to the sent packet handler. */
export interface packedPacket {
  level: EncryptionLevel;
  packetNumber: PacketNumber;
  frames: Frame[];
  streamFrames: StreamFrame[];
  ack: AckFrame | undefined;
  /** Bytes on the wire, header and tag included. */
  length: number;
  isAckEliciting: boolean;
}

/** One datagram. */
export interface coalescedPacket {
  data: Uint8Array;
  packets: packedPacket[];
}

interface payload {
  frames: Frame[];
  streamFrames: StreamFrame[];
  ack: AckFrame | undefined;
  length: number;
}

const emptyPayload = (): payload => ({ frames: [], streamFrames: [], ack: undefined, length: 0 });

function isAckEliciting(pl: payload): boolean {
  return pl.streamFrames.length > 0 || pl.frames.some((f) => f.frame.type !== 'padding' && f.frame.type !== 'connection_close');
}

export class packetPacker {
  /** Client: the token (from Retry or NEW_TOKEN) our Initials carry. */
  private token: Uint8Array = new Uint8Array(0);

  constructor(
    private srcConnID: ConnectionID,
    private readonly getDestConnID: () => ConnectionID,
    private readonly perspective: Perspective,
    private readonly cs: sealingManager,
    private readonly pnManager: packetNumberManager,
    private readonly acks: ackFrameSource,
    private readonly cryptoStreams: Partial<Record<EncryptionLevel, cryptoFrameSource>>,
    private readonly framer: frameSource,
    private readonly ackDelayExponent: number,
    private version: Version,
  ) {}

  setToken(token: Uint8Array): void {
    this.token = token;
  }

  setVersion(v: Version): void {
    this.version = v;
  }

  /**
   * Packs as much as fits into one datagram: Initial, then Handshake, then 1-RTT (quic-go:
   * PackCoalescedPacket). With onlyAck, packets carry nothing but ACKs (congestion-limited).
   * Returns undefined when there is nothing to send.
   */
  packCoalescedPacket(onlyAck: boolean, maxPacketSize: number, now: number): coalescedPacket | undefined {
    const plan = this.plan(allLevels, maxPacketSize, (level, room) =>
      level === EncryptionLevel.OneRTT || level === EncryptionLevel.ZeroRTT ? this.appDataPayload(level, room, onlyAck, now) : this.cryptoPayload(level, room, onlyAck, now),
    );
    return plan.length === 0 ? undefined : this.write(plan);
  }

  /**
   * A PTO probe (RFC 9002 §6.2.4): an ack-eliciting packet in the given space, with new or
   * retransmitted data if there is any, else a PING (quic-go: MaybePackProbePacket).
   */
  packProbePacket(level: EncryptionLevel, maxPacketSize: number, now: number): coalescedPacket | undefined {
    const plan = this.plan([level], maxPacketSize, (l, room) => {
      const pl = (l === EncryptionLevel.OneRTT ? this.appDataPayload(l, room, false, now) : this.cryptoPayload(l, room, false, now)) ?? emptyPayload();
      if (!isAckEliciting(pl)) {
        pl.frames.push({ frame: { type: 'ping' } });
        pl.length += 1;
      }
      return pl;
    });
    return plan.length === 0 ? undefined : this.write(plan);
  }

  /**
   * A path MTU probe (RFC 9000 §14.4): a 1-RTT packet of exactly `size` bytes, a PING and padding
   * (quic-go: PackMTUProbePacket). Its acknowledgement or loss is all that matters.
   */
  packMTUProbePacket(ping: Frame, size: number): coalescedPacket | undefined {
    const plan = this.plan([EncryptionLevel.OneRTT], size, () => ({ frames: [ping], streamFrames: [], ack: undefined, length: frameLength(ping.frame) }));
    if (plan.length === 0) return undefined;
    plan[0]!.padding += size - packetLen(plan[0]!);
    return this.write(plan);
  }

  /**
   * CONNECTION_CLOSE in every space we have keys for (RFC 9000 §10.2.3): the peer may not have
   * 1-RTT keys yet. Before the handshake is confirmed, an application error must not be revealed in
   * Initial or Handshake packets: it becomes APPLICATION_ERROR without a reason.
   */
  packConnectionClose(ccf: ConnectionCloseFrame, maxPacketSize: number): coalescedPacket {
    const longForm: ConnectionCloseFrame = ccf.isApplicationError
      ? { type: 'connection_close', isApplicationError: false, errorCode: TransportErrorCode.ApplicationErrorErrorCode, frameType: 0, reasonPhrase: '' }
      : ccf;
    return this.write(this.plan(closeLevels, maxPacketSize, (level) => this.singleFrame(level === EncryptionLevel.OneRTT ? ccf : longForm)));
  }

  /** Chooses the packets of one datagram and their payloads, then pads it (RFC 9000 §14.1). */
  private plan(levels: readonly EncryptionLevel[], maxPacketSize: number, payloadFor: (level: EncryptionLevel, room: number) => payload | undefined): plannedPacket[] {
    const plan: plannedPacket[] = [];
    let size = 0;
    for (const level of levels) {
      const sealer = this.sealerFor(level);
      if (!sealer) continue;
      const { pn, pnLen } = this.pnManager.peekPacketNumber(level);
      const hdrLen = this.headerLen(level, pn, pnLen);
      const room = maxPacketSize - size - hdrLen - tagLen;
      if (room < minRoom) break;
      const pl = payloadFor(level, room);
      if (!pl) continue;
      const packet = { level, sealer, pn, pnLen, hdrLen, pl, padding: Math.max(0, minPayloadPlusPNLen - pnLen - pl.length) };
      plan.push(packet);
      size += packetLen(packet);
    }
    // A client pads every datagram with an Initial; a server, those with an ack-eliciting Initial,
    // as far as the anti-amplification budget (maxPacketSize) allows.
    const initial = plan.find((p) => p.level === EncryptionLevel.Initial);
    if (initial && (this.perspective === Perspective.Client || isAckEliciting(initial.pl))) {
      const padTo = this.perspective === Perspective.Client ? Math.max(maxPacketSize, MinInitialPacketSize) : Math.min(MinInitialPacketSize, maxPacketSize);
      if (size < padTo) plan[plan.length - 1]!.padding += padTo - size;
    }
    return plan;
  }

  private sealerFor(level: EncryptionLevel): LongHeaderSealer | ShortHeaderSealer | undefined {
    switch (level) {
      case EncryptionLevel.Initial:
        return this.cs.getInitialSealer();
      case EncryptionLevel.Handshake:
        return this.cs.getHandshakeSealer();
      case EncryptionLevel.ZeroRTT:
        return this.cs.get1RTTSealer() ? undefined : this.cs.get0RTTSealer();
      case EncryptionLevel.OneRTT:
        return this.cs.get1RTTSealer();
      default:
        return undefined;
    }
  }

  private headerLen(level: EncryptionLevel, pn: PacketNumber, pnLen: PacketNumberLen): number {
    return level === EncryptionLevel.OneRTT ? shortHeaderLen(this.getDestConnID(), pnLen) : longHeaderLen(this.longHeader(level, pn, pnLen, 0));
  }

  /** Writes and seals the planned packets into one datagram. */
  private write(plan: plannedPacket[]): coalescedPacket {
    const w = new Writer(plan.reduce((n, p) => n + packetLen(p), 0));
    const packets = plan.map((p) => this.appendPacket(w, p));
    return { data: w.bytes(), packets };
  }

  private singleFrame(f: WireFrame): payload {
    return { frames: [{ frame: f }], streamFrames: [], ack: undefined, length: frameLength(f, this.ackDelayExponent) };
  }

  private longHeader(level: EncryptionLevel, pn: PacketNumber, pnLen: PacketNumberLen, length: number): LongHeaderFields {
    return {
      type: level === EncryptionLevel.Initial ? PacketType.Initial : level === EncryptionLevel.ZeroRTT ? PacketType.ZeroRTT : PacketType.Handshake,
      version: this.version,
      destConnectionID: this.getDestConnID(),
      srcConnectionID: this.srcConnID,
      token: level === EncryptionLevel.Initial && this.perspective === Perspective.Client ? this.token : undefined,
      length,
      packetNumber: pn,
      packetNumberLen: pnLen,
    };
  }

  /** ACK first, then CRYPTO data (quic-go: maybeGetCryptoPacket). */
  private cryptoPayload(level: EncryptionLevel, room: number, onlyAck: boolean, now: number): payload | undefined {
    const crypto = this.cryptoStreams[level]!;
    const hasData = !onlyAck && crypto.hasData();
    const pl = emptyPayload();
    pl.ack = this.acks.getAckFrame(level, now, !hasData);
    if (pl.ack) pl.length += frameLength(pl.ack, this.ackDelayExponent);
    if (hasData) this.appendCryptoFrames(crypto, pl, room);
    return pl.length === 0 ? undefined : pl;
  }

  private appendCryptoFrames(crypto: cryptoFrameSource, pl: payload, room: number): void {
    while (crypto.hasData() && room - pl.length > 16) {
      const f = crypto.popCryptoFrame(room - pl.length);
      if (!f) break;
      pl.frames.push(f);
      pl.length += frameLength(f.frame, this.ackDelayExponent);
    }
  }

  /**
   * ACK, control frames, post-handshake CRYPTO (session tickets), then STREAM data (quic-go:
   * composeNextPacket). A 0-RTT packet carries neither ACK nor CRYPTO frames (RFC 9000 §12.4).
   */
  private appDataPayload(level: EncryptionLevel.ZeroRTT | EncryptionLevel.OneRTT, room: number, onlyAck: boolean, now: number): payload | undefined {
    const is1RTT = level === EncryptionLevel.OneRTT;
    const crypto = this.cryptoStreams[EncryptionLevel.OneRTT]!;
    const hasData = !onlyAck && (this.framer.hasData() || (is1RTT && crypto.hasData()));
    const pl = emptyPayload();
    if (is1RTT) pl.ack = this.acks.getAckFrame(EncryptionLevel.OneRTT, now, !hasData);
    if (pl.ack) pl.length += frameLength(pl.ack, this.ackDelayExponent);
    if (hasData) {
      pl.length += this.framer.appendControlFrames(pl.frames, room - pl.length, now, this.version);
      if (is1RTT) this.appendCryptoFrames(crypto, pl, room);
      pl.length += this.framer.appendStreamFrames(pl.streamFrames, room - pl.length, this.version);
    }
    return pl.length === 0 ? undefined : pl;
  }

  /** One packet: header, payload, then seal in place and protect the header. */
  private appendPacket(w: Writer, p: plannedPacket): packedPacket {
    const start = w.offset;
    if (p.level === EncryptionLevel.OneRTT) {
      appendShortHeader(w, this.getDestConnID(), p.pn, p.pnLen, (p.sealer as ShortHeaderSealer).keyPhase());
    } else {
      // The Length field covers the packet number, the payload and the tag (RFC 9000 §17.2).
      appendLongHeader(w, this.longHeader(p.level, p.pn, p.pnLen, p.pnLen + p.padding + p.pl.length + tagLen));
    }
    const payloadOffset = w.offset;
    this.writePayload(w, p.pl, p.padding);
    const pn = this.pnManager.popPacketNumber(p.level);
    const sealed = p.sealer.seal(w.buffer.subarray(payloadOffset, w.offset), pn, w.buffer.subarray(start, payloadOffset));
    w.offset = payloadOffset;
    w.writeBytes(sealed);
    p.sealer.encryptHeader(w.buffer.subarray(start, w.offset), payloadOffset - p.pnLen - start);
    return {
      level: p.level,
      packetNumber: pn,
      frames: p.pl.frames,
      streamFrames: p.pl.streamFrames,
      ack: p.pl.ack,
      length: w.offset - start,
      isAckEliciting: isAckEliciting(p.pl),
    };
  }

  private writePayload(w: Writer, pl: payload, padding: number): void {
    // PADDING first: it is one zero byte per byte, and the frames after it stay parseable (RFC 9000 §19.1).
    w.writeZeros(padding);
    if (pl.ack) appendFrame(w, pl.ack, this.ackDelayExponent);
    for (const f of pl.frames) appendFrame(w, f.frame, this.ackDelayExponent);
    for (const f of pl.streamFrames) appendFrame(w, f.frame, this.ackDelayExponent);
  }
}

interface plannedPacket {
  level: EncryptionLevel;
  sealer: LongHeaderSealer;
  pn: PacketNumber;
  pnLen: PacketNumberLen;
  hdrLen: number;
  pl: payload;
  padding: number;
}

function packetLen(p: plannedPacket): number {
  return p.hdrLen + p.padding + p.pl.length + tagLen;
}

/**
 * The server's CONNECTION_REFUSED / INVALID_TOKEN reply to a client it has no connection for: an
 * Initial sealed with keys derived from the client's DCID (quic-go: server.go sendError).
 */
export function composeConnectionCloseInitial(hdr: Header, code: TransportErrorCode): Uint8Array {
  const [sealer] = newInitialAEAD(hdr.destConnectionID, Perspective.Server, hdr.version);
  const ccf: ConnectionCloseFrame = { type: 'connection_close', isApplicationError: false, errorCode: code, frameType: 0, reasonPhrase: '' };
  const w = new Writer(256);
  const pnLen = 4;
  appendLongHeader(w, {
    type: PacketType.Initial,
    version: hdr.version,
    destConnectionID: hdr.srcConnectionID,
    srcConnectionID: hdr.destConnectionID,
    length: pnLen + frameLength(ccf) + tagLen,
    packetNumber: 0,
    packetNumberLen: pnLen,
  });
  const payloadOffset = w.offset;
  appendFrame(w, ccf);
  const sealed = sealer.seal(w.buffer.subarray(payloadOffset, w.offset), 0, w.buffer.subarray(0, payloadOffset));
  w.offset = payloadOffset;
  w.writeBytes(sealed);
  const packet = w.bytes();
  sealer.encryptHeader(packet, payloadOffset - pnLen);
  return packet;
}

/** Does this Initial decrypt with the keys of its DCID? (Never answer corrupted packets.) */
export function canOpenInitial(datagram: Uint8Array, hdr: Header): boolean {
  const [, opener] = newInitialAEAD(hdr.destConnectionID, Perspective.Server, hdr.version);
  try {
    unpackLongHeader(opener, hdr, datagram.slice(0, hdr.parsedLen + hdr.length));
    return true;
  } catch {
    return false;
  }
}
