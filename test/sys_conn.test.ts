// The UDP socket under a Transport: addresses answered without a DNS round through the event loop,
// and datagrams that arrive as sent, on IPv4, on a socket bound by host name, and in a burst that
// the socket's close follows at once.
import { describe, expect, it } from 'vitest';
import { listenUDP, lookupLiteral } from '../src/sys_conn.ts';
import { systemClock } from '../src/internal/utils/clock.ts';

describe('lookupLiteral', () => {
  it('answers IP literals before it returns, with their family', () => {
    const answers: [string, number][] = [];
    lookupLiteral('127.0.0.1', 4, (err, address, family) => answers.push([err ? 'error' : address, family]));
    lookupLiteral('::1', 6, (err, address, family) => answers.push([err ? 'error' : address, family]));
    expect(answers).toEqual([
      ['127.0.0.1', 4],
      ['::1', 6],
    ]);
  });

  it('hands host names to DNS, which answers later', async () => {
    let answered = false;
    const answer = new Promise<[Error | null, string, number]>((resolve) =>
      lookupLiteral('localhost', 4, (err, address, family) => {
        answered = true;
        resolve([err, address, family]);
      }),
    );
    expect(answered).toBe(false);
    const [err, address, family] = await answer;
    expect(err).toBeNull();
    expect(family).toBe(4);
    expect(address).toMatch(/^127\./);
  });
});

describe('basicConn', () => {
  it('carries a datagram from one socket to another, one of them bound by host name', async () => {
    const a = await listenUDP('127.0.0.1:0', systemClock);
    const b = await listenUDP('localhost:0', systemClock);
    try {
      expect(b.localAddr().address).toMatch(/^127\./);
      a.writePacket(Uint8Array.of(1, 2, 3), b.localAddr());
      const p = await b.readPacket();
      expect(p.data).toEqual(Uint8Array.of(1, 2, 3));
      expect(p.remoteAddr).toEqual(a.localAddr());
    } finally {
      a.close();
      b.close();
    }
  });

  it('sends a burst written in one task whole and in order, even when closed straight after (a CONNECTION_CLOSE)', async () => {
    const a = await listenUDP('127.0.0.1:0', systemClock);
    const b = await listenUDP('127.0.0.1:0', systemClock);
    try {
      for (let i = 0; i < 50; i++) a.writePacket(Uint8Array.of(i), b.localAddr());
      a.close(); // the socket closes once the burst is out
      a.writePacket(Uint8Array.of(99), b.localAddr()); // refused: written after close
      const received: number[] = [];
      for (let i = 0; i < 50; i++) received.push((await b.readPacket()).data[0]!);
      expect(received).toEqual([...Array(50).keys()]);
      const late = await Promise.race([b.readPacket().then(() => 'datagram', () => 'closed'), new Promise((r) => setTimeout(r, 100, 'nothing'))]);
      expect(late).toBe('nothing');
    } finally {
      a.close();
      b.close();
    }
  });
});
