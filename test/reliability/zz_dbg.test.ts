import { it } from 'vitest';
import { startTestServer, dial, download } from './helpers.ts';
it('dbg', async () => {
  const s = await startTestServer({ maxIncomingStreams: 2000, maxIdleTimeout: 8000 });
  const c: any = await dial(s.addr);
  let done = 0;
  const dump = (name: string, conn: any) => {
    const st = conn.streams; const fc = st.connFlowController; const fr = st.innerFramer;
    console.log(name, JSON.stringify({ fc: { sent: fc.bytesSent, sendWindow: fc.sendWindow, read: fc.bytesRead, hr: fc.highestReceived, rw: fc.receiveWindow, rws: fc.receiveWindowSize },
      active: fr.activeStreams.size, queue: fr.streamQueue.length, ctrl: fr.controlFrames.length, inflight: conn.sentPacketHandler.getBytesInFlight(), cwnd: conn.sentPacketHandler.getCongestionWindow() }));
  };
  const iv = setInterval(() => { console.log('done', done); dump('client', c); for (const h of new Set(s.transport.handlerMap.handlers.values())) if ((h as any).streams) dump('server', h); }, 1500);
  try { await Promise.all(Array.from({ length: 2000 }, async (_, i) => { await download(c, 1 + (i % 2000)); done++; })); } catch (e) { console.log('ERR', String(e)); }
  clearInterval(iv); await s.close();
}, 30000);
