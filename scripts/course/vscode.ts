// `.vscode/launch.json`, generated from the chapters: one configuration per chapter that runs its
// scenario under tsx with source maps, debug-safe timeouts (QUIC_DEBUG=1) and node internals
// skipped, and one that debugs the tests of the exercise whose file is open in the active editor.
// Names stay short: the Run and Debug view's dropdown is as narrow as the side bar.
// `node --import tsx scripts/course/vscode.ts` writes it; `--check` exits 1 when it is out of date.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChapters, type Chapter } from './course.ts';
import { repoPath, repoRoot } from './paths.ts';

export const launchFile = join(repoRoot, '.vscode', 'launch.json');
const skipFiles = ['<node_internals>/**', '**/node_modules/**'];
const titleChars = 20;

/** `Ch 01: Listener.Accept and…`: the title up to its first colon, or cut at a word boundary. */
export function launchName(c: Pick<Chapter, 'number' | 'title'>): string {
  let title = c.title;
  const colon = title.indexOf(':');
  if (title.length > titleChars && colon >= 5) title = title.slice(0, colon);
  if (title.length > titleChars) {
    const cut = title.lastIndexOf(' ', titleChars);
    title = `${title.slice(0, cut > 0 ? cut : titleChars).replace(/[,;]$/, '')}…`;
  }
  return `Ch ${c.number}: ${title}`;
}

/** Runs the tests of the exercise whose file is in the active editor (`${relativeFileDirname}`). */
export const exerciseLaunchName = 'Debug current exercise tests';

export function launchJson(chapters: Chapter[]): string {
  const configurations = [
    ...chapters.map((c) => ({
      name: launchName(c),
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
      name: exerciseLaunchName,
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
