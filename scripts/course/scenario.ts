// Running a chapter's scenario as `npm run chapter -- N` does: `node --import tsx chapters/NN-slug/scenario.ts`
// from the repository root, capturing its output for comparison with expected-output.txt.
import { spawn } from 'node:child_process';
import type { Chapter } from './course.ts';
import { repoRoot } from './paths.ts';

export interface ScenarioRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the scenario to its end, capturing its output; killed after timeoutMs. */
export function runScenario(chapter: Chapter, timeoutMs = 60_000): Promise<ScenarioRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', chapter.scenario], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chapter ${chapter.number} scenario did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
