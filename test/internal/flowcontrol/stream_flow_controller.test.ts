import { describe, expect, it } from 'vitest';
import { connectionFlowController } from '../../../src/internal/flowcontrol/connection_flow_controller.ts';
import { streamFlowController } from '../../../src/internal/flowcontrol/stream_flow_controller.ts';
import { ConnectionFlowControlMultiplier } from '../../../src/internal/protocol/params.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';

function setup(opts: { streamWindow?: number; connWindow?: number; maxStream?: number; maxConn?: number; rtt?: number; sendWindow?: number } = {}) {
  const rttStats = { smoothedRTT: () => opts.rtt ?? 0 };
  const conn = new connectionFlowController({
    receiveWindow: opts.connWindow ?? 10_000,
    maxReceiveWindow: opts.maxConn ?? 100_000,
    rttStats,
  });
  const stream = new streamFlowController(
    4,
    conn,
    { receiveWindow: opts.streamWindow ?? 1000, maxReceiveWindow: opts.maxStream ?? 10_000, rttStats },
    opts.sendWindow ?? 500,
  );
  return { conn, stream };
}

function codeOf(fn: () => void): number | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    return (e as TransportError).errorCode;
  }
  return undefined;
}

describe('streamFlowController: sending', () => {
  it('is limited by the smaller of the stream and the connection window', () => {
    const { conn, stream } = setup({ sendWindow: 500 });
    conn.updateSendWindow(300);
    expect(stream.sendWindowSize()).toBe(300);
    conn.updateSendWindow(1000);
    expect(stream.sendWindowSize()).toBe(500);
    stream.addBytesSent(200);
    expect(stream.sendWindowSize()).toBe(300);
    expect(conn.sendWindowSize()).toBe(800); // bytes sent count for the connection too
  });

  it('is newly blocked once per stream limit (STREAM_DATA_BLOCKED)', () => {
    const { conn, stream } = setup({ sendWindow: 100 });
    conn.updateSendWindow(1000);
    stream.addBytesSent(100);
    expect(stream.isNewlyBlocked()).toBe(true);
    expect(stream.isNewlyBlocked()).toBe(false);
    expect(stream.updateSendWindow(200)).toBe(true);
    expect(stream.isNewlyBlocked()).toBe(false);
    stream.addBytesSent(100);
    expect(stream.isNewlyBlocked()).toBe(true);
  });
});

describe('streamFlowController: receiving', () => {
  it('throws FLOW_CONTROL_ERROR beyond the stream window', () => {
    const { stream } = setup({ streamWindow: 1000 });
    stream.updateHighestReceived(1000, false, 0);
    expect(codeOf(() => stream.updateHighestReceived(1001, false, 0))).toBe(TransportErrorCode.FlowControlError);
  });

  it('throws FLOW_CONTROL_ERROR beyond the connection window', () => {
    const { stream } = setup({ streamWindow: 1000, connWindow: 800 });
    expect(codeOf(() => stream.updateHighestReceived(900, false, 0))).toBe(TransportErrorCode.FlowControlError);
  });

  it('counts only the increase of the highest offset for the connection', () => {
    const { conn, stream } = setup({ streamWindow: 1000, connWindow: 1000 });
    stream.updateHighestReceived(600, false, 0);
    stream.updateHighestReceived(300, false, 0); // reordered: nothing new
    stream.updateHighestReceived(1000, false, 0);
    expect(() => conn.incrementHighestReceived(1, 0)).toThrow(TransportError);
  });

  describe('final size (RFC 9000 §4.5)', () => {
    it('accepts the same final size twice, and data below it', () => {
      const { stream } = setup();
      stream.updateHighestReceived(100, true, 0);
      expect(() => stream.updateHighestReceived(100, true, 0)).not.toThrow();
      expect(() => stream.updateHighestReceived(50, false, 0)).not.toThrow();
    });

    it('rejects a different final size', () => {
      const { stream } = setup();
      stream.updateHighestReceived(100, true, 0);
      expect(codeOf(() => stream.updateHighestReceived(90, true, 0))).toBe(TransportErrorCode.FinalSizeError);
      expect(codeOf(() => stream.updateHighestReceived(110, true, 0))).toBe(TransportErrorCode.FinalSizeError);
    });

    it('rejects data beyond the final size', () => {
      const { stream } = setup();
      stream.updateHighestReceived(100, true, 0);
      expect(codeOf(() => stream.updateHighestReceived(101, false, 0))).toBe(TransportErrorCode.FinalSizeError);
    });

    it('rejects a final size below data already received', () => {
      const { stream } = setup();
      stream.updateHighestReceived(100, false, 0);
      expect(codeOf(() => stream.updateHighestReceived(80, true, 0))).toBe(TransportErrorCode.FinalSizeError);
    });
  });

  it('queues MAX_STREAM_DATA after 25% of the window is read, and reports the connection window', () => {
    const { stream } = setup({ streamWindow: 1000, connWindow: 1000 });
    stream.updateHighestReceived(1000, false, 0);
    expect(stream.addBytesRead(249)).toEqual({ hasStreamWindowUpdate: false, hasConnWindowUpdate: false });
    expect(stream.addBytesRead(1)).toEqual({ hasStreamWindowUpdate: true, hasConnWindowUpdate: true });
    expect(stream.getWindowUpdate(0)).toBe(1250);
  });

  it('sends no window update once the final size is known', () => {
    const { stream } = setup({ streamWindow: 1000 });
    stream.updateHighestReceived(1000, true, 0);
    expect(stream.addBytesRead(1000).hasStreamWindowUpdate).toBe(false);
    expect(stream.getWindowUpdate(0)).toBe(0);
  });

  it('abandon() returns the unread bytes to the connection window', () => {
    const { conn, stream } = setup({ streamWindow: 1000, connWindow: 1000 });
    stream.updateHighestReceived(800, false, 0);
    stream.addBytesRead(100);
    stream.abandon();
    expect(conn.getWindowUpdate(0)).toBe(800 + 1000);
  });

  it('auto-tuning of a stream window raises the connection window to 1.5× it', () => {
    const { conn, stream } = setup({ streamWindow: 1000, connWindow: 1000, maxStream: 10_000, maxConn: 100_000, rtt: 20 });
    stream.updateHighestReceived(1000, false, 0);
    stream.addBytesRead(1000);
    expect(stream.getWindowUpdate(5)).toBe(1000 + 2000);
    // The connection's window is now 2000 × 1.5 = 3000 (it had been 1000).
    expect(conn.getWindowUpdate(5)).toBe(1000 + 2000 * ConnectionFlowControlMultiplier);
  });
});
