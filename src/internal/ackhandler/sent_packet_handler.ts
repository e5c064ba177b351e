// The send side of loss recovery (quic-go internal/ackhandler/sent_packet_handler.go; RFC 9002).
// It remembers every ack-eliciting packet until it is acknowledged or declared lost, measures the RTT,
// runs the loss detection timer and the PTO, feeds the congestion controller, and enforces the
// anti-amplification limit (RFC 9000 §8.1). It never reads a clock or arms a timer: the connection
// passes `now` (ms) in and arms one timer for getLossDetectionTimeout().
import type { ByteCount, PacketNumber } from '../protocol/protocol.ts';
import { EncryptionLevel, InvalidPacketNumber, Perspective, encryptionLevelName } from '../protocol/protocol.ts';
import type { PacketNumberLen } from '../protocol/packet_number.ts';
import { packetNumberLengthForHeader } from '../protocol/packet_number.ts';
import {
  InitialPacketSize,
  MaxOutstandingSentPackets,
  MaxTrackedSentPackets,
  SkipPacketInitialPeriod,
  SkipPacketMaxPeriod,
  TimerGranularity,
} from '../protocol/params.ts';
import { TransportErrorCode } from '../qerr/error_codes.ts';
import { protocolError } from '../qerr/errors.ts';
import type { RTTStats } from '../utils/rtt_stats.ts';
import { random } from '../utils/rand.ts';
import type { AckFrame } from '../wire/frame.ts';
import type { SendAlgorithmWithDebugInfos } from '../congestion/interface.ts';
import { cubicSender } from '../congestion/cubic_sender.ts';
import { hasAckElicitingFrames } from './ack_eliciting.ts';
import type { Frame, StreamFrame } from './frame.ts';
import type { SentPacket } from './packet.ts';
import type { packetNumberGenerator } from './packet_number_generator.ts';
import { sequentialPacketNumberGenerator, skippingPacketNumberGenerator } from './packet_number_generator.ts';
import type { SendMode } from './send_mode.ts';
import type { sentPacketTracker } from './received_packet_handler.ts';
import { sentPacketHistory } from './sent_packet_history.ts';

/** kTimeThreshold: reordering in time, as a multiple of the RTT, before a packet counts as lost (RFC 9002 §6.1.2). */
const timeThreshold = 9 / 8;
/** kPacketThreshold: reordering in packets before a packet counts as lost (RFC 9002 §6.1.1). */
const packetThreshold = 3;
/** Before the client's address is validated, a server sends at most 3 × the bytes it received (RFC 9000 §8.1). */
const amplificationFactor = 3;
/** A Retry gives an RTT sample; it is never taken as smaller than this (quic-go). */
const minRTTAfterRetry = 5;
/** The PTO backs off exponentially, but never beyond 60 s (RFC 8961 §4.4 allows a cap). */
const maxPTODuration = 60_000;
/** kPersistentCongestionThreshold (RFC 9002 §7.6.1). */
const persistentCongestionThreshold = 3;
/** The three packet number spaces (RFC 9000 §12.3), each named by the level that stands for it; 0-RTT shares 1-RTT's. */
const spaceLevels = [EncryptionLevel.Initial, EncryptionLevel.Handshake, EncryptionLevel.OneRTT] as const;

/** What the connection reports about a packet it just sent. */
export interface SentPacketInfo {
  packetNumber: PacketNumber;
  encryptionLevel: EncryptionLevel;
  /** The packet's size on the wire. */
  length: ByteCount;
  /** The largest packet number acknowledged by the ACK frame in this packet, or InvalidPacketNumber. */
  largestAcked: PacketNumber;
  /** The frames other than ACK and STREAM (PADDING need not be listed). */
  frames: Frame[];
  streamFrames: StreamFrame[];
  /** A path MTU probe (mtu_discoverer.ts): not a congestion signal when lost. */
  isPathMTUProbePacket?: boolean;
}

export interface SentPacketHandlerOptions {
  /** The first Initial packet number (quic-go's initialPN); 0 by default. */
  initialPacketNumber?: PacketNumber;
  /** The size the congestion window is counted in; InitialPacketSize (1280) by default. */
  initialMaxDatagramSize?: ByteCount;
  /** Server: the client's address was validated by a token, so no amplification limit applies. */
  clientAddressValidated?: boolean;
  /** CUBIC instead of NewReno for congestion avoidance (quic-go v0.47.0 runs Reno). */
  cubic?: boolean;
  /** Random source for the skipped packet numbers, [0, 1) like Math.random. */
  random?: () => number;
}

