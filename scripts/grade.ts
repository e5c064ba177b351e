// `npm run grade`: grades the exercises and prints points per exercise and the total.
//   npm run grade -- 03            only chapter 03's exercises (03.2: only that exercise)
//   npm run grade -- --watch       grade again whenever a file under exercises/ or src/ changes
//   npm run grade -- --impl solution   grade the reference solutions (CI); `learner` (the
//                                  default; `starter` is the same) grades exercise.ts
//   npm run grade -- --json         the grades as JSON on stdout (no table)
import { watch } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadExercises, selectExercises } from './course/course.ts';
import { gradeExercises, gradeJson, gradeTable } from './course/grading.ts';
import { isImpl, type Impl } from './course/impl.ts';
import { exercisesDir, srcDir } from './course/paths.ts';
import { readProgress, writeProgress } from './course/progress.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    watch: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    impl: { type: 'string', default: 'learner' },
  },
});
const implArg = values.impl === 'starter' ? 'learner' : values.impl!;
if (!isImpl(implArg)) throw new Error(`--impl must be learner, starter, solution or wrong:NAME, not ${values.impl}`);
const impl: Impl = implArg;
const all = loadExercises();
const exercises = selectExercises(all, positionals[0]);
if (exercises.length === 0) {
  console.error(positionals[0] ? `no exercise matches ${positionals[0]}` : 'there are no exercises yet');
  process.exit(2);
}

async function gradeOnce(): Promise<boolean> {
  const grades = await gradeExercises(exercises, impl);
  console.log(values.json ? JSON.stringify(gradeJson(grades), null, 2) : gradeTable(grades, all));
  if (impl === 'learner') {
    const progress = readProgress();
    const at = new Date().toISOString();
    for (const g of grades) progress.grades[g.exercise.id] = { points: g.points, max: g.max, at };
    writeProgress(progress);
  }
  return grades.every((g) => g.points === g.max);
}

if (!values.watch) {
  process.exitCode = (await gradeOnce()) ? 0 : 1;
} else {
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    if (running) return void (again = true);
    running = true;
    console.clear();
    await gradeOnce().catch((err: unknown) => console.error(err));
    console.log('\nwatching exercises/ and src/ (Ctrl-C to stop)');
    running = false;
    if (again) {
      again = false;
      void run();
    }
  };
  const onChange = (_event: string, file: string | null) => {
    if (file && !file.endsWith('.ts') && !file.endsWith('.json')) return;
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  };
  watch(exercisesDir, { recursive: true }, onChange);
  watch(srcDir, { recursive: true }, onChange);
  void run();
}
