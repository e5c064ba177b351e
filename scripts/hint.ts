// `npm run hint -- 03.2`: shows the hints of exercise 03.2 seen so far plus the next one, and
// remembers (in .course-progress.json) how many have been shown.
import { loadExercises, selectExercises } from './course/course.ts';
import { readProgress, writeProgress } from './course/progress.ts';

const id = process.argv[2];
const [exercise] = id?.includes('.') ? selectExercises(loadExercises(), id) : [];
if (!exercise) {
  console.error(`usage: npm run hint -- <exercise>, one of: ${loadExercises().map((e) => e.id).join(', ')}`);
  process.exit(2);
}
const progress = readProgress();
const seen = progress.hints[exercise.id] ?? 0;
const shown = Math.min(seen + 1, exercise.hints.length);
if (exercise.hints.length === 0) console.log(`exercise ${exercise.id} has no hints`);
exercise.hints.slice(0, shown).forEach((h, i) => console.log(`hint ${i + 1}/${exercise.hints.length}: ${h}\n`));
if (seen >= exercise.hints.length && exercise.hints.length > 0) console.log('that was the last hint.');
progress.hints[exercise.id] = shown;
writeProgress(progress);
