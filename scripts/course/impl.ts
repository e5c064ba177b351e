// How an exercise plugs the learner's code into the real stack.
//
// An exercise folder holds the learner's `exercise.ts` and the reference `.solution/exercise.ts`;
// both export the names listed in exercise.json's `target.exports`. The exercise's test file
// swaps the target src module with vitest's module mocking, so the tests, and the real server
// and client that import that module, all run on the implementation picked by COURSE_IMPL:
//
//   vi.mock(import('../../src/internal/utils/chan.ts'), async (importOriginal) =>
//     (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()));
//
// `learner` (the default) loads exercise.ts, `solution` loads .solution/exercise.ts, and
// `wrong:NAME` loads .wrong/NAME.ts, one of the known-wrong solutions the tests must catch.
// An export named `Class.prototype.method` replaces that method on the real class (the learner's
// file exports a function `method` written with `this: Class`), so calls from inside the module
// reach the learner's code too; a plain name replaces the module's export for every importer.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Impl = 'learner' | 'solution' | `wrong:${string}`;

export function isImpl(impl: string): impl is Impl {
  return impl === 'learner' || impl === 'solution' || /^wrong:[\w.-]+$/.test(impl);
}

export function currentImpl(): Impl {
  const impl = process.env.COURSE_IMPL ?? 'learner';
  if (!isImpl(impl)) throw new Error(`COURSE_IMPL must be learner, solution or wrong:NAME, not ${impl}`);
  return impl;
}

/** The implementation file of the exercise whose test file is `testUrl`. */
export function implFile(testUrl: string, impl: Impl = currentImpl()): string {
  const dir = dirname(fileURLToPath(testUrl));
  if (impl.startsWith('wrong:')) return join(dir, '.wrong', `${impl.slice('wrong:'.length)}.ts`);
  return impl === 'solution' ? join(dir, '.solution', 'exercise.ts') : join(dir, 'exercise.ts');
}

/** Imports the implementation picked by COURSE_IMPL. */
export async function loadImpl(testUrl: string): Promise<Record<string, unknown>> {
  return import(pathToFileURL(implFile(testUrl)).href);
}

/** The real module with exercise.json's target exports taken from the implementation. */
export async function plugInto<M>(testUrl: string, original: M): Promise<M> {
  const exerciseJson = join(dirname(fileURLToPath(testUrl)), 'exercise.json');
  const { target } = JSON.parse(readFileSync(exerciseJson, 'utf8')) as { target: { exports: string[] } };
  const impl = await loadImpl(testUrl);
  const plugged: Record<string, unknown> = { ...(original as Record<string, unknown>) };
  for (const name of target.exports) {
    const [owner, proto, method] = name.split('.');
    const fn = impl[method ?? owner!];
    if (typeof fn !== 'function') throw new Error(`${implFile(testUrl)} does not export ${method ?? owner}`);
    if (method === undefined) plugged[owner!] = fn;
    else if (proto === 'prototype') (plugged[owner!] as { prototype: Record<string, unknown> }).prototype[method] = fn;
    else throw new Error(`exercise.json target export "${name}" must be a name or Class.prototype.method`);
  }
  return plugged as M;
}