/** The state of one packet number space (RFC 9002 Appendix A.1). */
class packetNumberSpace {
  readonly history = new sentPacketHistory();
  /** When the earliest not-yet-lost packet will count as lost by time; Infinity if none. */
  lossTime = Infinity;
  lastAckElicitingPacketTime: number | undefined;
  largestAcked: PacketNumber = InvalidPacketNumber;
  largestSent: PacketNumber = InvalidPacketNumber;

  constructor(readonly pns: packetNumberGenerator) {}
}

export class sentPacketHandler implements sentPacketTracker {
  private initialPackets: packetNumberSpace | undefined;
  private handshakePackets: packetNumberSpace | undefined;
  private appDataPackets: packetNumberSpace;

  /** Do we know the peer has validated our address (RFC 9002 §6.2.2.1)? Always true for the server. */
  private peerCompletedAddressValidation: boolean;
  /** Have we validated the peer's address (RFC 9000 §8)? Always true for the client. */
  private peerAddressValidated: boolean;
  private bytesReceived: ByteCount = 0;
  private bytesSent: ByteCount = 0;
  private handshakeConfirmed = false;

  /**
   * The lowest 1-RTT packet number we have acknowledged without knowing the peer got that ACK.
   * Example: our packet 20 acknowledged 90–100; once the peer acknowledges packet 20, this is 101.
   */
  private lowestNotConfirmedAcked: PacketNumber = 0;

  private bytesInFlight: ByteCount = 0;
  private readonly congestion: SendAlgorithmWithDebugInfos;
  /** When the first RTT sample was taken: earlier losses say nothing about persistent congestion (RFC 9002 §7.6.2). */
  private firstRTTSampleTime: number | undefined;

  /** PTOs since the last acknowledgement: the exponent of the backoff (RFC 9002 §6.2.1). */
  private ptoCount = 0;
  private ptoMode: SendMode = 'none';
  /** Probe packets still to send for the PTO that fired. */
  private numProbesToSend = 0;

  /** When onLossDetectionTimeout is due; Infinity when the timer is not armed. */
  private alarm = Infinity;

  private readonly random: () => number;

  constructor(
    private readonly perspective: Perspective,
    private readonly rttStats: RTTStats,
    opts: SentPacketHandlerOptions = {},
  ) {
    this.random = opts.random ?? random;
    this.peerCompletedAddressValidation = perspective === Perspective.Server;
    this.peerAddressValidated = perspective === Perspective.Client || (opts.clientAddressValidated ?? false);
    this.initialPackets = new packetNumberSpace(new sequentialPacketNumberGenerator(opts.initialPacketNumber ?? 0));
    this.handshakePackets = new packetNumberSpace(new sequentialPacketNumberGenerator(0));
    this.appDataPackets = this.newAppDataSpace(0);
    this.congestion = new cubicSender(rttStats, opts.initialMaxDatagramSize ?? InitialPacketSize, !opts.cubic);
  }

  private newAppDataSpace(initialPN: PacketNumber): packetNumberSpace {
    return new packetNumberSpace(new skippingPacketNumberGenerator(initialPN, SkipPacketInitialPeriod, SkipPacketMaxPeriod, this.random));
  }

  private getPacketNumberSpace(level: EncryptionLevel): packetNumberSpace {
    const space = this.spaceOf(level === EncryptionLevel.ZeroRTT ? EncryptionLevel.OneRTT : level);
    if (!space) throw new Error(`sentPacketHandler BUG: the ${encryptionLevelName(level)} packet number space was dropped`);
    return space;
  }

  private removeFromBytesInFlight(p: SentPacket): void {
    if (!p.includedInBytesInFlight) return;
    this.bytesInFlight -= p.length;
    p.includedInBytesInFlight = false;
  }

