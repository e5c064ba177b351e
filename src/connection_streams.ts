// The connection's streams and everything that feeds STREAM and CRYPTO frames into packets: the
// streams map, the framer, the CRYPTO streams of each level and connection-level flow control.
// quic-go keeps these as fields of its connection; grouping them here keeps connection.ts about
// the run loop and the handshake.
import type { Frame as AckedFrame, StreamFrame as AckedStreamFrame } from './internal/ackhandler/frame.ts';
import { connectionFlowController } from './internal/flowcontrol/connection_flow_controller.ts';
import { streamFlowController } from './internal/flowcontrol/stream_flow_controller.ts';
import { EncryptionLevel, Perspective, type StreamID } from './internal/protocol/protocol.ts';
import { initiatedBy, streamType } from './internal/protocol/stream.ts';
import type { Version } from './internal/protocol/version.ts';
import type { Clock } from './internal/utils/clock.ts';
import type { RTTStats } from './internal/utils/rtt_stats.ts';
import type { CryptoFrame, Frame } from './internal/wire/frame.ts';
import type { TransportParameters } from './internal/wire/transport_parameters.ts';
import type { PopulatedConfig } from './config.ts';
import { cryptoStreamManager } from './crypto_stream_manager.ts';
import { framer } from './framer.ts';
import type { cryptoFrameSource, frameSource } from './packet_packer.ts';
import { streamsMap } from './streams_map.ts';

export class connectionStreams {
  readonly framer: frameSource;
  private readonly innerFramer: framer;
  private readonly crypto = new cryptoStreamManager();
  private readonly connFlowController: connectionFlowController;
  /** The application's open/accept calls go straight here. */
  readonly streamsMap: streamsMap;
  private peerParams: TransportParameters | undefined;

  constructor(
    private readonly perspective: Perspective,
    private readonly config: PopulatedConfig,
    private readonly rttStats: RTTStats,
    scheduleSending: () => void,
    private readonly clock: Clock,
  ) {
    this.connFlowController = new connectionFlowController({
      receiveWindow: config.initialConnectionReceiveWindow,
      maxReceiveWindow: config.maxConnectionReceiveWindow,
      rttStats,
    });
    this.innerFramer = new framer(this.connFlowController);
    this.framer = this.retransmittingFramer();
    this.streamsMap = new streamsMap({
      perspective,
      sender: {
        onHasStreamData: (id, str) => {
          this.innerFramer.addActiveStream(id, str);
          scheduleSending();
        },
        onHasStreamControlFrame: (id, str) => {
          this.innerFramer.addStreamWithControlFrames(id, str);
          scheduleSending();
        },
        onHasConnectionData: scheduleSending,
        onStreamCompleted: (id) => {
          this.innerFramer.removeActiveStream(id);
          this.streamsMap.deleteStream(id);
        },
      },
      queueControlFrame: (f) => {
        this.innerFramer.queueControlFrame(f);
        scheduleSending();
      },
      newFlowController: (id) => this.newStreamFlowController(id),
      maxIncomingBidiStreams: config.maxIncomingStreams,
      maxIncomingUniStreams: config.maxIncomingUniStreams,
    });
  }

  /**
   * Control frames carry no handler of their own: when a packet with one is lost, the frame is
   * queued again (quic-go's retransmission queue). A lost PING needs no repair.
   */
  private retransmittingFramer(): frameSource {
    const f = this.innerFramer;
    const requeue = { onAcked: () => {}, onLost: (frame: Frame) => frame.type !== 'ping' && f.queueControlFrame(frame) };
    return {
      hasData: () => f.hasData(),
      appendControlFrames: (frames: AckedFrame[], maxLen: number, now: number) => {
        const start = frames.length;
        const len = f.appendControlFrames(frames, maxLen, now);
        for (let i = start; i < frames.length; i++) frames[i]!.handler ??= requeue;
        return len;
      },
      appendStreamFrames: (frames: AckedStreamFrame[], maxLen: number, v: Version) => f.appendStreamFrames(frames, maxLen, v),
    };
  }

