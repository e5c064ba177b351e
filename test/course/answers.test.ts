// Chapters explain the mechanism; the code a learner writes in an exercise is not printed in a
// chapter (English chapters/NN-*/README.md or Chinese docs/zh/chapters/NN-*.md): the chapter
// explains what must happen, in which order, and cites quic-go's Go. A chapter's code block fails
// this test when it holds a reference solution's function body (whitespace and comments ignored),
// or any one of its statements long enough to say something (a single printed line such as
// `if (process.env.QUIC_DEBUG === '1') …` is the whole of exercise 08.1's point).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../scripts/course/paths.ts';

/** Drops comments (line and block) and all whitespace. */
export function normalise(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1').replace(/\s+/g, '');
}

/** The body of every function a solution file declares (between its `{` and the matching `}`). */
export function functionBodies(source: string): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = [];
  const closing = (open: string, close: string, from: number): number => {
    let depth = 0;
    for (let i = from; i < source.length; i++) {
      if (source[i] === open) depth++;
      else if (source[i] === close && --depth === 0) return i;
    }
    return source.length;
  };
  for (const m of source.matchAll(/^(?:export\s+)?(?:async\s+)?function\s+(\w+)\s*\(/gm)) {
    // The parameters may hold braces (`c: Config = {}`): skip them, then the return type.
    const params = closing('(', ')', m.index! + m[0].length - 1);
    const open = source.indexOf('{', params);
    out.push({ name: m[1]!, body: source.slice(open + 1, closing('{', '}', open)) });
  }
  return out;
}

/** Normalised statements shorter than this (`}`, `return false;`, `handler.handlePacket(p);`) say nothing on their own. */
const minStatement = 20;

/** A body's statements, one per line, normalised, without those that say nothing on their own. */
function statements(body: string): string[] {
  return body
    .split('\n')
    .map(normalise)
    .filter((l) => l.length >= minStatement);
}

/** The bodies of a Markdown file's fenced code blocks. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^\s*```[^\n]*\n([\s\S]*?)^\s*```/gm)].map((m) => m[1]!);
}

/** What of the body the block prints: the whole body, or each statement it holds. */
export function printedParts(block: string, body: string): string[] {
  const whole = normalise(body);
  const flat = normalise(block);
  if (whole.length > 0 && flat.includes(whole)) return ['the whole body'];
  return statements(body).filter((l) => flat.includes(l));
}

const exercisesRoot = repoPath('exercises');
const solutions = readdirSync(exercisesRoot)
  .filter((d) => existsSync(join(exercisesRoot, d, '.solution', 'exercise.ts')))
  .flatMap((d) =>
    functionBodies(readFileSync(join(exercisesRoot, d, '.solution', 'exercise.ts'), 'utf8'))
      .filter((f) => statements(f.body).length > 0)
      .map((f) => ({ exercise: d, ...f })),
  );

const chapterFiles = [
  ...readdirSync(repoPath('chapters'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(repoPath('chapters'), d.name, 'README.md')))
    .map((d) => join('chapters', d.name, 'README.md')),
  ...readdirSync(repoPath('docs/zh/chapters'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs/zh/chapters', f)),
];

describe('chapters do not print exercise answers', () => {
  it('finds the solutions and chapters it checks', () => {
    expect(solutions.length).toBeGreaterThanOrEqual(15);
    expect(chapterFiles.length).toBeGreaterThanOrEqual(24);
  });

  it('catches a printed answer, a printed line of it, with other spacing and comments', () => {
    const source = 'export function f(a: { n: number } = { n: 1 }): number {\n  if (!a) return 0;\n  const doubledValue = a.n * 2; // twice\n  return doubledValue + a.n;\n}\n';
    const [f] = functionBodies(source);
    expect(f!.name).toBe('f');
    expect(printedParts('```ts\nif(!a)   return 0;\nconst   doubledValue = a.n * 2;\n/* plus */ return doubledValue + a.n;\n```', f!.body)).toEqual(['the whole body']);
    expect(printedParts('if (x) {\n  const doubledValue = a.n *\n 2;\n}', f!.body)).toHaveLength(1);
    expect(printedParts('if (!a) return 0;', f!.body)).toEqual([]); // too short to say anything
    expect(printedParts('const tripled = a.n * 3;', f!.body)).toEqual([]);
  });

  it.each(chapterFiles)('%s', (file) => {
    const blocks = codeBlocks(readFileSync(repoPath(file), 'utf8'));
    const printed = solutions.flatMap((s) =>
      blocks.flatMap((b) => printedParts(b, s.body)).map((part) => `${s.exercise} (${s.name}): ${part}`),
    );
    expect(printed).toEqual([]);
  });
});