  /**
   * Keys of this level were discarded (RFC 9001 §4.9): its packets can no longer be acknowledged, so
   * they leave bytes_in_flight without counting as lost (RFC 9002 §6.4). Dropping 0-RTT (rejected by
   * the server) removes the 0-RTT packets from the application data space.
   */
  dropPackets(level: EncryptionLevel, now: number): void {
    // A client that drops its Handshake keys has its handshake confirmed: the server validated it long ago.
    if (this.perspective === Perspective.Client && level === EncryptionLevel.Handshake) this.peerCompletedAddressValidation = true;
    switch (level) {
      case EncryptionLevel.Initial:
      case EncryptionLevel.Handshake: {
        const space = level === EncryptionLevel.Initial ? this.initialPackets : this.handshakePackets;
        if (!space) return; // dropped already
        for (const p of space.history.iterate()) this.removeFromBytesInFlight(p);
        if (level === EncryptionLevel.Initial) this.initialPackets = undefined;
        else this.handshakePackets = undefined;
        break;
      }
      case EncryptionLevel.ZeroRTT:
        // 0-RTT packets come first in the space; stop at the first 1-RTT one.
        for (const p of this.appDataPackets.history.iterate()) {
          if (p.encryptionLevel !== EncryptionLevel.ZeroRTT && !p.skippedPacket) break;
          this.removeFromBytesInFlight(p);
          this.appDataPackets.history.remove(p.packetNumber);
        }
        break;
      default:
        throw new Error(`cannot drop keys for encryption level ${encryptionLevelName(level)}`);
    }
    // RFC 9002 §6.2.1: the PTO backoff restarts when keys are discarded.
    this.ptoCount = 0;
    this.numProbesToSend = 0;
    this.ptoMode = 'none';
    this.setLossDetectionTimer(now);
  }

  /** Bytes of a datagram received from the peer: they raise the anti-amplification budget (RFC 9000 §8.1). */
  receivedBytes(n: ByteCount, now: number): void {
    const wasAmplificationLimited = this.isAmplificationLimited();
    this.bytesReceived += n;
    if (wasAmplificationLimited && !this.isAmplificationLimited()) this.setLossDetectionTimer(now);
  }

  /** A packet of this level was processed. A Handshake packet proves the client owns its address (RFC 9000 §8.1). */
  receivedPacket(level: EncryptionLevel, now: number): void {
    if (this.perspective === Perspective.Server && level === EncryptionLevel.Handshake) this.setPeerAddressValidated(now);
  }

  /** The server has validated the client's address (a Handshake packet, or a Retry / NEW_TOKEN token). */
  setPeerAddressValidated(now: number): void {
    if (this.peerAddressValidated) return;
    this.peerAddressValidated = true;
    this.setLossDetectionTimer(now);
  }

  sentPacket(packet: SentPacketInfo, now: number): void {
    this.bytesSent += packet.length;
    const space = this.getPacketNumberSpace(packet.encryptionLevel);
    space.largestSent = packet.packetNumber;
    const isAckEliciting = hasAckElicitingFrames(packet.frames, packet.streamFrames);
    if (isAckEliciting) {
      space.lastAckElicitingPacketTime = now;
      this.bytesInFlight += packet.length;
      if (this.numProbesToSend > 0) this.numProbesToSend--;
    }
    this.congestion.onPacketSent(now, this.bytesInFlight, packet.packetNumber, packet.length, isAckEliciting);

    if (!isAckEliciting) {
      space.history.sentNonAckElicitingPacket(packet.packetNumber);
      // The packet may have used up the amplification budget, and the anti-deadlock timer
      // restarts with every packet sent (RFC 9002 §6.2.2.1).
      this.setLossDetectionTimer(now);
      return;
    }
    // Every field spelled out: a spread copy would give SentPacket a slow, dictionary-like shape.
    space.history.sentAckElicitingPacket({
      packetNumber: packet.packetNumber,
      encryptionLevel: packet.encryptionLevel,
      length: packet.length,
      largestAcked: packet.largestAcked,
      frames: packet.frames,
      streamFrames: packet.streamFrames,
      sendTime: now,
      includedInBytesInFlight: true,
      skippedPacket: false,
      isPathMTUProbePacket: packet.isPathMTUProbePacket ?? false,
    });
    this.setLossDetectionTimer(now);
  }

