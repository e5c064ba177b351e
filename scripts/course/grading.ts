// Grading: runs the exercises' tests with vitest on the learner's files, the reference solutions
// or the known-wrong solutions, and turns passing tests into points. A points rule of
// exercise.json earns its points when every test it names passed: `test` names the tests whose
// full name (describe titles and test title, joined by spaces) contains it, `file` the tests of
// one file. Several runs (implementations, or the same one again) share one vitest process, each
// a vitest project (scripts/course/vitest.exercises.config.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Exercise, PointsRule } from './course.ts';
import type { Impl } from './impl.ts';
import { repoRoot } from './paths.ts';
import type { GradingReport } from './reporter.ts';

export interface TestOutcome {
  file: string;
  name: string;
  /** the describe titles and the test's title, outermost first */
  titles?: string[];
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

/** One implementation graded on some exercises; `name` tells runs apart (`solution#2`). */
export interface Run {
  name: string;
  impl: Impl;
  exercises: Exercise[];
  /** only these test files of each exercise (file names, e.g. `exercise.test.ts`); all when absent */
  files?: string[];
}

export interface RunOutcome {
  tests: TestOutcome[];
  loadErrors: Map<string, string>;
}

export const exercisesConfig = 'scripts/course/vitest.exercises.config.ts';

/** The demo exercises (chapter 99) show the machinery; they do not count toward the course total. */
export const isDemo = (e: Exercise): boolean => e.chapter === '99';

/** The known-wrong solutions of an exercise: `.wrong/NAME.ts`, graded as `wrong:NAME`. */
export function wrongSolutions(e: Exercise): { name: string; file: string; bug: string; everyFile: boolean }[] {
  const dir = join(e.dir, '.wrong');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      const text = readFileSync(file, 'utf8');
      const bug = /^\/\/\s*(.+)$/m.exec(text)?.[1] ?? '';
      return { name: f.slice(0, -3), file, bug, everyFile: /^\/\/ grade: every file$/m.test(text) };
    });
}

/** Runs the tests of every run in one vitest process; resolves with each run's outcomes, by name. */
export function runExerciseTests(runs: Run[], timeoutMs = 900_000): Promise<Map<string, RunOutcome>> {
  const out = mkdtempSync(join(tmpdir(), 'course-grade-'));
  const report = join(out, 'report.json');
  const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const dirOf = (e: Exercise) => `${relative(repoRoot, e.dir).split(sep).join('/')}/`;
  const include = (r: Run) => r.exercises.flatMap((e) => (r.files ?? ['*.test.ts']).map((f) => dirOf(e) + f));
  const projects = runs.map((r) => ({ name: r.name, impl: r.impl, include: include(r) }));
  const args = [vitest, 'run', '--config', exercisesConfig, '--reporter=./scripts/course/reporter.ts'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, COURSE_RUNS: JSON.stringify(projects), COURSE_REPORT: report },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      let json: GradingReport;
      try {
        json = JSON.parse(readFileSync(report, 'utf8')) as GradingReport;
      } catch {
        reject(new Error(`vitest wrote no report (timeout ${timeoutMs} ms?)\n${stderr}`));
        return;
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      const outcomes = new Map(runs.map((r) => [r.name, { tests: [], loadErrors: new Map() } as RunOutcome]));
      for (const t of json.tests) outcomes.get(t.project)?.tests.push({ file: t.file, name: t.titles.join(' '), titles: t.titles, passed: t.passed, failure: t.failure });
      for (const e of json.loadErrors) outcomes.get(e.project)?.loadErrors.set(e.file, e.message);
      resolve(outcomes);
    });
  });
}

/**
 * Scores one exercise from the outcomes of its tests. `partial`: only some of its test files ran,
 * and a rule whose tests did not run is counted as earned, so the score is an upper bound.
 */
