import { describe, expect, it } from 'vitest';
import { connectionFlowController } from '../../../src/internal/flowcontrol/connection_flow_controller.ts';
import { TransportErrorCode } from '../../../src/internal/qerr/error_codes.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';

function rtt(ms: number) {
  return { smoothedRTT: () => ms };
}

function newController(receiveWindow = 1000, maxReceiveWindow = 10_000, smoothedRTT = 0, allow?: (n: number) => boolean) {
  return new connectionFlowController({ receiveWindow, maxReceiveWindow, rttStats: rtt(smoothedRTT), allowWindowIncrease: allow });
}

describe('connectionFlowController: sending', () => {
  it('starts with a send window of 0, until MAX_DATA or the transport parameters', () => {
    const fc = newController();
    expect(fc.sendWindowSize()).toBe(0);
    expect(fc.updateSendWindow(100)).toBe(true);
    fc.addBytesSent(30);
    expect(fc.sendWindowSize()).toBe(70);
  });

  it('never lowers the send window (RFC 9000 §4.1)', () => {
    const fc = newController();
    fc.updateSendWindow(100);
    expect(fc.updateSendWindow(50)).toBe(false);
    expect(fc.updateSendWindow(100)).toBe(false);
    expect(fc.sendWindowSize()).toBe(100);
  });

  it('reports being blocked once per limit (DATA_BLOCKED)', () => {
    const fc = newController();
    fc.updateSendWindow(100);
    fc.addBytesSent(99);
    expect(fc.isNewlyBlocked()).toEqual({ blocked: false, offset: 0 });
    fc.addBytesSent(1);
    expect(fc.isNewlyBlocked()).toEqual({ blocked: true, offset: 100 });
    expect(fc.isNewlyBlocked().blocked).toBe(false);
    fc.updateSendWindow(150);
    fc.addBytesSent(50);
    expect(fc.isNewlyBlocked()).toEqual({ blocked: true, offset: 150 });
  });

  it('has a send window of 0 if more was sent than allowed', () => {
    const fc = newController();
    fc.updateSendWindow(10);
    fc.addBytesSent(20);
    expect(fc.sendWindowSize()).toBe(0);
  });
});

describe('connectionFlowController: receiving', () => {
  it('throws FLOW_CONTROL_ERROR beyond the window', () => {
    const fc = newController(1000);
    fc.incrementHighestReceived(600, 0);
    fc.incrementHighestReceived(400, 0);
    let err: unknown;
    try {
      fc.incrementHighestReceived(1, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).errorCode).toBe(TransportErrorCode.FlowControlError);
  });

  it('wants a window update once 25% of the window has been read', () => {
    const fc = newController(1000);
    fc.incrementHighestReceived(1000, 0);
    expect(fc.addBytesRead(249)).toBe(false);
    expect(fc.getWindowUpdate(0)).toBe(0);
    expect(fc.addBytesRead(1)).toBe(true);
    expect(fc.getWindowUpdate(0)).toBe(250 + 1000);
    // the new limit holds: 1250 is fine, 1251 is not
    fc.incrementHighestReceived(250, 0);
    expect(() => fc.incrementHighestReceived(1, 0)).toThrow(TransportError);
  });

  it('doubles the window when it was consumed within 4 RTTs (auto-tuning)', () => {
    const fc = newController(1000, 10_000, 20);
    fc.incrementHighestReceived(1000, 0); // the epoch starts with the first byte, at t=0
    fc.addBytesRead(600);
    // 60% read in 10 ms < 4 × 0.6 × 20 ms = 48 ms: too fast for the window
    expect(fc.getWindowUpdate(10)).toBe(600 + 2000);
  });

  it('keeps the window when it was consumed slowly', () => {
    const fc = newController(1000, 10_000, 20);
    fc.incrementHighestReceived(1000, 0);
    fc.addBytesRead(600);
    expect(fc.getWindowUpdate(100)).toBe(600 + 1000); // 100 ms > 48 ms
  });

  it('does not auto-tune with less than half the window read, or without an RTT', () => {
    const fast = newController(1000, 10_000, 20);
    fast.incrementHighestReceived(1000, 0);
    fast.addBytesRead(400);
    expect(fast.getWindowUpdate(1)).toBe(400 + 1000);

    const noRTT = newController(1000, 10_000, 0);
    noRTT.incrementHighestReceived(1000, 0);
    noRTT.addBytesRead(600);
    expect(noRTT.getWindowUpdate(1)).toBe(600 + 1000);
  });

  it('grows ×2 per epoch up to the maximum', () => {
    const fc = newController(1000, 5000, 20);
    let now = 0;
    let limit = 1000;
    let read = 0;
    fc.incrementHighestReceived(limit, now); // the peer fills the window
    const sizes: number[] = [];
    for (let i = 0; i < 4; i++) {
      now += 1;
      fc.addBytesRead(limit - read); // the application reads everything, 1 ms later
      read = limit;
      const newLimit = fc.getWindowUpdate(now);
      sizes.push(newLimit - read);
      fc.incrementHighestReceived(newLimit - limit, now); // the peer fills the new window
      limit = newLimit;
    }
    expect(sizes).toEqual([2000, 4000, 5000, 5000]);
  });

  it('asks allowWindowIncrease before growing', () => {
    const asked: number[] = [];
    const fc = newController(1000, 10_000, 20, (n) => {
      asked.push(n);
      return false;
    });
    fc.incrementHighestReceived(1000, 0);
    fc.addBytesRead(600);
    expect(fc.getWindowUpdate(10)).toBe(600 + 1000);
    expect(asked).toEqual([1000]);
  });

  it('ensureMinimumWindowSize raises the window, capped at the maximum', () => {
    const fc = newController(1000, 3000);
    fc.ensureMinimumWindowSize(2500, 0);
    fc.incrementHighestReceived(1000, 0);
    fc.addBytesRead(1000);
    expect(fc.getWindowUpdate(0)).toBe(1000 + 2500);
    fc.ensureMinimumWindowSize(9000, 0);
    fc.addBytesRead(1000);
    expect(fc.getWindowUpdate(0)).toBe(2000 + 3000);
  });
});
