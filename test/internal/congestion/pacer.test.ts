import { describe, expect, it } from 'vitest';
import { pacer, maxBurstSizePackets } from '../../../src/internal/congestion/pacer.ts';

const mds = 1280;

describe('pacer (token bucket)', () => {
  it('lets a burst of 10 packets go, then spaces packets by size / (5/4 · bandwidth)', () => {
    // 12.8 bytes/ms (cwnd 12800 over 1 s), paced at 16 bytes/ms: one 1280-byte packet per 80 ms.
    const p = new pacer(() => 12.8, mds);
    expect(maxBurstSizePackets).toBe(10);
    for (let i = 0; i < 10; i++) {
      expect(p.hasBudget(0)).toBe(true);
      p.sentPacket(0, mds);
    }
    expect(p.hasBudget(0)).toBe(false);
    expect(p.timeUntilSend()).toBe(80);
    expect(p.hasBudget(79.9)).toBe(false);
    expect(p.hasBudget(80)).toBe(true);
    const sendTimes: number[] = [];
    let now = 80;
    for (let i = 0; i < 5; i++) {
      now = Math.max(now, p.timeUntilSend());
      p.sentPacket(now, mds);
      sendTimes.push(now);
    }
    expect(sendTimes).toEqual([80, 160, 240, 320, 400]);
  });

  it('has a full packet of budget at the time timeUntilSend names, not a rounding error short of it', () => {
    // Found by search: the wait, rounded to the nearest float, left the bucket at 1251.9999999 of
    // 1252 bytes, and a connection on a virtual clock re-armed the same deadline forever.
    const p = new pacer(() => 1001.4565693258774, 1252);
    p.sentPacket(3194.9331682, 13186);
    const t = p.timeUntilSend();
    expect(p.hasBudget(t)).toBe(true);
    expect(t - 3194.9331682).toBeCloseTo(1.000144, 6); // rounded up by at most a nanosecond
  });

  it('refills the bucket while idle, up to the burst size', () => {
    const p = new pacer(() => 12.8, mds);
    for (let i = 0; i < 10; i++) p.sentPacket(0, mds);
    expect(p.budget(40)).toBe(640);
    expect(p.budget(10_000)).toBe(10 * mds);
  });

  it('never asks to wait less than MinPacingDelay (1 ms)', () => {
    // 1000 bytes/ms: 1280 bytes take 1.024 ms at 5/4 of it; the burst is 2 ms of bandwidth = 2500 bytes.
    const p = new pacer(() => 1000, mds);
    p.sentPacket(0, 12800);
    expect(p.timeUntilSend()).toBe(1.024);
    // By 5 ms the bucket holds 5 · 1250 = 6250 bytes; leave 1249, 31 short of a packet (0.025 ms).
    p.sentPacket(5, 6250 - 1249);
    expect(p.timeUntilSend()).toBe(6);
    // The timer waits the 1 ms, but a wake-up before it (an ACK) finds the budget and may send.
    expect(p.hasBudget(5.02)).toBe(false);
    expect(p.hasBudget(5.03)).toBe(true);
  });

  it('does not pace before the bandwidth is known', () => {
    const p = new pacer(() => Infinity, mds);
    for (let i = 0; i < 100; i++) p.sentPacket(0, mds);
    expect(p.timeUntilSend()).toBe(0);
    expect(p.hasBudget(0)).toBe(true);
  });
});
