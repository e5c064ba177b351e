// All streams of a connection (quic-go streams_map.go): four maps, for the streams we open and the
// streams the peer opens, bidirectional and unidirectional (RFC 9000 §2.1). The connection looks
// streams up here when frames arrive; the application opens and accepts them here.
import type { StreamFlowController } from './internal/flowcontrol/interface.ts';
import { opposite, type Perspective, type StreamID } from './internal/protocol/protocol.ts';
import { initiatedBy, streamIDFromNum, streamNum, streamType, type StreamNum } from './internal/protocol/stream.ts';
import { TransportErrorCode } from './internal/qerr/error_codes.ts';
import { protocolError } from './internal/qerr/errors.ts';
import type { Frame, MaxStreamsFrame, StreamType } from './internal/wire/frame.ts';
import { receiveStream, type receiveStreamI } from './receive_stream.ts';
import { sendStream, type sendStreamI } from './send_stream.ts';
import { stream, type streamI, type streamSender } from './stream.ts';
import { incomingStreamsMap } from './streams_map_incoming.ts';
import { outgoingStreamsMap } from './streams_map_outgoing.ts';

/** The peer's transport parameters that concern streams (RFC 9000 §18.2). */
export interface PeerStreamLimits {
  /** initial_max_stream_data_bidi_remote: our window on the bidirectional streams we open. */
  initialMaxStreamDataBidiRemote: number;
  /** initial_max_stream_data_uni: our window on the unidirectional streams we open. */
  initialMaxStreamDataUni: number;
  /** initial_max_streams_bidi */
  maxBidiStreamNum: number;
  /** initial_max_streams_uni */
  maxUniStreamNum: number;
}

export interface StreamsMapConfig {
  perspective: Perspective;
  sender: streamSender;
  queueControlFrame: (f: Frame) => void;
  /** The connection creates each stream's flow controller (it knows the peer's windows). */
  newFlowController: (id: StreamID) => StreamFlowController;
  /** How many streams of each type the peer may have open (MaxIncomingStreams, MaxIncomingUniStreams). */
  maxIncomingBidiStreams: number;
  maxIncomingUniStreams: number;
}

/** The server rejected 0-RTT: streams opened in it are gone, their data must be sent again (quic-go: Err0RTTRejected). */
export class Err0RTTRejected extends Error {
  constructor() {
    super('0-RTT rejected');
    this.name = 'Err0RTTRejected';
  }
}

export class streamsMap {
  private readonly perspective: Perspective;
  private outgoingBidiStreams!: outgoingStreamsMap<streamI>;
  private outgoingUniStreams!: outgoingStreamsMap<sendStreamI>;
  private incomingBidiStreams!: incomingStreamsMap<streamI>;
  private incomingUniStreams!: incomingStreamsMap<receiveStreamI>;
  /** After a 0-RTT rejection, until the application calls nextConnection: opening fails (quic-go: reset). */
  private reset = false;

  constructor(private readonly cfg: StreamsMapConfig) {
    this.perspective = cfg.perspective;
    this.initMaps();
  }

  private initMaps(): void {
    const { cfg } = this;
    const { perspective: ours, sender, queueControlFrame, newFlowController } = cfg;
    const theirs = opposite(ours);
    const idOf = (type: StreamType, initiator: Perspective) => (num: StreamNum) => streamIDFromNum(num, type, initiator);
    const bidi = (id: StreamID) => new stream(id, sender, newFlowController(id));

    this.outgoingBidiStreams = new outgoingStreamsMap<streamI>('bidi', (num) => bidi(streamIDFromNum(num, 'bidi', ours)), queueControlFrame, idOf('bidi', ours));
    this.incomingBidiStreams = new incomingStreamsMap<streamI>(
      'bidi',
      (num) => bidi(streamIDFromNum(num, 'bidi', theirs)),
      cfg.maxIncomingBidiStreams,
      queueControlFrame,
      idOf('bidi', theirs),
    );
    this.outgoingUniStreams = new outgoingStreamsMap<sendStreamI>(
      'uni',
      (num) => {
        const id = streamIDFromNum(num, 'uni', ours);
        return new sendStream(id, sender, newFlowController(id));
      },
      queueControlFrame,
      idOf('uni', ours),
    );
    this.incomingUniStreams = new incomingStreamsMap<receiveStreamI>(
      'uni',
      (num) => {
        const id = streamIDFromNum(num, 'uni', theirs);
        return new receiveStream(id, sender, newFlowController(id));
      },
      cfg.maxIncomingUniStreams,
      queueControlFrame,
      idOf('uni', theirs),
    );
  }

