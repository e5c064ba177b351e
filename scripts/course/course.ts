// The course's content on disk: chapters (`chapters/NN-slug/`) with their breakpoint guides, and
// exercises (`exercises/NN.n-slug/`). Loading validates the shape, so a typo in a guide.json or
// an exercise.json fails with the file's name instead of somewhere downstream.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { anchorName } from './anchors.ts';
import { chaptersDir, exercisesDir, repoPath } from './paths.ts';

/** One row of a breakpoint guide, in the order the learner meets the breakpoints. */
export interface GuideRow {
  /** the anchor in src where the breakpoint goes */
  anchor: string;
  /** the twin in quic-go v0.47.0: `server.go:723` or `server.go:418-426` */
  quicgo: string;
  /** what to look at there: variables, queue fill levels, which goroutine */
  look: string;
  /** what the learner should see */
  see: string;
  /** names that must be in scope when the breakpoint is hit (checked by the debugger test) */
  vars: string[];
  /** the goroutine (name given to go()) the hit must run in, if it matters */
  goroutine?: string;
}

export interface Chapter {
  /** `99` */
  number: string;
  /** `99-demo` */
  slug: string;
  dir: string;
  /** the README's first heading without its number */
  title: string;
  scenario: string;
  expectedOutput: string;
  guide: GuideRow[] | undefined;
}

export interface PointsRule {
  /** every test whose full name (describe titles and test title, space-joined) contains this */
  test?: string;
  /** every test in this file of the exercise folder */
  file?: string;
  points: number;
}

export interface Exercise {
  /** `99.1`: chapter number, dot, exercise number within the chapter */
  id: string;
  chapter: string;
  title: string;
  /** the src module the learner's file stands in for, and which of its exports it replaces */
  target: { module: string; exports: string[] };
  points: PointsRule[];
  hints: string[];
  /** why the reference solution is not src's text (scripts/course/drift.ts), when it is not */
  solutionDiffers?: string;
  dir: string;
  slug: string;
}

const chapterFolder = /^(\d{2})-[a-z0-9-]+$/;
const exerciseFolder = /^(\d{2})\.(\d+)-[a-z0-9-]+$/;

function fail(file: string, msg: string): never {
  throw new Error(`${repoPath(file)}: ${msg}`);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function parseGuide(file: string): GuideRow[] {
  const rows: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(rows) || rows.length === 0) fail(file, 'must be a non-empty array of rows');
  return rows.map((row: Record<string, unknown>, i) => {
    const where = `row ${i + 1}`;
    for (const key of ['anchor', 'quicgo', 'look', 'see'])
      if (typeof row[key] !== 'string' || row[key] === '') fail(file, `${where}: "${key}" must be a non-empty string`);
    if (!anchorName.test(row.anchor as string)) fail(file, `${where}: bad anchor name "${row.anchor}"`);
    if (!isStringArray(row.vars)) fail(file, `${where}: "vars" must be an array of names`);
    if (row.goroutine !== undefined && typeof row.goroutine !== 'string') fail(file, `${where}: "goroutine" must be a string`);
    const extra = Object.keys(row).filter((k) => !['anchor', 'quicgo', 'look', 'see', 'vars', 'goroutine'].includes(k));
    if (extra.length > 0) fail(file, `${where}: unknown keys ${extra.join(', ')}`);
    return row as unknown as GuideRow;
  });
}

/** The README's first heading, without its number: `# 03. Who fills connQueue` → `Who fills connQueue`. */
function titleOf(readme: string): string {
  const heading = /^#\s+(.+)$/m.exec(readFileSync(readme, 'utf8'))?.[1] ?? '';
  return heading.replace(/^\d+\.\s*/, '').trim();
}

export function loadChapters(dir = chaptersDir): Chapter[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && chapterFolder.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((slug) => {
      const cdir = join(dir, slug);
      const readme = join(cdir, 'README.md');
      for (const f of ['README.md', 'scenario.ts', 'expected-output.txt'])
        if (!existsSync(join(cdir, f))) fail(cdir, `missing ${f}`);
      const guideFile = join(cdir, 'guide.json');
      return {
        number: chapterFolder.exec(slug)![1]!,
        slug,
        dir: cdir,
        title: titleOf(readme),
        scenario: join(cdir, 'scenario.ts'),
        expectedOutput: join(cdir, 'expected-output.txt'),
        guide: existsSync(guideFile) ? parseGuide(guideFile) : undefined,
      };
    });
}

/** Chapter `N` (`3`, `03` or `03-slug`). */
export function findChapter(chapters: Chapter[], n: string): Chapter | undefined {
  const key = /^\d+$/.test(n) ? n.padStart(2, '0') : n;
  return chapters.find((c) => c.number === key || c.slug === key);
}

function parseExercise(dir: string, slug: string): Exercise {
  const file = join(dir, 'exercise.json');
  if (!existsSync(file)) fail(dir, 'missing exercise.json');
  const ex = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const [, chapter, n] = exerciseFolder.exec(slug)!;
  if (ex.id !== `${chapter}.${n}`) fail(file, `"id" must be "${chapter}.${n}" (from the folder name)`);
  if (ex.chapter !== chapter) fail(file, `"chapter" must be "${chapter}"`);
  if (typeof ex.title !== 'string' || ex.title === '') fail(file, '"title" must be a non-empty string');
  const target = ex.target as Exercise['target'] | undefined;
  if (typeof target?.module !== 'string' || !isStringArray(target.exports) || target.exports.length === 0)
    fail(file, '"target" must be { module: "src/….ts", exports: ["name", …] }');
  if (!Array.isArray(ex.points) || ex.points.length === 0) fail(file, '"points" must be a non-empty array');
  for (const rule of ex.points as PointsRule[]) {
    if (!Number.isInteger(rule.points) || rule.points <= 0) fail(file, 'each points rule needs a positive integer "points"');
    if ((rule.test === undefined) === (rule.file === undefined)) fail(file, 'each points rule names either "test" or "file"');
  }
  if (!isStringArray(ex.hints)) fail(file, '"hints" must be an array of strings');
  if (ex.solutionDiffers !== undefined && (typeof ex.solutionDiffers !== 'string' || ex.solutionDiffers === ''))
    fail(file, '"solutionDiffers" must say why the solution is not src\'s text');
  for (const f of ['README.md', 'exercise.ts', join('.solution', 'exercise.ts')])
    if (!existsSync(join(dir, f))) fail(dir, `missing ${f}`);
  return { ...(ex as unknown as Exercise), dir, slug };
}

/** The exercises in course order; `include` picks folders by name before they are read. */
export function loadExercises(dir = exercisesDir, include: (slug: string) => boolean = () => true): Exercise[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && exerciseFolder.test(e.name) && include(e.name))
    .map((e) => e.name)
    .sort((a, b) => {
      const [ca, na] = a.split('-')[0]!.split('.').map(Number);
      const [cb, nb] = b.split('-')[0]!.split('.').map(Number);
      return ca! - cb! || na! - nb!;
    })
    .map((slug) => parseExercise(join(dir, slug), slug));
}

/** Exercises selected by `03` (a chapter), `03.2` (one exercise) or nothing (all). */
export function selectExercises(all: Exercise[], filter: string | undefined): Exercise[] {
  if (!filter) return all;
  if (filter.includes('.')) {
    const [c, n] = filter.split('.');
    return all.filter((e) => e.id === `${c!.padStart(2, '0')}.${Number(n)}`);
  }
  return all.filter((e) => e.chapter === filter.padStart(2, '0'));
}
