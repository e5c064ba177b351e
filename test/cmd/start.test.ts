// `npm start`, the walkthrough: server and client in one process, so each trace line says which
// side runs it.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runPeer } from '../peers/process.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repo, 'node_modules', '.bin', 'tsx');

it('labels every trace line with its side; each side completes its handshake once, before the first stream', async () => {
  const r = await runPeer(tsx, ['src/cmd/start.ts'], 60_000, { cwd: repo });
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n');
  const traced = lines.filter((l) => /^ +[0-9.]+ms /.test(l));
  expect(traced.length).toBeGreaterThan(8);
  for (const line of traced) expect(line).toMatch(/^ +[0-9.]+ms {2}(server|client) {2}\S/);
  const complete = lines.flatMap((l, i) => (l.includes('handshake complete') ? [{ l, i }] : []));
  expect(complete.map(({ l }) => l.match(/ms {2}(\w+)/)![1]).sort()).toEqual(['client', 'server']);
  const textHeading = lines.findIndex((l) => l.startsWith('── client: a text stream'));
  for (const { i } of complete) expect(i).toBeLessThan(textHeading);
  // The summary counts each side's steps apart (a retransmission under load may add a drop line).
  expect(r.stdout).toMatch(/^ {2}server steps: +transport\.listen \d+, server\.run \d+, connection\.run \d+/m);
  expect(r.stdout).toMatch(/^ {2}client steps: +connection\.run \d+/m);
});
