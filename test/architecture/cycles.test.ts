// The house rules of src/ (ARCHITECTURE.md): no import cycles, type-only imports included, and the
// layers hold: internal/protocol imports no other layer of internal/, and nothing in internal/
// imports a file of src/ above it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './import_graph.ts';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const graph = importGraph(src);

describe('src/ import graph', () => {
  it('reads every file of src/ and resolves every relative import to a file', () => {
    expect(graph.size).toBeGreaterThan(150);
    const dangling = [...graph].flatMap(([f, ts]) => ts.filter((t) => !graph.has(t)).map((t) => `${f} → ${t}`));
    expect(dangling).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('internal/protocol imports nothing of internal/ but itself (quic-go: protocol is the bottom layer)', () => {
    const bad = [...graph].flatMap(([f, ts]) =>
      f.startsWith('internal/protocol/') ? ts.filter((t) => !t.startsWith('internal/protocol/')).map((t) => `${f} → ${t}`) : [],
    );
    expect(bad).toEqual([]);
  });

  it('nothing in internal/ imports a file of src/ outside internal/', () => {
    const bad = [...graph].flatMap(([f, ts]) =>
      f.startsWith('internal/') ? ts.filter((t) => !t.startsWith('internal/')).map((t) => `${f} → ${t}`) : [],
    );
    expect(bad).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('finds a cycle made of a type-only import and a re-export, and a self-import', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './sub/b.ts';\nexport type A = B;\n");
    writeFileSync(join(dir, 'sub', 'b.ts'), "export type B = number;\nexport {\n  x,\n} from '../c.ts';\n");
    writeFileSync(join(dir, 'c.ts'), "/* import './d.ts' */\nexport const x = (await import('./a.ts')) && 1;\n");
    writeFileSync(join(dir, 'd.ts'), "import './d.ts';\n");
    writeFileSync(join(dir, 'e.ts'), "import { x } from './c.ts';\n");
    expect(cycles(importGraph(dir))).toEqual([['a.ts', 'c.ts', 'sub/b.ts'], ['d.ts']]);
  });
});
