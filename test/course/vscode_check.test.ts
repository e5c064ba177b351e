// check:vscode's reading of the Variables view and its verdict on a guide row (the browser part
// runs only in `npm run check:vscode`).
import { describe, expect, it } from 'vitest';
import type { Chapter } from '../../scripts/course/course.ts';
import { checkGuide, scopedVariables, type Stop, type VariableRow } from '../../scripts/vscode/check.ts';

/** The rows of a Variables view with one open scope holding `names`, as the page numbers them. */
function view(scope: string, names: string[]): VariableRow[] {
  const rows: VariableRow[] = [{ index: 0, last: false, level: '1', expanded: 'true', setSize: 3, scope, name: null, value: '' }];
  names.forEach((name, i) => rows.push({ index: i + 1, last: i === names.length - 1, level: '2', expanded: null, setSize: names.length, scope: null, name, value: 'undefined' }));
  return rows;
}

const locals = ['clientAddrVerified', 'config', 'conn', 'connID', 'ctx', 'handler', 'hdr', 'id', 'origDestConnID', 'p', 'queued', 'retrySrcConnID', 'this', 'token'];

describe('scopedVariables', () => {
  it('puts rows read in any order (a scrolled virtual list) back in order, each with its scope', () => {
    const rows = view('Local: handleInitialImpl', locals);
    const read = scopedVariables([...rows.slice(10), ...rows.slice(0, 10)]);
    expect(read.map(([s, k]) => `${s}/${k}`)).toEqual(locals.map((k) => `Local: handleInitialImpl/${k}`));
  });

  it('refuses a read that missed the rows below the fold', () => {
    const rows = view('Local: handleInitialImpl', locals);
    expect(() => scopedVariables(rows.slice(0, 13))).toThrow(/not all read/);
  });

  it('refuses a read that missed rows in the middle', () => {
    const rows = view('Local: handleInitialImpl', locals);
    expect(() => scopedVariables(rows.filter((r) => r.index !== 5))).toThrow(/not all read/);
  });

  it("refuses a scope with fewer rows than its children's set size", () => {
    const rows = view('Local: handleInitialImpl', locals).slice(0, 14);
    rows.at(-1)!.last = true;
    expect(() => scopedVariables(rows)).toThrow(/has 14 rows, 13 were read/);
  });
});

describe('checkGuide', () => {
  const chapter = { number: '98', guide: [{ anchor: 'a', quicgo: 'x.go:1', look: 'The first stop: `token`.', see: '', vars: ['token', 'this'] }] } as unknown as Chapter;
  const lines = [{ file: 'src/server.ts', line: 393 }];
  const stop = (names: string[]): Stop => ({
    where: 'server.ts:393',
    variables: new Map(scopedVariables(view('Local: handleInitialImpl', names)).map(([, k, v]) => [k, v])),
    folded: new Map(),
    stack: [],
    watch: [],
    screenshot: '',
  });

  it('passes a stop that shows every variable the row names', () => {
    expect(checkGuide(chapter, lines, [stop(locals)])).toEqual([]);
  });

  it('fails a stop that truly lacks one', () => {
    expect(checkGuide(chapter, lines, [stop(locals.filter((k) => k !== 'token'))])).toEqual([
      expect.stringMatching(/row 1 \(a\): stop 1 shows no variable token/),
    ]);
  });
});