  /**
   * Processes an ACK frame received at rcvTime in a packet of this level (RFC 9002 §6, Appendix A.7).
   * Returns whether it newly acknowledged a 1-RTT packet (for the client, that confirms the handshake,
   * RFC 9001 §4.1.2). Throws PROTOCOL_VIOLATION for an ACK of a packet we never sent or skipped.
   */
  receivedAck(ack: AckFrame, level: EncryptionLevel, rcvTime: number): boolean {
    const space = this.getPacketNumberSpace(level);
    const largestAcked = ack.ackRanges[0].largest;
    if (largestAcked > space.largestSent) {
      throw protocolError(TransportErrorCode.ProtocolViolation, 'received ACK for an unsent packet');
    }
    // The client knows the server validated its address once the server sends Handshake or 1-RTT packets.
    if (
      this.perspective === Perspective.Client &&
      !this.peerCompletedAddressValidation &&
      (level === EncryptionLevel.Handshake || level === EncryptionLevel.OneRTT)
    ) {
      this.peerCompletedAddressValidation = true;
      this.setLossDetectionTimer(rcvTime);
    }

    const priorInFlight = this.bytesInFlight;
    const ackedPackets = this.detectAndRemoveAckedPackets(ack, level);
    if (ackedPackets.length === 0) return false;

    // RFC 9002 §5.1: an RTT sample only when the largest acknowledged packet is newly acknowledged.
    const largest = ackedPackets[ackedPackets.length - 1];
    if (largest.packetNumber === largestAcked) {
      // The peer's ack delay counts only in the application data space, capped at its max_ack_delay (§5.3).
      const ackDelay = level === EncryptionLevel.OneRTT ? Math.min(ack.delayTime, this.rttStats.maxAckDelay()) : 0;
      this.firstRTTSampleTime ??= rcvTime;
      this.rttStats.updateRTT(rcvTime - largest.sendTime, ackDelay);
      this.congestion.maybeExitSlowStart();
    }
    space.largestAcked = Math.max(space.largestAcked, largestAcked);

    this.detectLostPackets(rcvTime, level);
    let acked1RTTPacket = false;
    for (const p of ackedPackets) {
      if (p.includedInBytesInFlight) this.congestion.onPacketAcked(p.packetNumber, p.length, priorInFlight, rcvTime);
      if (p.encryptionLevel === EncryptionLevel.OneRTT) acked1RTTPacket = true;
      this.removeFromBytesInFlight(p);
    }
    // RFC 9002 §6.2.1: an acknowledgement resets the backoff, unless the client is still unsure
    // the server validated its address (the server may be blocked by its amplification limit).
    if (this.peerCompletedAddressValidation) this.ptoCount = 0;
    this.numProbesToSend = 0;
    this.setLossDetectionTimer(rcvTime);
    return acked1RTTPacket;
  }

  /** Part of sentPacketTracker: see lowestNotConfirmedAcked. */
  getLowestPacketNotConfirmedAcked(): PacketNumber {
    return this.lowestNotConfirmedAcked;
  }

  /** Finds the packets this ACK newly acknowledges, tells their frames' handlers, and forgets them. Ascending order. */
  private detectAndRemoveAckedPackets(ack: AckFrame, level: EncryptionLevel): SentPacket[] {
    const space = this.getPacketNumberSpace(level);
    const ranges = ack.ackRanges; // descending
    const largestAcked = ranges[0].largest;
    const lowestAcked = ranges[ranges.length - 1].smallest;
    const acked: SentPacket[] = [];
    let rangeIndex = ranges.length - 1; // walk the ranges upwards, alongside the packets
    for (const p of space.history.iterate()) {
      if (p.packetNumber < lowestAcked) continue;
      if (p.packetNumber > largestAcked) break;
      while (p.packetNumber > ranges[rangeIndex].largest) rangeIndex--;
      if (p.packetNumber < ranges[rangeIndex].smallest) continue; // in a gap
      if (p.skippedPacket) {
        throw protocolError(
          TransportErrorCode.ProtocolViolation,
          `received an ACK for skipped packet number: ${p.packetNumber} (${encryptionLevelName(level)})`,
        );
      }
      acked.push(p);
    }
    for (const p of acked) {
      if (p.largestAcked !== InvalidPacketNumber && level === EncryptionLevel.OneRTT) {
        this.lowestNotConfirmedAcked = Math.max(this.lowestNotConfirmedAcked, p.largestAcked + 1);
      }
      for (const f of p.frames) f.handler?.onAcked(f.frame);
      for (const f of p.streamFrames) f.handler?.onAcked(f.frame);
      space.history.remove(p.packetNumber);
    }
    return acked;
  }

