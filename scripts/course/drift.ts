// Drift between the reference solutions and src: a solution is the body of its target in src (the
// function or method that exercise.json's `target.exports` names), so the two cannot say different
// things. Bodies are compared without comments and blank space; an exercise whose solution is
// deliberately not src's text says why in exercise.json's `"solutionDiffers"`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exercise } from './course.ts';
import { repoRoot } from './paths.ts';

/** The body (from `{` to the matching `}`) of the function or method `name` declared at `start`. */
function bodyAt(text: string, start: number): string {
  let i = text.indexOf('(', start);
  for (let depth = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) break;
  }
  const open = text.indexOf('{', i);
  for (let depth = 0, j = open; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return text.slice(open, j + 1);
  }
  throw new Error('unbalanced braces');
}

/** `name`'s body in a module: `Class.prototype.method` inside `class Class`, or a top-level function. */
export function functionBody(text: string, name: string): string | undefined {
  const [owner, , method] = name.split('.');
  if (method === undefined) {
    const m = new RegExp(`^export (?:async )?function ${owner}\\b`, 'm').exec(text);
    return m ? bodyAt(text, m.index) : undefined;
  }
  const cls = new RegExp(`^export (?:abstract )?class ${owner}\\b`, 'm').exec(text);
  if (!cls) return undefined;
  const m = new RegExp(`^  (?:(?:private|protected|public|async|override) )*${method}\\(`, 'm').exec(text.slice(cls.index));
  return m ? bodyAt(text, cls.index + m.index) : undefined;
}

/** Code without comments and whitespace, so that only what runs is compared. */
export function normalize(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    .replace(/\s+/g, '');
}

/** What differs between each target in src and the exercise's solution; empty when they agree. */
export function solutionDrift(e: Exercise): string[] {
  const src = readFileSync(join(repoRoot, e.target.module), 'utf8');
  const solution = readFileSync(join(e.dir, '.solution', 'exercise.ts'), 'utf8');
  return e.target.exports.flatMap((name) => {
    const fn = name.split('.').pop()!;
    const want = functionBody(src, name);
    const got = functionBody(solution, fn);
    if (want === undefined) return [`${name} is not in ${e.target.module}`];
    if (got === undefined) return [`the solution does not define ${fn}`];
    return normalize(want) === normalize(got) ? [] : [`${name}: the solution's body differs from ${e.target.module}'s`];
  });
}

/** Where `name`'s body sits in `text`: [start, end) of the braces. */
function bodyRange(text: string, name: string): [number, number] | undefined {
  const body = functionBody(text, name);
  return body === undefined ? undefined : [text.indexOf(body), text.indexOf(body) + body.length];
}

/**
 * Writes each target's body from src into the solution (anchors dropped, indented for a top-level
 * function); imports are the author's to fix. `npx tsx scripts/course/drift.ts 03.1` does it for
 * one exercise after src changed.
 */
export function syncSolution(e: Exercise): boolean {
  const src = readFileSync(join(repoRoot, e.target.module), 'utf8');
  const file = join(e.dir, '.solution', 'exercise.ts');
  let solution = readFileSync(file, 'utf8');
  for (const name of e.target.exports) {
    const from = functionBody(src, name);
    const at = bodyRange(solution, name.split('.').pop()!);
    if (from === undefined || at === undefined) return false;
    const dedent = name.includes('.prototype.') ? 2 : 0;
    const body = from
      .replace(/ *\/\/ @anchor \S+/g, '')
      .split('\n')
      .map((l) => l.slice(Math.min(dedent, l.length - l.trimStart().length)))
      .join('\n');
    solution = solution.slice(0, at[0]) + body + solution.slice(at[1]);
  }
  writeFileSync(file, solution);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadExercises, selectExercises } = await import('./course.ts');
  for (const e of selectExercises(loadExercises(), process.argv[2])) {
    if (solutionDrift(e).length === 0 || e.solutionDiffers) continue;
    console.log(`${e.id}: ${syncSolution(e) ? 'solution rewritten from' : 'cannot sync with'} ${e.target.module}`);
  }
}
