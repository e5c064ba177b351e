// `npx tsx scripts/course/wrong.ts [03] [--unit]`: grades every known-wrong solution (exercises/*/.wrong/*.ts,
// each opening with a comment that names its bug) in one vitest process and prints its score.
// test/course/grading.test.ts requires each to score below full marks.
import { loadExercises, selectExercises, type Exercise } from './course.ts';
import { gradeRuns, wrongSolutions, type ExerciseGrade, type Run } from './grading.ts';

export interface WrongGrade {
  exercise: Exercise;
  name: string;
  bug: string;
  grade: ExerciseGrade;
}

/**
 * Grades the wrong solutions in one vitest process. `unitOnly`: only each exercise's
 * exercise.test.ts runs (the real-stack files are the slow ones), except for a wrong solution whose
 * second line is `// grade: every file`; the score is then an upper bound (grading.ts, partial).
 */
export async function gradeWrongSolutions(exercises: Exercise[], unitOnly = false): Promise<WrongGrade[]> {
  const wrongs = exercises.flatMap((exercise) => wrongSolutions(exercise).map((w) => ({ exercise, ...w })));
  const runs: Run[] = wrongs.map((w) => ({
    name: `${w.exercise.id}:${w.name}`,
    impl: `wrong:${w.name}`,
    exercises: [w.exercise],
    files: unitOnly && !w.everyFile ? ['exercise.test.ts'] : undefined,
  }));
  const grades = await gradeRuns(runs);
  return wrongs.map((w) => ({ exercise: w.exercise, name: w.name, bug: w.bug, grade: grades.get(`${w.exercise.id}:${w.name}`)![0]! }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `--only 0[1-8]`: read only the exercise folders whose name matches (others may be half-written).
  const only = process.argv.indexOf('--only');
  const include = only > 0 ? (slug: string) => new RegExp(`^${process.argv[only + 1]}`).test(slug) : undefined;
  const filter = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
  const unitOnly = process.argv.includes('--unit');
  for (const w of await gradeWrongSolutions(selectExercises(loadExercises(undefined, include), filter), unitOnly)) {
    const caughtBy = w.grade.rules.filter((r) => r.earned === 0).map((r) => r.rule.test ?? r.rule.file);
    console.log(`${w.exercise.id}  ${w.name.padEnd(24)} ${`${w.grade.points}/${w.grade.max}`.padStart(5)}  ${w.grade.error ? `load error: ${w.grade.error}` : caughtBy.join(' | ')}`);
  }
}