export function scoreExercise(exercise: Exercise, tests: TestOutcome[], loadErrors: Map<string, string>, partial = false): ExerciseGrade {
  const mine = tests.filter((t) => t.file.startsWith(exercise.dir + sep));
  const error = [...loadErrors].find(([file]) => file.startsWith(exercise.dir + sep))?.[1];
  const rules = exercise.points.map((rule) => {
    const named = mine.filter((t) => (rule.test !== undefined ? t.name.includes(rule.test) : t.file === join(exercise.dir, rule.file!)));
    if (named.length === 0 && partial) return { rule, earned: rule.points, tests: named };
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

/** Grades every run in one vitest process: each run's grades, by run name. */
export async function gradeRuns(runs: Run[]): Promise<Map<string, ExerciseGrade[]>> {
  const outcomes = await runExerciseTests(runs.filter((r) => r.exercises.length > 0));
  return new Map(
    runs.map((r) => {
      const o = outcomes.get(r.name) ?? { tests: [], loadErrors: new Map() };
      return [r.name, r.exercises.map((e) => scoreExercise(e, o.tests, o.loadErrors, r.files !== undefined))];
    }),
  );
}

export async function gradeExercises(exercises: Exercise[], impl: Impl): Promise<ExerciseGrade[]> {
  if (exercises.length === 0) return [];
  return (await gradeRuns([{ name: impl, impl, exercises }])).get(impl)!;
}

const pts = (n: number) => `${n} ${n === 1 ? 'pt' : 'pts'}`;

/** The course's total: the demo exercises do not count. */
export function courseTotal(grades: ExerciseGrade[]): { points: number; max: number } {
  const counted = grades.filter((g) => !isDemo(g.exercise));
  return { points: counted.reduce((s, g) => s + g.points, 0), max: counted.reduce((s, g) => s + g.max, 0) };
}

/**
 * The table `npm run grade` prints, with the rules that earned nothing below it and, when every
 * graded exercise has full marks, the exercise to do next (`all` is the course, in order).
 */
export function gradeTable(grades: ExerciseGrade[], all: Exercise[] = []): string {
  const width = Math.max(8, ...grades.map((g) => g.exercise.title.length + (isDemo(g.exercise) ? 7 : 0)));
  const row = (id: string, title: string, points: string) => `${id.padEnd(9)}${title.padEnd(width + 2)}${points.padStart(7)}`;
  const lines = [
    row('exercise', 'title', 'points'),
    ...grades.map((g) => row(g.exercise.id, g.exercise.title + (isDemo(g.exercise) ? ' (demo)' : ''), `${g.points}/${g.max}`)),
  ];
  const total = courseTotal(grades);
  if (total.max > 0) lines.push(row('total', grades.some((g) => isDemo(g.exercise)) ? 'the demo does not count' : '', `${total.points}/${total.max}`));
  const missed = grades.flatMap((g) => [
    ...(g.error ? [`  ${g.exercise.id}: the tests did not load: ${g.error.split('\n')[0]}`] : []),
    ...g.rules
      .filter((r) => r.earned === 0 && r.tests.length > 0)
      .map((r) => {
        const failed = r.tests.find((t) => !t.passed);
        return `  ${g.exercise.id} (${pts(r.rule.points)}) ${failed?.name ?? r.rule.test}: ${failed?.failure ?? 'failed'}`;
      }),
  ]);
  if (missed.length > 0) lines.push('', 'not yet:', ...missed);
  else if (grades.length > 0) lines.push('', nextStep(grades, all));
  return lines.join('\n');
}

/** After full marks: the first exercise of the course after the last one graded. */
function nextStep(grades: ExerciseGrade[], all: Exercise[]): string {
  const last = grades[grades.length - 1]!.exercise;
  const course = all.filter((e) => !isDemo(e));
  const next = course[course.findIndex((e) => e.id === last.id) + 1] ?? (isDemo(last) ? course[0] : undefined);
  if (!next) return 'full marks. That was the last exercise of the course.';
  return `full marks. Next: exercise ${next.id}, ${next.title} (npm run grade -- ${next.id}).`;
}

/** `npm run grade -- --json`: the grades as data. */
export function gradeJson(grades: ExerciseGrade[]): object {
  return {
    total: courseTotal(grades),
    exercises: grades.map((g) => ({
      id: g.exercise.id,
      title: g.exercise.title,
      demo: isDemo(g.exercise),
      points: g.points,
      max: g.max,
      error: g.error,
      rules: g.rules.map((r) => ({
        rule: r.rule.test ?? r.rule.file,
        points: r.rule.points,
        earned: r.earned,
        failed: r.tests.filter((t) => !t.passed).map((t) => ({ test: t.name, failure: t.failure })),
      })),
    })),
  };
}
