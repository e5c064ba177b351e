import { it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGoServer, startCapture, runGoClient, tsharkDecrypt, stopAllPeers } from '/work/main/test/peers/peers.ts';
it('t', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qc-'));
  let t = performance.now(); const lap = (s: string) => { const n = performance.now(); console.log(s, (n - t).toFixed(0)); t = n; };
  const server = await startGoServer(); lap('server');
  const cap = await startCapture(server.port); lap('capture start');
  await runGoClient(['-addr', server.addr, '-op', 'echo', '-msg', 'x', '-keylog', join(dir, 'k')]); lap('client');
  await cap.stop(); lap('capture stop');
  await tsharkDecrypt(cap.file, join(dir, 'k')); lap('decrypt');
  await stopAllPeers(); lap('stop');
}, 30000);