  /** The earliest loss time over the spaces (RFC 9002 Appendix A.8, GetLossTimeAndSpace). */
  private getLossTimeAndSpace(): { time: number; level: EncryptionLevel } {
    let best = { time: Infinity, level: EncryptionLevel.Initial };
    for (const level of spaceLevels) {
      const space = this.spaceOf(level);
      if (space && space.lossTime < best.time) best = { time: space.lossTime, level };
    }
    return best;
  }

  /** The space of `level`, or undefined once it was dropped. */
  private spaceOf(level: (typeof spaceLevels)[number]): packetNumberSpace | undefined {
    return level === EncryptionLevel.Initial ? this.initialPackets : level === EncryptionLevel.Handshake ? this.handshakePackets : this.appDataPackets;
  }

  /** The PTO period with exponential backoff (RFC 9002 §6.2.1), capped at maxPTODuration. */
  private getScaledPTO(includeMaxAckDelay: boolean): number {
    return Math.min(this.rttStats.pto(includeMaxAckDelay) * 2 ** this.ptoCount, maxPTODuration);
  }

  /**
   * When the PTO fires and for which space (RFC 9002 Appendix A.8, GetPtoTimeAndSpace): the earliest
   * last-ack-eliciting-send + PTO over the spaces with packets in flight; the application data space
   * only once the handshake is confirmed (before that we may lack the keys to read its ACKs).
   * With nothing in flight, a client that does not know its address is validated still arms the
   * timer (anti-deadlock, §6.2.2.1): the server may be blocked by its amplification limit.
   */
  private getPTOTimeAndSpace(now: number): { time: number; level: EncryptionLevel; antiDeadlock: boolean } | undefined {
    if (!this.handshakeConfirmed && !this.hasOutstandingCryptoPackets()) {
      if (this.peerCompletedAddressValidation) return undefined;
      const level = this.initialPackets ? EncryptionLevel.Initial : EncryptionLevel.Handshake;
      return { time: now + this.getScaledPTO(false), level, antiDeadlock: true };
    }
    let best: { time: number; level: EncryptionLevel; antiDeadlock: boolean } | undefined;
    for (const level of spaceLevels) {
      const space = this.spaceOf(level);
      if (!space?.history.hasOutstandingPackets() || space.lastAckElicitingPacketTime === undefined) continue;
      const isAppData = level === EncryptionLevel.OneRTT;
      if (isAppData && !this.handshakeConfirmed) continue;
      const time = space.lastAckElicitingPacketTime + this.getScaledPTO(isAppData);
      if (!best || time < best.time) best = { time, level, antiDeadlock: false };
    }
    return best;
  }

  private hasOutstandingCryptoPackets(): boolean {
    return !!(this.initialPackets?.history.hasOutstandingPackets() || this.handshakePackets?.history.hasOutstandingPackets());
  }

  private hasOutstandingPackets(): boolean {
    return this.appDataPackets.history.hasOutstandingPackets() || this.hasOutstandingCryptoPackets();
  }

  /** RFC 9002 Appendix A.8, SetLossDetectionTimer. */
  private setLossDetectionTimer(now: number): void {
    const lossTime = this.getLossTimeAndSpace().time;
    if (lossTime !== Infinity) {
      // Time-threshold loss detection.
      this.alarm = lossTime;
      return;
    }
    // A server at its amplification limit could not send a probe anyway (RFC 9002 §6.2.2.1).
    if (this.isAmplificationLimited()) {
      this.alarm = Infinity;
      return;
    }
    if (!this.hasOutstandingPackets() && this.peerCompletedAddressValidation) {
      this.alarm = Infinity;
      return;
    }
    this.alarm = this.getPTOTimeAndSpace(now)?.time ?? Infinity;
  }

