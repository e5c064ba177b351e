// The learner's progress, kept in `.course-progress.json` at the repository root (git-ignored):
// how many hints of each exercise were shown, and the last grade of each exercise.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

export const progressFile = join(repoRoot, '.course-progress.json');

export interface Progress {
  /** exercise id → number of hints shown */
  hints: Record<string, number>;
  /** exercise id → last grade of the learner's file */
  grades: Record<string, { points: number; max: number; at: string }>;
}

export function readProgress(file = progressFile): Progress {
  const empty: Progress = { hints: {}, grades: {} };
  if (!existsSync(file)) return empty;
  return { ...empty, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<Progress>) };
}

export function writeProgress(p: Progress, file = progressFile): void {
  writeFileSync(file, `${JSON.stringify(p, null, 2)}\n`);
}
