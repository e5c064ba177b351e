// The reference solutions are src's own code: each target's body in src and in .solution/exercise.ts
// agree (comments and spacing aside), unless exercise.json says why not. After src changes,
// `npx tsx scripts/course/drift.ts` rewrites the solutions that drifted.
import { describe, expect, it } from 'vitest';
import { loadExercises } from '../../scripts/course/course.ts';
import { functionBody, normalize, solutionDrift } from '../../scripts/course/drift.ts';

describe('solution drift', () => {
  it.each(loadExercises().map((e) => [e.id, e] as const))('%s: the solution is the body of its target in src', (_id, e) => {
    if (e.solutionDiffers) expect(solutionDrift(e), `${e.id} says its solution differs, and it does`).not.toEqual([]);
    else expect(solutionDrift(e)).toEqual([]);
  });

  it('finds a method in a class and a top-level function, and ignores comments and spacing only', () => {
    const src = 'export class A {\n  private f(x: { a: number }): number {\n    return x.a; // @anchor a.f\n  }\n}\nexport async function g() { return 1 }\n';
    expect(normalize(functionBody(src, 'A.prototype.f')!)).toBe('{returnx.a;}');
    expect(functionBody(src, 'g')).toBe('{ return 1 }');
    expect(normalize('{ return x.a + 1; }')).not.toBe(normalize(functionBody(src, 'A.prototype.f')!));
  });
});
