// The playground bundled for a browser (esbuild, platform 'browser', as a page loads it): no Node
// built-in anywhere in its import graph, read from esbuild's metafile, and its size reported.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePlayground } from '../../scripts/playground/bundle.ts';

describe('the playground bundle', () => {
  it('has no Node built-in in its graph, and is reported with its size', async () => {
    const b = await bundlePlayground();
    console.log(`playground bundle: ${(b.bytes / 1024).toFixed(0)} KiB minified, ${Object.keys(b.metafile.inputs).length} modules`);
    expect(b.nodeImports).toEqual([]);
    // The real stack is in it, src/ itself and not a copy.
    for (const f of ['src/server.ts', 'src/connection.ts', 'src/transport.ts', 'src/memory_packet_conn.ts', 'src/internal/tls/handshake_server.ts']) {
      expect(Object.keys(b.metafile.inputs)).toContain(f);
    }
    expect(b.bytes).toBeLessThan(600 * 1024);
  }, 60_000);

  it('finds a Node built-in that a module of the graph imports, by its importer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-bundle-'));
    writeFileSync(join(dir, 'uses_fs.ts'), "import { readFileSync } from 'node:fs';\nimport dgram from 'dgram';\nexport const f = [readFileSync, dgram];\n");
    writeFileSync(join(dir, 'entry.ts'), "export * from './uses_fs.ts';\n");
    const b = await bundlePlayground({ entry: join(dir, 'entry.ts') });
    expect(b.nodeImports.map((i) => i.replace(/^.*uses_fs/, 'uses_fs'))).toEqual(['uses_fs.ts → node:fs', 'uses_fs.ts → dgram']);
  }, 60_000);
});
