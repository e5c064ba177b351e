import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercises, type Exercise } from '../../scripts/course/course.ts';
import { gradeJson, gradeRuns, gradeTable, scoreExercise, type ExerciseGrade, type TestOutcome } from '../../scripts/course/grading.ts';
import { repoRoot } from '../../scripts/course/paths.ts';
import { gradeWrongSolutions } from '../../scripts/course/wrong.ts';

const exercises = loadExercises();

// QUIC_GRADING_ONCE=1 grades each solution and starter once and skips the known-wrong sweep: .ci/run
// sets it for the extra Node versions, whose grading would otherwise cost ~10 minutes each; the
// machine's own Node runs the full check (three runs each, every wrong solution).
const gradingOnce = process.env.QUIC_GRADING_ONCE === '1';
const gradingRuns = gradingOnce ? [1] : [1, 2, 3];

/** A learner who has worked on exercise.ts has changed it from the committed starter. */
function learnerEdited(e: Exercise): boolean {
  const r = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', join(e.dir, 'exercise.ts')], { cwd: repoRoot });
  return r.status === 1;
}

/** Each exercise's points in each of three runs (one with QUIC_GRADING_ONCE=1) of the same implementation (one vitest process). */
async function gradeThreeTimes(impl: 'solution' | 'learner', list: Exercise[]): Promise<Map<string, ExerciseGrade[]>> {
  const runs = gradingRuns.map((n) => ({ name: `${impl}#${n}`, impl, exercises: list }));
  return gradeRuns(runs);
}
const pointsById = (grades: ExerciseGrade[]) => Object.fromEntries(grades.map((g) => [g.exercise.id, g.points]));