  /**
   * Declares lost the packets of this space that are at least packetThreshold below the largest
   * acknowledged or were sent more than timeThreshold × RTT ago (RFC 9002 §6.1, Appendix A.10), and
   * arms the loss time for the first one that is not lost yet.
   */
  private detectLostPackets(now: number, level: EncryptionLevel): void {
    const space = this.getPacketNumberSpace(level);
    space.lossTime = Infinity;
    const lossDelay = Math.max(timeThreshold * Math.max(this.rttStats.latestRTT(), this.rttStats.smoothedRTT()), TimerGranularity);
    const priorInFlight = this.bytesInFlight;

    // Persistent congestion (RFC 9002 §7.6): ack-eliciting packets lost back to back (no packet
    // number between them acknowledged) over more than 3 PTO periods. We look at the losses found
    // in this pass and this space; a packet number in between that was acknowledged, or was not
    // ack-eliciting, ends a run — a conservative reading of §7.6.2.
    const persistentCongestionDuration = this.rttStats.pto(true) * persistentCongestionThreshold;
    let prevLostPN = InvalidPacketNumber;
    let runStart: number | undefined;
    let persistentCongestion = false;

    for (const p of space.history.iterate()) {
      if (p.packetNumber > space.largestAcked) break;
      // sendTime + lossDelay, the very sum the loss time is armed with below: now - lossDelay can round
      // an ulp below sendTime, and the timer would fire at the loss time and find nothing lost, forever.
      const lost = p.skippedPacket || p.sendTime + lossDelay <= now || space.largestAcked >= p.packetNumber + packetThreshold;
      if (!lost) {
        if (space.lossTime === Infinity) space.lossTime = p.sendTime + lossDelay;
        continue;
      }
      space.history.declareLost(p.packetNumber);
      if (p.packetNumber !== prevLostPN + 1) runStart = undefined;
      prevLostPN = p.packetNumber;
      if (p.skippedPacket) continue;
      // The bytes leave bytes_in_flight whether or not the frames are sent again.
      this.removeFromBytesInFlight(p);
      this.queueFramesForRetransmission(p);
      // RFC 9000 §14.4: a path MTU probe may be lost for its size alone, which says nothing of congestion.
      if (p.isPathMTUProbePacket) continue;

      if (this.firstRTTSampleTime === undefined || p.sendTime <= this.firstRTTSampleTime) runStart = undefined;
      else if (runStart === undefined) runStart = p.sendTime;
      else if (p.sendTime - runStart > persistentCongestionDuration) persistentCongestion = true;
      this.congestion.onCongestionEvent(p.packetNumber, p.length, priorInFlight);
    }
    if (persistentCongestion) this.congestion.onRetransmissionTimeout(true);
  }

  /** The loss detection timer fired (RFC 9002 Appendix A.9, OnLossDetectionTimeout). */
  onLossDetectionTimeout(now: number): void {
    const { time: lossTime, level: lossLevel } = this.getLossTimeAndSpace();
    if (lossTime !== Infinity) {
      this.detectLostPackets(now, lossLevel);
      this.setLossDetectionTimer(now);
      return;
    }
    const pto = this.getPTOTimeAndSpace(now);
    if (!pto) return;
    this.ptoCount++;
    // One anti-deadlock packet; otherwise two probes, so that one loss does not cost another PTO (§6.2.4).
    this.numProbesToSend += pto.antiDeadlock ? 1 : 2;
    switch (pto.level) {
      case EncryptionLevel.Initial:
        this.ptoMode = 'pto_initial';
        break;
      case EncryptionLevel.Handshake:
        this.ptoMode = 'pto_handshake';
        break;
      default: {
        // Skip a packet number: the gap makes the peer acknowledge the probe at once.
        const pn = this.popPacketNumber(EncryptionLevel.OneRTT);
        this.appDataPackets.history.skippedPacket(pn);
        this.ptoMode = 'pto_app';
      }
    }
    this.setLossDetectionTimer(now);
  }

  /** When onLossDetectionTimeout is due; Infinity if the timer is not armed. */
  getLossDetectionTimeout(): number {
    return this.alarm;
  }

  /** The packet number the next packet of this level will carry, and how many bytes the header needs for it. */
  peekPacketNumber(level: EncryptionLevel): { pn: PacketNumber; pnLen: PacketNumberLen } {
    const space = this.getPacketNumberSpace(level);
    const pn = space.pns.peek();
    return { pn, pnLen: packetNumberLengthForHeader(pn, space.largestAcked) };
  }

  /** Takes the next packet number of this level (recording a skipped one, if the generator skipped). */
  popPacketNumber(level: EncryptionLevel): PacketNumber {
    const space = this.getPacketNumberSpace(level);
    const { skipped, pn } = space.pns.pop();
    if (skipped) space.history.skippedPacket(pn - 1);
    return pn;
  }

