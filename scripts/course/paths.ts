// Where the course lives on disk. Every course script resolves paths from the repository root, so
// they work from any working directory (npm scripts, vitest, the VS Code debugger).
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const srcDir = join(repoRoot, 'src');
export const chaptersDir = join(repoRoot, 'chapters');
export const exercisesDir = join(repoRoot, 'exercises');

/** A repository-relative path with forward slashes, as links and messages show it. */
export function repoPath(abs: string): string {
  return relative(repoRoot, abs).split(sep).join('/');
}
