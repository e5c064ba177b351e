// Two endpoints wired together without packets: the glue a connection provides between the streams
// map, the framer and flow control, with frames handed straight to the peer and acknowledged (or
// declared lost) at once.
import type { Frame as AckedFrame, StreamFrame as AckedStreamFrame } from '../../src/internal/ackhandler/frame.ts';
import { connectionFlowController } from '../../src/internal/flowcontrol/connection_flow_controller.ts';
import { streamFlowController } from '../../src/internal/flowcontrol/stream_flow_controller.ts';
import { Perspective, type StreamID } from '../../src/internal/protocol/protocol.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import type { Frame } from '../../src/internal/wire/frame.ts';
import { framer } from '../../src/framer.ts';
import type { sendStreamI } from '../../src/send_stream.ts';
import type { streamControlFrameGetter, streamSender } from '../../src/stream.ts';
import { streamsMap } from '../../src/streams_map.ts';

export interface EndpointConfig {
  streamWindow: number;
  connWindow: number;
  maxIncomingStreams: number;
}

export class MemoryEndpoint implements streamSender {
  readonly connFlowController: connectionFlowController;
  readonly framer: framer;
  readonly streamsMap: streamsMap;
  peer!: MemoryEndpoint;

  constructor(
    readonly perspective: Perspective,
    readonly cfg: EndpointConfig,
  ) {
    const rttStats = { smoothedRTT: () => 0 };
    this.connFlowController = new connectionFlowController({ receiveWindow: cfg.connWindow, maxReceiveWindow: cfg.connWindow, rttStats });
    this.framer = new framer(this.connFlowController);
    this.streamsMap = new streamsMap({
      perspective,
      sender: this,
      queueControlFrame: (f) => this.framer.queueControlFrame(f),
      // both ends use the same windows, so the peer's initial_max_stream_data is our own
      newFlowController: (id) =>
        new streamFlowController(id, this.connFlowController, { receiveWindow: cfg.streamWindow, maxReceiveWindow: cfg.streamWindow, rttStats }, cfg.streamWindow),
      maxIncomingBidiStreams: cfg.maxIncomingStreams,
      maxIncomingUniStreams: cfg.maxIncomingStreams,
    });
  }

  /** The transport parameters exchange. */
  static pair(cfg: EndpointConfig): [client: MemoryEndpoint, server: MemoryEndpoint] {
    const client = new MemoryEndpoint(Perspective.Client, cfg);
    const server = new MemoryEndpoint(Perspective.Server, cfg);
    client.peer = server;
    server.peer = client;
    for (const e of [client, server]) {
      e.connFlowController.updateSendWindow(cfg.connWindow);
      e.streamsMap.updateLimits({
        initialMaxStreamDataBidiRemote: cfg.streamWindow,
        initialMaxStreamDataUni: cfg.streamWindow,
        maxBidiStreamNum: cfg.maxIncomingStreams,
        maxUniStreamNum: cfg.maxIncomingStreams,
      });
    }
    return [client, server];
  }

  onHasStreamData(id: StreamID, str: sendStreamI): void {
    this.framer.addActiveStream(id, str);
  }
  onHasStreamControlFrame(id: StreamID, str: streamControlFrameGetter): void {
    this.framer.addStreamWithControlFrames(id, str);
  }
  onHasConnectionData(): void {}
  onStreamCompleted(id: StreamID): void {
    this.streamsMap.deleteStream(id);
    this.framer.removeActiveStream(id);
  }

  /** One "packet": control frames, then STREAM frames, in at most maxLen bytes. */
  pack(maxLen: number, now: number): { frames: AckedFrame[]; streamFrames: AckedStreamFrame[] } {
    const frames: AckedFrame[] = [];
    const streamFrames: AckedStreamFrame[] = [];
    const used = this.framer.appendControlFrames(frames, maxLen, now);
    this.framer.appendStreamFrames(streamFrames, maxLen - used, Version1);
    return { frames, streamFrames };
  }

  /** What a connection's handleFrame does with stream-related frames. */
  handleFrame(f: Frame, now: number): void {
    switch (f.type) {
      case 'stream':
        this.streamsMap.getOrOpenReceiveStream(f.streamID)?.handleStreamFrame(f, now);
        break;
      case 'reset_stream':
        this.streamsMap.getOrOpenReceiveStream(f.streamID)?.handleResetStreamFrame(f, now);
        break;
      case 'stop_sending':
        this.streamsMap.getOrOpenSendStream(f.streamID)?.handleStopSendingFrame(f);
        break;
      case 'max_stream_data':
        this.streamsMap.getOrOpenSendStream(f.streamID)?.updateSendWindow(f.maximumStreamData);
        break;
      case 'max_data':
        this.connFlowController.updateSendWindow(f.maximumData);
        break;
      case 'max_streams':
        this.streamsMap.handleMaxStreamsFrame(f);
        break;
      case 'data_blocked':
      case 'stream_data_blocked':
      case 'streams_blocked':
        break;
      default:
        throw new Error(`unexpected frame ${f.type}`);
    }
  }
}

/**
 * Moves packets both ways until neither side has anything to send, letting the applications run
 * in between. `lose(i)` decides whether the i-th STREAM frame is lost (then retransmitted).
 */
export async function exchange(a: MemoryEndpoint, b: MemoryEndpoint, done: () => boolean, lose: (i: number) => boolean = () => false) {
  let streamFrameCount = 0;
  for (let round = 0; round < 1_000_000; round++) {
    let moved = false;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      while (from.framer.hasData()) {
        const { frames, streamFrames } = from.pack(1200, round);
        if (frames.length === 0 && streamFrames.length === 0) break;
        moved = true;
        for (const f of frames) to.handleFrame(f.frame, round);
        for (const f of streamFrames) {
          if (lose(streamFrameCount++)) {
            f.handler?.onLost(f.frame);
            continue;
          }
          to.handleFrame(f.frame, round);
          f.handler?.onAcked(f.frame);
        }
        for (const f of frames) f.handler?.onAcked(f.frame);
      }
    }
    await new Promise((r) => setImmediate(r));
    if (done()) return;
    if (!moved && round > 10_000) throw new Error('stuck');
  }
}