  /** Send windows come from the peer's transport parameters (RFC 9000 §18.2). */
  private newStreamFlowController(id: StreamID) {
    const tp = this.peerParams;
    let sendWindow = 0;
    if (tp) {
      const ours = initiatedBy(id) === this.perspective;
      if (streamType(id) === 'uni') sendWindow = ours ? tp.initialMaxStreamDataUni : 0;
      else sendWindow = ours ? tp.initialMaxStreamDataBidiRemote : tp.initialMaxStreamDataBidiLocal;
    }
    return new streamFlowController(
      id,
      this.connFlowController,
      { receiveWindow: this.config.initialStreamReceiveWindow, maxReceiveWindow: this.config.maxStreamReceiveWindow, rttStats: this.rttStats },
      sendWindow,
    );
  }

  /** The peer's transport parameters, or (client, for 0-RTT) the ones remembered with the session (RFC 9000 §7.4.1). */
  applyTransportParameters(tp: TransportParameters): void {
    this.peerParams = tp;
    this.connFlowController.updateSendWindow(tp.initialMaxData);
    this.streamsMap.updateLimits(tp);
  }

  /**
   * Client: the server rejected 0-RTT (quic-go: dropEncryptionLevel(Encryption0RTT)). Its streams
   * fail with Err0RTTRejected, nothing of them is sent any more, and the remembered limits are
   * forgotten: the windows start again from the server's transport parameters.
   */
  resetFor0RTT(): void {
    this.peerParams = undefined;
    this.streamsMap.resetFor0RTT();
    this.innerFramer.handle0RTTRejection();
    this.connFlowController.reset();
  }

  queueControlFrame(f: Frame): void {
    this.innerFramer.queueControlFrame(f);
  }

  /** The framer's control frame queue overflowed (quic-go: framer.QueuedTooManyControlFrames). */
  queuedTooManyControlFrames(): boolean {
    return this.innerFramer.queuedTooManyControlFrames();
  }

  // --- CRYPTO ---

  cryptoFrameSources(): Record<EncryptionLevel.Initial | EncryptionLevel.Handshake | EncryptionLevel.OneRTT, cryptoFrameSource> {
    const source = (level: EncryptionLevel): cryptoFrameSource => ({
      hasData: () => this.crypto.stream(level).hasData(),
      popCryptoFrame: (maxLen) => this.crypto.stream(level).popCryptoFrame(maxLen),
    });
    return {
      [EncryptionLevel.Initial]: source(EncryptionLevel.Initial),
      [EncryptionLevel.Handshake]: source(EncryptionLevel.Handshake),
      [EncryptionLevel.OneRTT]: source(EncryptionLevel.OneRTT),
    };
  }

  handleCryptoFrame(f: CryptoFrame, level: EncryptionLevel): void {
    this.crypto.handleCryptoFrame(f, level);
  }

  getCryptoData(level: EncryptionLevel): Uint8Array | undefined {
    return this.crypto.getCryptoData(level);
  }

  writeCryptoData(level: EncryptionLevel, data: Uint8Array): void {
    this.crypto.stream(level).write(data);
  }

  dropCryptoStream(level: EncryptionLevel.Initial | EncryptionLevel.Handshake): void {
    this.crypto.drop(level);
  }

  // --- STREAM and flow-control frames ---

  handleStreamRelatedFrame(f: Frame, now: number): void {
    switch (f.type) {
      case 'stream':
        this.streamsMap.getOrOpenReceiveStream(f.streamID)?.handleStreamFrame(f, now);
        return;
      case 'reset_stream':
        this.streamsMap.getOrOpenReceiveStream(f.streamID)?.handleResetStreamFrame(f, now);
        return;
      case 'stop_sending':
        this.streamsMap.getOrOpenSendStream(f.streamID)?.handleStopSendingFrame(f);
        return;
      case 'max_data':
        this.connFlowController.updateSendWindow(f.maximumData);
        return;
      case 'max_stream_data':
        this.streamsMap.getOrOpenSendStream(f.streamID)?.updateSendWindow(f.maximumStreamData);
        return;
      case 'max_streams':
        this.streamsMap.handleMaxStreamsFrame(f);
        return;
      case 'stream_data_blocked':
      case 'streams_blocked':
        return; // informational (RFC 9000 §19.13-19.14)
      default:
        throw new Error(`unexpected frame ${f.type}`);
    }
  }

  closeWithError(err: Error): void {
    this.streamsMap.closeWithError(err);
  }
}
