// Bundles the playground for the browser with esbuild (platform 'browser'), the way a page loads it.
// The import graph is read from esbuild's metafile: any Node built-in in it (node:crypto, dgram, …)
// is a module the browser does not have, and is reported by the importer that pulls it in.
// `tsx scripts/playground/bundle.ts [outfile]` writes the bundle and prints its size.
import { builtinModules } from 'node:module';
import { build, type Metafile } from 'esbuild';
import { repoRoot } from '../course/paths.ts';

export const playgroundEntry = 'playground/index.ts';

export interface PlaygroundBundle {
  code: string;
  bytes: number;
  metafile: Metafile;
  /** Node built-ins in the graph, as "importer → module". Empty for a browser-safe bundle. */
  nodeImports: string[];
}

const builtins = new Set(builtinModules);
const isBuiltin = (path: string) => path.startsWith('node:') || builtins.has(path) || builtins.has(path.split('/')[0]!);

/**
 * Bundles playground/index.ts (or `entry`) as an ES module, or as a script setting `globalName`;
 * minified. The Node built-ins are left external, so that they show up in the graph.
 */
export async function bundlePlayground(opts: { minify?: boolean; globalName?: string; entry?: string } = {}): Promise<PlaygroundBundle> {
  const r = await build({
    absWorkingDir: repoRoot,
    entryPoints: [opts.entry ?? playgroundEntry],
    bundle: true,
    platform: 'browser',
    format: opts.globalName ? 'iife' : 'esm',
    globalName: opts.globalName,
    target: 'es2022',
    minify: opts.minify ?? true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'node-builtins-external',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (a) => (isBuiltin(a.path) ? { path: a.path, external: true } : undefined));
        },
      },
    ],
  });
  const nodeImports = Object.entries(r.metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => isBuiltin(i.path)).map((i) => `${file} → ${i.path}`),
  );
  const code = r.outputFiles[0]!.text;
  return { code, bytes: r.outputFiles[0]!.contents.length, metafile: r.metafile, nodeImports };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync } = await import('node:fs');
  const b = await bundlePlayground();
  if (process.argv[2]) writeFileSync(process.argv[2], b.code);
  console.log(`playground bundle: ${(b.bytes / 1024).toFixed(0)} KiB minified`);
  for (const i of b.nodeImports) console.log(`  Node built-in: ${i}`);
  process.exitCode = b.nodeImports.length ? 1 : 0;
}
