// HTTP/3 sits on the stack and under the programs (ARCHITECTURE.md §1): src/http3 imports the
// package quic and internal/, never src/cmd, which imports it (h3_server.ts, h3_client.ts).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../architecture/import_graph.ts';

const src = fileURLToPath(new URL('../../src', import.meta.url));

describe('src/http3 layering', () => {
  it('imports nothing of src/cmd', () => {
    const graph = importGraph(src);
    const bad = [...graph].flatMap(([f, ts]) => (f.startsWith('http3/') ? ts.filter((t) => t.startsWith('cmd/')).map((t) => `${f} → ${t}`) : []));
    expect([...graph.keys()].some((f) => f.startsWith('http3/'))).toBe(true);
    expect(bad).toEqual([]);
  });
});
