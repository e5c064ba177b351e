// QUIC handshakes on loopback, with our server and our client in processes of their own (this file,
// run with --role), as in real use: sequential full handshakes per second (ECDSA P-256
// certificate, X25519) on each crypto backend, then the memory an idle connection costs each end.
// Targets from the performance issue: ≥ 120 sequential handshakes/s on noble, ≥ 300 on node:crypto;
// < 64 KiB of heap per idle connection.
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RetiredConnectionIDDeleteTimeout } from '../../src/internal/protocol/params.ts';
import { RoleProcess, cpuMs, memoryAfterGC, serveRequests, type Reply } from './child.ts';
import type { BenchRow, BenchSection } from './measure.ts';

const self = fileURLToPath(import.meta.url);
const idleConnections = 200;
const warmUpMs = 5000;
const KiB = 1024;

export const section: BenchSection = {
  name: 'QUIC handshakes (loopback, server and client in separate processes)',
  async run({ durationMs }) {
    const rows: BenchRow[] = [];
    for (const crypto of ['noble', 'node'] as const) rows.push(...(await handshakes(crypto, durationMs)));
    return rows;
  },
};

const targets = { noble: 120, node: 300 } as const;

async function handshakes(crypto: 'noble' | 'node', durationMs: number): Promise<BenchRow[]> {
  const server = RoleProcess.start(self, ['--role', 'server', '--crypto', crypto]);
  const addr = /^listening (\S+)$/.exec(await server.nextLine())?.[1];
  if (!addr) throw new Error('the server did not say where it listens');
  // A handshake takes milliseconds, so count them over three measurement periods.
  const client = RoleProcess.start(self, ['--role', 'client', '--addr', addr, '--ms', String(3 * durationMs), '--crypto', crypto]);
  const rows: BenchRow[] = [];
  try {
    const warm = await client.request('warmup');
    const serverCPU = (await server.request('cpu')).ms;
    const { per_s, count, cpu_ms } = await client.request('handshakes');
    const serverCPUPerHandshake = ((await server.request('cpu')).ms - serverCPU) / count;
    rows.push({ name: `sequential handshakes, crypto '${crypto}' (P-256 cert, X25519)`, value: per_s, unit: '/s', target: targets[crypto] });
    rows.push({ name: `  the same in the first ${warmUpMs / 1000} s (JIT warm-up, not measured above)`, value: warm.per_s, unit: '/s' });
    // One handshake at a time: each end waits while the other works, so the rate is about
    // 1 / (server CPU + client CPU + the hops between processes).
    rows.push({ name: `  CPU per handshake, server, ${crypto}`, value: serverCPUPerHandshake, unit: 'ms' });
    rows.push({ name: `  CPU per handshake, client, ${crypto}`, value: cpu_ms / count, unit: 'ms' });
    if (crypto === 'node') return rows; // idle memory: once, on the default backend

    // The closed connections linger on both ends as placeholders (RFC 9000 §10.2) until they expire.
    await sleep(RetiredConnectionIDDeleteTimeout + 1000);
    const before = { server: await server.request('memory'), client: await client.request('memory') };
    await client.request('open');
    await sleep(500); // let the last acknowledgements and HANDSHAKE_DONE settle
    const after = { server: await server.request('memory'), client: await client.request('memory') };
    for (const end of ['server', 'client'] as const) {
      const heap = (after[end].heapUsed - before[end].heapUsed) / idleConnections / KiB;
      const external = (after[end].external - before[end].external) / idleConnections / KiB;
      rows.push({ name: `idle connection, ${end} heap, ${crypto} (target < 64)`, value: heap, unit: 'KiB' });
      rows.push({ name: `idle connection, ${end} heap + external, ${crypto}`, value: heap + external, unit: 'KiB' });
    }
  } finally {
    await client.end();
    await server.end();
  }
  return rows;
}

// --- the child processes ---

async function role(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string' }, addr: { type: 'string' }, ms: { type: 'string' }, crypto: { type: 'string', default: 'noble' } } });
  const crypto = values.crypto as 'noble' | 'node';
  const { dialAddr } = await import('../../src/quic.ts');
  const { clientTLS, startTestServer } = await import('../../test/reliability/helpers.ts');
  const memory = async () => memoryAfterGC();
  const cpu = async () => ({ ms: cpuMs() });

  if (values.role === 'server') {
    const s = await startTestServer({ crypto });
    console.log(`listening ${s.addr}`);
    await serveRequests({ memory, cpu });
    await s.close();
    return;
  }

  const dial = () => dialAddr(values.addr!, clientTLS(), { crypto });
  const idle: Awaited<ReturnType<typeof dial>>[] = [];
  await serveRequests({
    memory,
    // V8 optimizes a function only after many calls, and most of a handshake's functions run a few
    // times per handshake: the path runs optimized code only after several hundred handshakes (on
    // these machines, 2–3 s). The target is a running server's rate, so it is measured after that.
    async warmup(): Promise<Reply> {
      const start = performance.now();
      let n = 0;
      for (; performance.now() - start < warmUpMs; n++) (await dial()).closeWithError(0, '');
      return { per_s: n / ((performance.now() - start) / 1000) };
    },
    async handshakes(): Promise<Reply> {
      const start = performance.now();
      const startCPU = cpuMs();
      let n = 0;
      while (performance.now() - start < Number(values.ms)) {
        (await dial()).closeWithError(0, '');
        n++;
      }
      return { per_s: n / ((performance.now() - start) / 1000), count: n, cpu_ms: cpuMs() - startCPU };
    },
    async open(): Promise<Reply> {
      for (let i = 0; i < idleConnections; i++) idle.push(await dial());
      return { open: idle.length };
    },
  });
  for (const c of idle) c.closeWithError(0, '');
}

if (process.argv[1] === self && process.argv.includes('--role')) await role();
