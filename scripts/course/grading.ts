// Grading: runs the exercises' tests with vitest (JSON reporter) on the learner's files or the
// reference solutions, and turns passing tests into points. A points rule of exercise.json
// earns its points when every test it names passed: `test` names the tests whose full name
// (describe titles and test title, joined by spaces) contains it, `file` the tests of one file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Exercise, PointsRule } from './course.ts';
import type { Impl } from './impl.ts';
import { repoRoot } from './paths.ts';

export interface TestOutcome {
  file: string;
  name: string;
  passed: boolean;
  failure?: string;
}

export interface RuleGrade {
  rule: PointsRule;
  earned: number;
  tests: TestOutcome[];
}

export interface ExerciseGrade {
  exercise: Exercise;
  points: number;
  max: number;
  rules: RuleGrade[];
  /** a test file that did not load (syntax error, missing export…) */
  error?: string;
}

interface JsonReport {
  testResults: {
    name: string;
    message?: string;
    assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages?: string[] }[];
  }[];
}

export const exercisesConfig = 'scripts/course/vitest.exercises.config.ts';

/** Runs the tests of the given exercises in one vitest process; resolves with every test's outcome. */
export function runExerciseTests(exercises: Exercise[], impl: Impl, timeoutMs = 300_000): Promise<{ tests: TestOutcome[]; loadErrors: Map<string, string> }> {
  const out = mkdtempSync(join(tmpdir(), 'course-grade-'));
  const report = join(out, 'report.json');
  const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const dirs = exercises.map((e) => `${relative(repoRoot, e.dir).split(sep).join('/')}/`);
  const args = [vitest, 'run', '--config', exercisesConfig, '--reporter=json', `--outputFile=${report}`, ...dirs];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, COURSE_IMPL: impl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      let json: JsonReport;
      try {
        json = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
      } catch {
        reject(new Error(`vitest wrote no report (timeout ${timeoutMs} ms?)\n${stderr}`));
        return;
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      const tests: TestOutcome[] = [];
      const loadErrors = new Map<string, string>();
      for (const file of json.testResults) {
        if (file.assertionResults.length === 0 && file.message) loadErrors.set(file.name, file.message);
        for (const t of file.assertionResults)
          tests.push({
            file: file.name,
            name: [...t.ancestorTitles, t.title].join(' '),
            passed: t.status === 'passed',
            failure: t.failureMessages?.[0]?.replace(/\x1b\[[0-9;]*m/g, '').split('\n')[0],
          });
      }
      resolve({ tests, loadErrors });
    });
  });
}

/** Scores one exercise from the outcomes of its tests. */
export function scoreExercise(exercise: Exercise, tests: TestOutcome[], loadErrors: Map<string, string>): ExerciseGrade {
  const mine = tests.filter((t) => t.file.startsWith(exercise.dir + sep));
  const error = [...loadErrors].find(([file]) => file.startsWith(exercise.dir + sep))?.[1];
  const rules = exercise.points.map((rule) => {
    const named = mine.filter((t) => (rule.test !== undefined ? t.name.includes(rule.test) : t.file === join(exercise.dir, rule.file!)));
    if (named.length === 0 && !error)
      throw new Error(`exercise ${exercise.id}: points rule ${JSON.stringify(rule.test ?? rule.file)} names no test`);
    const earned = named.length > 0 && named.every((t) => t.passed) ? rule.points : 0;
    return { rule, earned, tests: named };
  });
  return {
    exercise,
    points: rules.reduce((s, r) => s + r.earned, 0),
    max: exercise.points.reduce((s, r) => s + r.points, 0),
    rules,
    error,
  };
}

export async function gradeExercises(exercises: Exercise[], impl: Impl): Promise<ExerciseGrade[]> {
  if (exercises.length === 0) return [];
  const { tests, loadErrors } = await runExerciseTests(exercises, impl);
  return exercises.map((e) => scoreExercise(e, tests, loadErrors));
}

/** The table `npm run grade` prints, with the rules that earned nothing below it. */
export function gradeTable(grades: ExerciseGrade[]): string {
  const width = Math.max(8, ...grades.map((g) => g.exercise.title.length));
  const row = (id: string, title: string, pts: string) => `${id.padEnd(9)}${title.padEnd(width + 2)}${pts.padStart(7)}`;
  const total = grades.reduce((s, g) => s + g.points, 0);
  const max = grades.reduce((s, g) => s + g.max, 0);
  const lines = [row('exercise', 'title', 'points'), ...grades.map((g) => row(g.exercise.id, g.exercise.title, `${g.points}/${g.max}`))];
  lines.push(row('total', '', `${total}/${max}`));
  const missed = grades.flatMap((g) => [
    ...(g.error ? [`  ${g.exercise.id}: the tests did not load: ${g.error.split('\n')[0]}`] : []),
    ...g.rules
      .filter((r) => r.earned === 0 && r.tests.length > 0)
      .map((r) => {
        const failed = r.tests.find((t) => !t.passed);
        return `  ${g.exercise.id} (${r.rule.points} pts) ${failed?.name ?? r.rule.test}: ${failed?.failure ?? 'failed'}`;
      }),
  ]);
  if (missed.length > 0) lines.push('', 'not yet:', ...missed);
  return lines.join('\n');
}
