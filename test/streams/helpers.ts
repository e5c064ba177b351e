// A streamSender that records what streams report, and flow controllers with given windows.
import { connectionFlowController } from '../../src/internal/flowcontrol/connection_flow_controller.ts';
import { streamFlowController } from '../../src/internal/flowcontrol/stream_flow_controller.ts';
import type { StreamID } from '../../src/internal/protocol/protocol.ts';
import type { sendStreamI } from '../../src/send_stream.ts';
import type { streamControlFrameGetter, streamSender } from '../../src/stream.ts';

export class RecordingSender implements streamSender {
  dataStreams: sendStreamI[] = [];
  controlFrameGetters: streamControlFrameGetter[] = [];
  connectionData = 0;
  completed: StreamID[] = [];

  onHasStreamData(_id: StreamID, str: sendStreamI): void {
    this.dataStreams.push(str);
  }
  onHasStreamControlFrame(_id: StreamID, str: streamControlFrameGetter): void {
    this.controlFrameGetters.push(str);
  }
  onHasConnectionData(): void {
    this.connectionData++;
  }
  onStreamCompleted(id: StreamID): void {
    this.completed.push(id);
  }
}

export function flowControllers(opts: { sendWindow?: number; connSendWindow?: number; receiveWindow?: number; connReceiveWindow?: number } = {}) {
  const rttStats = { smoothedRTT: () => 0 };
  const conn = new connectionFlowController({
    receiveWindow: opts.connReceiveWindow ?? 1 << 20,
    maxReceiveWindow: opts.connReceiveWindow ?? 1 << 20,
    rttStats,
  });
  conn.updateSendWindow(opts.connSendWindow ?? 1 << 20);
  const forStream = (id: StreamID) =>
    new streamFlowController(
      id,
      conn,
      { receiveWindow: opts.receiveWindow ?? 1 << 16, maxReceiveWindow: opts.receiveWindow ?? 1 << 16, rttStats },
      opts.sendWindow ?? 1 << 16,
    );
  return { conn, forStream };
}

/** Lets pending promise callbacks run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