  /** What may be sent now (quic-go's SendMode). */
  sendMode(now: number): SendMode {
    let numTrackedPackets = 0;
    for (const level of spaceLevels) numTrackedPackets += this.spaceOf(level)?.history.len() ?? 0;
    if (this.isAmplificationLimited()) return 'none';
    // Tracking too many packets: stop, even for ACKs. Below, new data stops earlier, at MaxOutstandingSentPackets.
    if (numTrackedPackets >= MaxTrackedSentPackets) return 'none';
    if (this.numProbesToSend > 0) return this.ptoMode;
    // Congestion limited: only ACKs (RFC 9002 §7: they are not congestion controlled).
    if (!this.congestion.canSend(this.bytesInFlight)) return 'ack';
    if (numTrackedPackets >= MaxOutstandingSentPackets) return 'ack';
    if (!this.congestion.hasPacingBudget(now)) return 'pacing_limited';
    return 'any';
  }

  /** When the pacer lets the next packet go (for 'pacing_limited'); 0 if it may go at once. */
  timeUntilSend(): number {
    return this.congestion.timeUntilSend(this.bytesInFlight);
  }

  setMaxDatagramSize(size: ByteCount): void {
    this.congestion.setMaxDatagramSize(size);
  }

  /** Bytes the server may still send before the client's address is validated; Infinity once it is. */
  amplificationWindow(): ByteCount {
    if (this.peerAddressValidated) return Infinity;
    return Math.max(0, amplificationFactor * this.bytesReceived - this.bytesSent);
  }

  private isAmplificationLimited(): boolean {
    return this.amplificationWindow() === 0;
  }

  /**
   * For a PTO: sends the oldest outstanding packet's frames again as a probe (RFC 9002 §6.2.4) by handing
   * them to their owners as lost. Returns false if nothing of this level is outstanding — then the
   * caller sends a PING instead.
   */
  queueProbePacket(level: EncryptionLevel): boolean {
    const space = this.getPacketNumberSpace(level);
    const p = space.history.firstOutstanding();
    if (!p) return false;
    this.queueFramesForRetransmission(p);
    this.removeFromBytesInFlight(p);
    space.history.declareLost(p.packetNumber);
    return true;
  }

  private queueFramesForRetransmission(p: SentPacket): void {
    for (const f of p.frames) f.handler?.onLost(f.frame);
    for (const f of p.streamFrames) f.handler?.onLost(f.frame);
    p.frames = [];
    p.streamFrames = [];
  }

  /**
   * The client received a Retry (RFC 9000 §17.2.5.2): the server discarded our Initial (and 0-RTT)
   * packets, so their frames go back to their owners; packet numbers continue where they were.
   * The time since the first Initial is an RTT sample, unless an Initial was retransmitted.
   */
  resetForRetry(now: number): void {
    this.bytesInFlight = 0;
    let firstPacketSendTime: number | undefined;
    const initial = this.getPacketNumberSpace(EncryptionLevel.Initial);
    for (const p of initial.history.iterate()) {
      firstPacketSendTime ??= p.sendTime;
      if (!p.skippedPacket) this.queueFramesForRetransmission(p);
    }
    for (const p of this.appDataPackets.history.iterate()) {
      if (!p.skippedPacket) this.queueFramesForRetransmission(p);
    }
    if (this.ptoCount === 0 && firstPacketSendTime !== undefined) {
      this.rttStats.updateRTT(Math.max(minRTTAfterRetry, now - firstPacketSendTime), 0);
      this.firstRTTSampleTime ??= now;
    }
    this.initialPackets = new packetNumberSpace(new sequentialPacketNumberGenerator(initial.pns.peek()));
    this.appDataPackets = this.newAppDataSpace(this.appDataPackets.pns.peek());
    this.alarm = Infinity;
    this.ptoCount = 0;
  }

  /** RFC 9001 §4.1.2. Call after dropping Initial and Handshake: from now on 1-RTT data is probed too. */
  setHandshakeConfirmed(now: number): void {
    this.handshakeConfirmed = true;
    this.setLossDetectionTimer(now);
  }

  getBytesInFlight(): ByteCount {
    return this.bytesInFlight;
  }

  getCongestionWindow(): ByteCount {
    return this.congestion.getCongestionWindow();
  }

  /** The congestion controller, for traces and tests (quic-go's SendAlgorithmWithDebugInfos). */
  congestionController(): SendAlgorithmWithDebugInfos {
    return this.congestion;
  }
}