describe('grading the exercises', () => {
  it.runIf(exercises.length > 0)('the reference solutions get full marks, three runs out of three', { timeout: 900_000 }, async () => {
    const runs = [...(await gradeThreeTimes('solution', exercises)).values()];
    for (const grades of runs) {
      expect(grades).toHaveLength(exercises.length);
      for (const g of grades) {
        const failed = g.rules.flatMap((r) => r.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.failure}`));
        expect([g.exercise.id, g.error, g.points, failed]).toEqual([g.exercise.id, undefined, g.max, []]);
      }
    }
    // Test titles do not repeat their describe title ("accept accept after close").
    const repeats = runs[0]!.flatMap((g) =>
      g.rules.flatMap((r) => r.tests.filter((t) => t.titles && t.titles.length > 1 && startsWithWord(t.titles.at(-1)!, t.titles.at(-2)!)).map((t) => `${g.exercise.id}: ${t.name}`)),
    );
    expect(repeats).toEqual([]);
  });

  const starters = exercises.filter((e) => !learnerEdited(e));
  it.runIf(starters.length > 0)('the starters compile but get less than full marks, the same in three runs', { timeout: 900_000 }, async () => {
    const [first, ...others] = [...(await gradeThreeTimes('learner', starters)).values()];
    for (const g of first!) {
      expect(g.error, `${g.exercise.id}: the starter must load`).toBeUndefined();
      expect(g.points, `${g.exercise.id}: ${g.points}/${g.max}`).toBeLessThan(g.max);
    }
    for (const grades of others) expect(pointsById(grades)).toEqual(pointsById(first!));
  });

  it.runIf(exercises.length > 0 && !gradingOnce)('every known-wrong solution (exercises/*/.wrong/) gets less than full marks', { timeout: 900_000 }, async () => {
    const wrongs = await gradeWrongSolutions(exercises, true);
    expect(wrongs.length).toBeGreaterThan(0);
    const fooled = wrongs.filter((w) => w.grade.error !== undefined || w.grade.points >= w.grade.max).map((w) => `${w.exercise.id} ${w.name}: ${w.grade.error ?? `${w.grade.points}/${w.grade.max}`}`);
    expect(fooled).toEqual([]);
  });
});

/** `title` begins with the word(s) of `describe` ("accept after close" in describe "accept"). */
function startsWithWord(title: string, describe: string): boolean {
  const t = title.toLowerCase();
  const d = describe.toLowerCase().replace(/:$/, '');
  return t === d || t.startsWith(`${d} `) || t.startsWith(`${d}:`);
}

describe('scoreExercise', () => {
  const dir = join(repoRoot, 'exercises', '42.1-x');
  const exercise: Exercise = {
    id: '42.1',
    chapter: '42',
    title: 'x',
    target: { module: 'src/x.ts', exports: ['x'] },
    points: [
      { test: 'parse', points: 3 },
      { file: 'server.test.ts', points: 5 },
    ],
    hints: [],
    dir,
    slug: '42.1-x',
  };
  const test = (file: string, name: string, passed: boolean, failure?: string): TestOutcome => ({ file: join(dir, file), name, passed, failure });

  it('gives a rule its points only when every test it names passed', () => {
    const tests = [
      test('exercise.test.ts', 'parse a short header', true),
      test('exercise.test.ts', 'parse a long header', false),
      test('server.test.ts', 'the real server accepts', true),
    ];
    const g = scoreExercise(exercise, tests, new Map());
    expect(g.rules.map((r) => r.earned)).toEqual([0, 5]);
    expect([g.points, g.max]).toEqual([5, 8]);
  });

  it('gives nothing when the tests did not load, and rejects a rule that names no test', () => {
    const failed = scoreExercise(exercise, [], new Map([[join(dir, 'exercise.test.ts'), 'SyntaxError']]));
    expect([failed.points, failed.error]).toEqual([0, 'SyntaxError']);
    expect(() => scoreExercise(exercise, [test('exercise.test.ts', 'other', true)], new Map())).toThrow(/names no test/);
  });

  it('partial: a rule whose tests did not run counts as earned (an upper bound)', () => {
    const g = scoreExercise(exercise, [test('exercise.test.ts', 'parse a header', false)], new Map(), true);
    expect(g.rules.map((r) => r.earned)).toEqual([0, 5]);
  });
});

describe('gradeTable', () => {
  const ex = (id: string, title: string): Exercise => ({
    id,
    chapter: id.slice(0, 2),
    title,
    target: { module: 'src/x.ts', exports: ['x'] },
    points: [{ test: 't', points: 1 }, { test: 'u', points: 9 }],
    hints: [],
    dir: join(repoRoot, 'exercises', `${id}-x`),
    slug: `${id}-x`,
  });
  const course = [ex('01.1', 'first'), ex('01.2', 'second'), ex('02.1', 'third'), ex('99.1', 'demo')];
  const grade = (e: Exercise, earned: [number, number], failure?: string): ExerciseGrade => ({
    exercise: e,
    points: earned[0] + earned[1],
    max: 10,
    rules: e.points.map((rule, i) => ({
      rule,
      earned: earned[i]!,
      tests: [{ file: join(e.dir, 'exercise.test.ts'), name: `a test ${rule.test}`, passed: earned[i]! > 0, failure }],
    })),
  });

  it("says '1 pt' for one point, and prints the whole failure line", () => {
    const failure = 'expected Error: accept did not finish within 1000 ms to be an instance of ErrServerClosed';
    const out = gradeTable([grade(course[0]!, [0, 9], failure)], course);
    expect(out).toContain(`01.1 (1 pt) a test t: ${failure}`);
    expect(gradeTable([grade(course[0]!, [1, 0], failure)], course)).toContain('01.1 (9 pts) a test u');
  });

  it('after full marks names the next exercise; the demo does not count toward the total', () => {
    const out = gradeTable([grade(course[1]!, [1, 9]), grade(course[3]!, [0, 9])], course);
    expect(out).toMatch(/^total\s+the demo does not count\s+10\/10$/m);
    const full = gradeTable([grade(course[1]!, [1, 9])], course);
    expect(full).toContain('Next: exercise 02.1, third (npm run grade -- 02.1)');
    expect(gradeTable([grade(course[2]!, [1, 9])], course)).toContain('the last exercise of the course');
    expect(gradeTable([grade(course[3]!, [1, 9])], course)).toContain('Next: exercise 01.1');
  });

  it('--json: the same grades as data', () => {
    const json = gradeJson([grade(course[0]!, [0, 9], 'boom'), grade(course[3]!, [1, 9])]) as {
      total: { points: number; max: number };
      exercises: { id: string; demo: boolean; rules: { earned: number; failed: { failure?: string }[] }[] }[];
    };
    expect(json.total).toEqual({ points: 9, max: 10 });
    expect(json.exercises.map((e) => [e.id, e.demo])).toEqual([['01.1', false], ['99.1', true]]);
    expect(json.exercises[0]!.rules[0]!.failed[0]!.failure).toBe('boom');
  });
});
