// `.vscode/launch.json`, generated from the chapters: one configuration per chapter that runs its
// scenario under tsx with source maps, debug-safe timeouts (QUIC_DEBUG=1) and node internals
// skipped, and one that debugs the tests of the exercise whose file is open.
// `node --import tsx scripts/course/vscode.ts` writes it; `--check` exits 1 when it is out of date.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChapters, type Chapter } from './course.ts';
import { repoPath, repoRoot } from './paths.ts';

export const launchFile = join(repoRoot, '.vscode', 'launch.json');
const skipFiles = ['<node_internals>/**', '**/node_modules/**'];

export function launchJson(chapters: Chapter[]): string {
  const configurations = [
    ...chapters.map((c) => ({
      name: `Chapter ${c.number}: ${c.title}`,
      type: 'node',
      request: 'launch',
      program: `\${workspaceFolder}/${repoPath(c.scenario)}`,
      cwd: '${workspaceFolder}',
      runtimeArgs: ['--import', 'tsx'],
      env: { QUIC_DEBUG: '1' },
      sourceMaps: true,
      skipFiles,
      console: 'integratedTerminal',
    })),
    {
      name: 'Debug current exercise tests',
      type: 'node',
      request: 'launch',
      program: '${workspaceFolder}/node_modules/vitest/vitest.mjs',
      cwd: '${workspaceFolder}',
      args: ['run', '--config', 'scripts/course/vitest.exercises.config.ts', '--no-file-parallelism', '--testTimeout=0', '${relativeFileDirname}'],
      env: { COURSE_IMPL: 'learner', QUIC_DEBUG: '1' },
      autoAttachChildProcesses: true,
      smartStep: true,
      sourceMaps: true,
      skipFiles,
      console: 'integratedTerminal',
    },
  ];
  return `${JSON.stringify({ version: '0.2.0', configurations }, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const want = launchJson(loadChapters());
  const have = existsSync(launchFile) ? readFileSync(launchFile, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (have !== want) {
      console.error(`${repoPath(launchFile)} is out of date: run npm run course:render`);
      process.exitCode = 1;
    }
  } else if (have !== want) {
    mkdirSync(dirname(launchFile), { recursive: true });
    writeFileSync(launchFile, want);
    console.log(`wrote ${repoPath(launchFile)}`);
  }
}
