// Exercise 06.2's unit tests: the real closedLocalConn, with the learner's handlePacket.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { closedLocalConn } from '../../src/closed_conn.ts';
import type { UDPAddr } from '../../src/sys_conn.ts';

vi.mock(import('../../src/closed_conn.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const from = (port: number): UDPAddr => ({ address: '192.0.2.1', port, family: 'IPv4' });

/** Feeds n packets (the i-th from port i) and returns the numbers of those that were answered. */
function answered(n: number): number[] {
  const sentTo: UDPAddr[] = [];
  const c = new closedLocalConn((addr) => sentTo.push(addr));
  for (let i = 1; i <= n; i++) c.handlePacket({ remoteAddr: from(i), rcvTime: 0, data: new Uint8Array([0x40]) });
  return sentTo.map((a) => a.port);
}

describe('closedLocalConn.handlePacket', () => {
  it('answers the 1st, 2nd, 4th and 8th packet', () => {
    expect(answered(10)).toEqual([1, 2, 4, 8]);
    expect(answered(100)).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });

  it('after n packets it has answered floor(log2 n) + 1 times', () => {
    for (const n of [1, 2, 3, 5, 100, 4095, 4096, 4097, 8191, 8192, 8193, 20_000]) expect(answered(n), `${n} packets`).toHaveLength(Math.floor(Math.log2(n)) + 1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (n) => {
        expect(answered(n)).toHaveLength(Math.floor(Math.log2(n)) + 1);
      }),
      { numRuns: 30, seed: 607 },
    );
  });

  it('keeps the rule for a connection that has received millions of packets: the 2^k-th is answered, its neighbours are not', () => {
    // quic-go's counter is a uint32 (closed_conn.go): every k up to 31.
    for (let k = 2; k <= 31; k++) {
      for (const [before, answer] of [[2 ** k - 1, true], [2 ** k, false], [2 ** k - 2, false]] as const) {
        const sentTo: UDPAddr[] = [];
        const c = new closedLocalConn((addr) => sentTo.push(addr));
        c.counter = before;
        c.handlePacket({ remoteAddr: from(1), rcvTime: 0, data: new Uint8Array([0x40]) });
        expect(sentTo.length === 1, `packet number ${before + 1}`).toBe(answer);
      }
    }
  });

  it('answers to the address the packet came from', () => {
    const sentTo: UDPAddr[] = [];
    const c = new closedLocalConn((addr) => sentTo.push(addr));
    const peer = from(4433);
    c.handlePacket({ remoteAddr: peer, rcvTime: 0, data: new Uint8Array([0x40]) });
    expect(sentTo).toEqual([peer]);
  });
});
