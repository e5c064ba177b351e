import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercises, type Exercise } from '../../scripts/course/course.ts';
import { gradeExercises, scoreExercise, type TestOutcome } from '../../scripts/course/grading.ts';
import { repoRoot } from '../../scripts/course/paths.ts';

const exercises = loadExercises();

/** A learner who has worked on exercise.ts has changed it from the committed starter. */
function learnerEdited(e: Exercise): boolean {
  const r = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', join(e.dir, 'exercise.ts')], { cwd: repoRoot });
  return r.status === 1;
}

describe('grading the exercises', () => {
  it.runIf(exercises.length > 0)('the reference solutions get full marks', { timeout: 300_000 }, async () => {
    const grades = await gradeExercises(exercises, 'solution');
    expect(grades).toHaveLength(exercises.length);
    for (const g of grades) expect([g.exercise.id, g.error, g.points]).toEqual([g.exercise.id, undefined, g.max]);
  });

  const starters = exercises.filter((e) => !learnerEdited(e));
  it.runIf(starters.length > 0)('the starters compile but get less than full marks', { timeout: 300_000 }, async () => {
    const grades = await gradeExercises(starters, 'learner');
    for (const g of grades) {
      expect(g.error, `${g.exercise.id}: the starter must load`).toBeUndefined();
      expect(g.points, `${g.exercise.id}: ${g.points}/${g.max}`).toBeLessThan(g.max);
    }
  });
});

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
  const test = (file: string, name: string, passed: boolean): TestOutcome => ({ file: join(dir, file), name, passed });

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
});