  openStream(): streamI {
    this.throwIfReset();
    return this.outgoingBidiStreams.openStream();
  }
  openStreamSync(signal?: AbortSignal): Promise<streamI> {
    return this.reset ? Promise.reject(new Err0RTTRejected()) : this.outgoingBidiStreams.openStreamSync(signal);
  }
  openUniStream(): sendStreamI {
    this.throwIfReset();
    return this.outgoingUniStreams.openStream();
  }
  openUniStreamSync(signal?: AbortSignal): Promise<sendStreamI> {
    return this.reset ? Promise.reject(new Err0RTTRejected()) : this.outgoingUniStreams.openStreamSync(signal);
  }
  acceptStream(signal?: AbortSignal): Promise<streamI> {
    return this.reset ? Promise.reject(new Err0RTTRejected()) : this.incomingBidiStreams.acceptStream(signal);
  }
  acceptUniStream(signal?: AbortSignal): Promise<receiveStreamI> {
    return this.reset ? Promise.reject(new Err0RTTRejected()) : this.incomingUniStreams.acceptStream(signal);
  }

  private throwIfReset(): void {
    if (this.reset) throw new Err0RTTRejected();
  }

  /**
   * Client: the server rejected 0-RTT (RFC 9001 §4.6.2). Every stream fails with Err0RTTRejected
   * and fresh maps wait, unusable until useResetMaps (quic-go: ResetFor0RTT).
   */
  resetFor0RTT(): void {
    this.reset = true;
    this.closeWithError(new Err0RTTRejected());
    this.initMaps();
  }

  /** The application moved to nextConnection: the fresh maps are open (quic-go: UseResetMaps). */
  useResetMaps(): void {
    this.reset = false;
  }

  /** A stream completed (streamSender.onStreamCompleted): forget it. */
  deleteStream(id: StreamID): void {
    const num = streamNum(id);
    const outgoing = initiatedBy(id) === this.perspective;
    if (streamType(id) === 'uni') {
      if (outgoing) this.outgoingUniStreams.deleteStream(num);
      else this.incomingUniStreams.deleteStream(num);
    } else if (outgoing) this.outgoingBidiStreams.deleteStream(num);
    else this.incomingBidiStreams.deleteStream(num);
  }

  /**
   * The stream a STREAM or RESET_STREAM frame is for, opening peer streams as needed; undefined
   * if it is already completed (the frame is then ignored). Throws STREAM_STATE_ERROR for our own
   * unidirectional streams, which we never receive on, and STREAM_LIMIT_ERROR past our limit.
   */
  getOrOpenReceiveStream(id: StreamID): receiveStreamI | undefined {
    const num = streamNum(id);
    const outgoing = initiatedBy(id) === this.perspective;
    if (streamType(id) === 'uni') {
      if (outgoing) throw protocolError(TransportErrorCode.StreamStateError, `peer attempted to open receive stream ${id}`);
      return this.incomingUniStreams.getOrOpenStream(num);
    }
    return outgoing ? this.outgoingBidiStreams.getStream(num) : this.incomingBidiStreams.getOrOpenStream(num);
  }

  /**
   * The stream a MAX_STREAM_DATA or STOP_SENDING frame is for, as getOrOpenReceiveStream; the
   * peer's unidirectional streams are the ones we never send on.
   */
  getOrOpenSendStream(id: StreamID): sendStreamI | undefined {
    const num = streamNum(id);
    const outgoing = initiatedBy(id) === this.perspective;
    if (streamType(id) === 'uni') {
      if (!outgoing) throw protocolError(TransportErrorCode.StreamStateError, `peer attempted to open send stream ${id}`);
      return this.outgoingUniStreams.getStream(num);
    }
    return outgoing ? this.outgoingBidiStreams.getStream(num) : this.incomingBidiStreams.getOrOpenStream(num);
  }

  handleMaxStreamsFrame(f: MaxStreamsFrame): void {
    if (f.streamType === 'uni') this.outgoingUniStreams.setMaxStream(f.maxStreamNum);
    else this.outgoingBidiStreams.setMaxStream(f.maxStreamNum);
  }

  /** The peer's transport parameters arrived. */
  updateLimits(p: PeerStreamLimits): void {
    this.outgoingBidiStreams.updateSendWindow(p.initialMaxStreamDataBidiRemote);
    this.outgoingBidiStreams.setMaxStream(p.maxBidiStreamNum);
    this.outgoingUniStreams.updateSendWindow(p.initialMaxStreamDataUni);
    this.outgoingUniStreams.setMaxStream(p.maxUniStreamNum);
  }

  /** The connection is closing: every stream and every waiting open/accept fails with err. */
  closeWithError(err: Error): void {
    this.outgoingBidiStreams.closeWithError(err);
    this.outgoingUniStreams.closeWithError(err);
    this.incomingBidiStreams.closeWithError(err);
    this.incomingUniStreams.closeWithError(err);
  }
}
