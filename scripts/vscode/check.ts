// The breakpoint guides, walked in a real VS Code: code-server (installed once by install.ts) with
// VS Code's JavaScript debugger, driven by playwright-core and Debian's chromium. For each chapter
// it picks the chapter's configuration in the Run and Debug view, sets the guide's breakpoints,
// starts, and at every stop reads what the learner reads: the editor's file and line in the Call
// Stack, the Variables view (all of it: it renders only the rows in sight, so it is scrolled
// through), the call stack's function names (a goroutine is a named function).
// Each guide row must match the stop its text names: "Stop N" when the hit order is fixed, or
// "The first stop …" / "The next stop …": the first stop at the row's line after the previous row's
// stop (the V8-inspector check's rule, for scenarios whose timing decides the order). The row's
// variables must be shown in a scope VS Code opens by itself, or in one the row says to open
// (Local under a Block scope, Closure), and its goroutine must be in the call stack; a row that
// says "remove this breakpoint" has it removed before the walk continues. Every chapter gets its own
// code-server (a fresh profile: no breakpoints or watches left over) and at most chapterTimeoutMs;
// code-server and everything it started are stopped after each chapter. Screenshots of every stop
// go to artifacts/vscode/.
//
//   npm run check:vscode             every chapter with a guide
//   npm run check:vscode -- 01 04    some chapters
//
// Slow (1-3 minutes per chapter, about 23 minutes in all on a busy 2-core machine) and needs the
// install, so it is not part of `npm test`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadAnchors } from '../course/anchors.ts';
import { loadChapters, type Chapter } from '../course/course.ts';
import { repoRoot } from '../course/paths.ts';
import { launchName } from '../course/vscode.ts';
import { installCodeServer } from './install.ts';

const shotsDir = join(repoRoot, 'artifacts', 'vscode');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** One chapter's bound: code-server's start, the walk, and the checks. */
const chapterTimeoutMs = 6 * 60_000;
/** A scenario that stops more often than this is cut off (a breakpoint in a loop). */
const maxStops = 300;

/** What one stop shows. */
export interface Stop {
  /** `src/server.ts:548`, the top frame's file and line as the Call Stack view shows them */
  where: string;
  /** the Variables view's rows, `name: value` as displayed */
  variables: Map<string, string>;
  /** the Variables view's rows that show only once their scope is opened (Local under a Block scope, Closure): name → scope kind */
  folded: Map<string, string>;
  /** the Call Stack view's function names, innermost first */
  stack: string[];
  /** the WATCH view's rows as displayed, `expression: value` */
  watch: string[];
  screenshot: string;
}

const settings = {
  'terminal.integrated.gpuAcceleration': 'off',
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'editor.minimap.enabled': false,
  'debug.javascript.autoAttachFilter': 'disabled',
  'debug.openDebug': 'openOnDebugBreak',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'workbench.editor.restoreViewState': false,
};

/** Starts code-server on the repository; resolves with its URL and process. */
async function startCodeServer(bin: string, dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  mkdirSync(join(dataDir, 'User'), { recursive: true });
  writeFileSync(join(dataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const proc = spawn(
    process.execPath,
    [bin, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--user-data-dir', dataDir,
      '--extensions-dir', join(dataDir, 'extensions'), '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', repoRoot],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  running = proc;
  const url = await new Promise<string>((resolve, reject) => {
    let log = '';
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /HTTP server listening on (http:\/\/[\d.:]+)/.exec(log);
      if (m) resolve(m[1]!);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`code-server exited (${code}):\n${log}`)));
    setTimeout(() => reject(new Error(`code-server did not start:\n${log}`)), 120_000);
  });
  return { url, proc };
}

/** The pids of proc's descendants, from /proc: the terminal's shell runs in a session of its own. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
  }
  const found: number[] = [];
  for (let todo = [pid]; todo.length > 0; ) {
    const next = children.get(todo.pop()!) ?? [];
    found.push(...next);
    todo.push(...next);
  }
  return found;
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/** Stops code-server and every process it started (the debuggee, the terminal's shell), by pid. */
async function stopCodeServer(proc: ChildProcess): Promise<void> {
  const pids = [proc.pid!, ...descendants(proc.pid!)];
  signal(pids, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 2_000));
  signal(pids.filter((p) => { try { process.kill(p, 0); return true; } catch { return false; } }), 'SIGKILL');
}

/** Opens the quick input with key (F1, Ctrl+P) and types text; asks again if the input does not show. */
async function quickInput(page: Page, key: string, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    if (await input.waitFor({ timeout: 5_000 }).then(() => true, () => false)) break;
    if (attempt === 4) throw new Error(`${key} opened no quick input`);
    await page.keyboard.press('Escape');
  }
  await input.fill(text);
}

/** The quick input's first row once it shows `label` (the list keeps the last query's rows for a moment). */
async function firstRowShows(page: Page, label: string, timeout: number): Promise<boolean> {
  const row = page.locator('.quick-input-list .monaco-list-row').first();
  return page.waitForFunction((l) => document.querySelector('.quick-input-list .monaco-list-row')?.textContent?.includes(l) ?? false, label, { timeout })
    .then(() => row.isVisible(), () => false);
}

async function command(page: Page, name: string): Promise<void> {
  await quickInput(page, 'F1', `>${name}`);
  // A command whose precondition is false (nothing to remove) is not offered: nothing to do.
  const offered = await firstRowShows(page, name, 10_000);
  await page.keyboard.press(offered ? 'Enter' : 'Escape');
}

/** Opens file at line through Quick Open and toggles a breakpoint there (F9): sets it, or removes it. */
async function toggleBreakpoint(page: Page, file: string, line: number): Promise<void> {
  const name = file.slice(file.lastIndexOf('/') + 1);
  for (let attempt = 1; ; attempt++) {
    await quickInput(page, 'Control+P', `${file}:${line}`);
    const opened = (await firstRowShows(page, name, 10_000)) &&
      (await page.keyboard.press('Enter').then(() => page.locator('.statusbar-item', { hasText: `Ln ${line}, Col` }).first().waitFor({ timeout: 10_000 })).then(() => true, () => false)) &&
      (await page.locator('.tabs-container .tab.active', { hasText: name }).first().isVisible());
    if (opened) break;
    if (attempt === 3) throw new Error(`could not open ${file}:${line} through Quick Open`);
    await page.keyboard.press('Escape');
  }
  const before = await breakpointCount(page);
  await page.keyboard.press('F9');
  await page.waitForFunction((n) => document.querySelectorAll('.monaco-editor .margin [class*="codicon-debug-breakpoint"]').length !== n, before, { timeout: 5_000 })
    .catch(() => { throw new Error(`F9 at ${file}:${line} changed no breakpoint`); });
}

/** The breakpoints shown in the editor's glyph margin. */
function breakpointCount(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('.monaco-editor .margin [class*="codicon-debug-breakpoint"]').length);
}

/** Adds an expression to the WATCH view (its + button). */
async function addWatch(page: Page, expression: string): Promise<void> {
  // The header's actions show while the pointer is over the header.
  const header = page.locator('.pane-header', { hasText: /^\s*watch/i }).first();
  await header.hover();
  await header.locator('.codicon-add, .codicon-debug-add, [aria-label^="Add Expression"]').first().click();
  await page.keyboard.type(expression);
  await page.keyboard.press('Enter');
}

/** The expressions a guide asks to look at: backquoted paths into a row's variables (`this.connQueue.length`). */
export function watchExpressions(chapter: Chapter): string[] {
  const found = chapter.guide!.flatMap((row) =>
    [...row.look.matchAll(/`([A-Za-z_$][\w$]*)((?:\.[A-Za-z_$][\w$]*)+)`/g)].filter((m) => row.vars.includes(m[1]!)).map((m) => m[1]! + m[2]!),
  );
  return [...new Set(found)];
}

/** Picks the configuration in the Run and Debug view's dropdown. */
async function pickConfiguration(page: Page, name: string): Promise<void> {
  const select = page.locator('.debug-viewlet .start-debug-action-item .monaco-select-box, .part.sidebar .debug-configuration select, .part.sidebar select.monaco-select-box').first();
  // Right after start the command palette may not offer the command yet: ask again.
  for (let attempt = 1; ; attempt++) {
    await command(page, 'View: Show Run and Debug');
    if (await select.waitFor({ timeout: 20_000 }).then(() => true, () => false)) break;
    if (attempt === 3) throw new Error('the Run and Debug view did not open (View: Show Run and Debug, 3 times)');
    await page.keyboard.press('Escape');
  }
  await select.click();
  await page.locator('.monaco-select-box-dropdown-container .option-text', { hasText: name }).first().click();
  await page.waitForFunction((n) => [...document.querySelectorAll('.part.sidebar select.monaco-select-box')].some((s) => (s as HTMLSelectElement).selectedOptions[0]?.text === n), name, { timeout: 5_000 });
}

/** Counts the debugger's stops: each time the toolbar's action turns from pause to continue. */
function countStops(): void {
  const w = window as unknown as { __stops: number };
  w.__stops = 0;
  let paused = false;
  new MutationObserver(() => {
    const now = document.querySelector('.debug-toolbar .codicon-debug-continue') != null;
    if (now && !paused) w.__stops++;
    paused = now;
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
}

async function sessionRunning(page: Page): Promise<boolean> {
  // The toolbar stays in the page, hidden, after the session ends.
  return page.evaluate(() => [...document.querySelectorAll('.debug-toolbar .codicon-debug-stop, .debug-toolbar .codicon-debug-disconnect')].some((e) => e.getClientRects().length > 0));
}

/** Continues from a stop with the debug toolbar's Continue button (a key press may go to another part). */
async function resume(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __resumedAt: number }).__resumedAt = Date.now()));
  const button = page.locator('.debug-toolbar .codicon-debug-continue').first();
  if (!(await button.click({ timeout: 5_000 }).then(() => true, () => false))) await page.keyboard.press('F5');
  await page.mouse.move(300, 14); // no tooltip over the toolbar in the screenshots
}

/** Waits for stop number n, or for the session to end (returns false). */
async function waitForStop(page: Page, n: number, timeoutMs = 60_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const { stops, pausedFor } = await page.evaluate(() => {
      const w = window as unknown as { __stops: number; __resumedAt?: number };
      const paused = document.querySelector('.debug-toolbar .codicon-debug-continue') != null;
      return { stops: w.__stops, pausedFor: paused && w.__resumedAt ? Date.now() - w.__resumedAt : 0 };
    });
    if (stops >= n) return true;
    // Paused again though no pause was seen: the run between two stops was too short for the
    // toolbar to show it (a breakpoint hit again at once).
    if (pausedFor > 8_000) {
      await page.evaluate((k) => ((window as unknown as { __stops: number }).__stops = k), n);
      return true;
    }
    if (!(await sessionRunning(page))) return false;
    await page.waitForTimeout(100);
  }
  throw new Error(`no stop ${n} and the session did not end within ${timeoutMs / 1000}s`);
}

/** The top frame's `file:line` in the Call Stack view, once two reads agree. */
async function readWhere(page: Page, previous?: string): Promise<string> {
  await page.locator('.debug-call-stack .monaco-list-row .stack-frame .line-number').first().waitFor({ timeout: 10_000 });
  const read = () => page.evaluate(() => {
    const top = document.querySelector('.debug-call-stack .monaco-list-row .stack-frame');
    return `${top?.querySelector('.file-name')?.textContent ?? ''}:${(top?.querySelector('.line-number')?.textContent ?? '').split(':')[0]}`;
  });
  let where = await read();
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(150);
    const again = await read();
    if (again === where) break;
    where = again;
  }
  // Two stops in a row with no time between them (connection.handlePacket, then the line after
  // its call): the view may still show the previous stop's frames. The same line twice is
  // possible, so it is only read again for a while.
  for (let i = 0; i < 8 && where === previous; i++) {
    await page.waitForTimeout(150);
    where = await read();
  }
  return where;
}

/** A row of the Variables view as the page renders it. */
export interface VariableRow { index: number; last: boolean; level: string | null; expanded: string | null; setSize: number; scope: string | null; name: string | null; value: string }

/**
 * Every variable of the Variables view with its scope: `[scope, name, value]`. The view is a
 * virtual list that renders only the rows in sight (at a stop in handleInitialImpl, `this` and
 * `token` are below the fold), so it is scrolled through with the wheel and each row kept by its
 * index. A Local, Block or Closure scope met closed on the way is opened, as the check does for
 * the ones in sight. Throws if a scope's rows were not all read (aria-setsize counts them): a
 * variable missing from a complete read is truly not shown.
 */
async function readVariables(page: Page): Promise<{ all: [string, string, string][]; openAtFirst: string[] }> {
  const list = page.locator('.debug-variables .monaco-list').first();
  const box = await list.boundingBox();
  if (!box) throw new Error('the Variables view is not shown');
  // Not the sticky copies of scope rows that stay at the top while the list scrolls: they carry
  // their row's data-index but no aria-level.
  const rowSelector = '.debug-variables .monaco-list-row:not(.monaco-tree-sticky-row)';
  const renderedRows = () => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((r) => ({
    index: Number(r.getAttribute('data-index')),
    last: r.getAttribute('data-last-element') === 'true',
    level: r.getAttribute('aria-level'),
    expanded: r.getAttribute('aria-expanded'),
    setSize: Number(r.getAttribute('aria-setsize')),
    scope: r.querySelector('.scope')?.textContent ?? null,
    name: r.querySelector('.name')?.textContent ?? null,
    value: r.querySelector('.value')?.textContent ?? '',
  })), rowSelector);
  const closedScope = (r: VariableRow) => r.level === '1' && r.expanded === 'false' && /^(Local|Block|Closure)\b/.test(r.scope ?? '');
  const toTop = async () => {
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 60));
    await page.mouse.wheel(0, -100_000);
    await page.waitForTimeout(150);
  };
  let rows = new Map<number, VariableRow>();
  const opened: string[] = [];
  await toTop();
  for (let steps = 0, unchanged = 0; unchanged < 2; steps++) {
    if (steps === 80) throw new Error('the Variables view did not come to its end after 80 wheel steps');
    const before = rows.size;
    const batch = await renderedRows();
    for (const r of batch) rows.set(r.index, r);
    const closed = batch.find(closedScope);
    if (closed && opened.length < 6) {
      opened.push(closed.scope ?? '');
      await page.locator(`${rowSelector}[data-index="${closed.index}"]`).click().catch(() => {});
      await page.waitForTimeout(300);
      rows = new Map(); // the rows below it moved down
      unchanged = 0;
      await toTop();
      continue;
    }
    unchanged = rows.size === before && [...rows.values()].some((r) => r.last) ? unchanged + 1 : 0;
    await page.mouse.wheel(0, box.height * 0.7);
    await page.waitForTimeout(120);
  }
  await toTop();
  // VS Code opens the first scope only (Block inside a try, else Local); a row that names another
  // scope tells the learner to open it. Open at first: the open scopes this read did not open.
  const openAtFirst = [...rows.values()].filter((r) => r.level === '1' && r.expanded === 'true' && !opened.includes(r.scope ?? '')).map((r) => r.scope ?? '');
  return { all: scopedVariables([...rows.values()]), openAtFirst };
}

/**
 * The variables of the Variables view's rows (read in any order, each once), with their scope:
 * `[scope, name, value]`. Throws if rows are missing: an index skipped, or a scope with fewer
 * rows than its children's aria-setsize says, so that a variable absent from the result is truly
 * not shown.
 */
export function scopedVariables(rows: VariableRow[]): [string, string, string][] {
  const ordered = [...rows].sort((a, b) => a.index - b.index);
  if (ordered.some((r, i) => r.index !== i)) throw new Error(`the Variables view's rows were not all read (indices ${ordered.map((r) => r.index).join(',')})`);
  if (ordered.length > 0 && !ordered.at(-1)!.last) throw new Error(`the Variables view's rows were not all read (the last one read, ${ordered.length - 1}, is not the last)`);
  const found: [string, string, string][] = [];
  let scope = '';
  let count = 0;
  let expected = 0;
  const scopeDone = () => {
    if (count !== expected) throw new Error(`the Variables view's ${scope} scope has ${expected} rows, ${count} were read`);
  };
  for (const r of ordered) {
    if (r.level === '1') {
      scopeDone();
      scope = r.scope ?? '';
      count = 0;
      expected = 0;
    } else if (r.level === '2' && r.name != null) {
      count++;
      expected = r.setSize;
      found.push([scope, r.name.replace(/\s*[:=]\s*$/, ''), r.value]);
    }
  }
  scopeDone();
  return found;
}

async function readStop(page: Page, screenshot: string): Promise<Stop> {
  // Let the views fill in: the Call Stack's top frame and the Variables view's Local scope.
  await page.locator('.debug-call-stack .monaco-list-row .stack-frame .line-number').first().waitFor({ timeout: 10_000 });
  await page.locator('.debug-variables .monaco-list-row .name').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(400);
  const more = page.locator('.debug-call-stack .monaco-list-row', { hasText: /Load More Stack Frames|Show \d+ More/ });
  for (let i = 0; i < 3 && (await more.count()) > 0; i++) {
    await more.first().click({ timeout: 3_000 }).catch(() => {}); // it may go as the frames load
    await page.waitForTimeout(300);
  }
  // VS Code opens the first scope once its variables have come; until then the view may still show
  // the previous stop's rows.
  await page.locator('.debug-variables .monaco-list-row[aria-expanded="true"]').first().waitFor({ timeout: 1_500 }).catch(() => {});
  await page.waitForTimeout(300);
  // The views update one after the other: read until two reads agree and Variables has rows.
  const readViews = () => page.evaluate(() => {
    const frames = [...document.querySelectorAll('.debug-call-stack .monaco-list-row .stack-frame')];
    const top = frames[0]!;
    const where = `${top.querySelector('.file-name')?.textContent ?? ''}:${(top.querySelector('.line-number')?.textContent ?? '').split(':')[0]}`;
    const stack = frames.map((f) => (f.querySelector('.label')?.textContent ?? '').trim());
    const shown = [...document.querySelectorAll('.debug-variables .monaco-list-row')].map((r) => r.textContent);
    const watch = [...document.querySelectorAll('.debug-watch .monaco-list-row')].map((r) => (r.textContent ?? '').trim());
    return { where, stack, shown, watch };
  });
  let read = await readViews();
  for (let i = 0; i < 30; i++) {
    await page.waitForTimeout(300);
    const again = await readViews();
    const same = JSON.stringify(again) === JSON.stringify(read);
    read = again;
    if (same && read.shown.length > 0) break;
  }
  const { all, openAtFirst } = await readVariables(page);
  await page.mouse.move(300, 14);
  await page.screenshot({ path: screenshot });
  const variables = new Map(all.filter(([s]) => openAtFirst.includes(s)).map(([, k, v]) => [k, v]));
  const folded = new Map(all.filter(([s, k]) => !openAtFirst.includes(s) && !variables.has(k)).map(([s, k]) => [k, s.split(/[\s:(]/)[0]!]));
  return { where: read.where, stack: read.stack, variables, folded, watch: read.watch, screenshot };
}

/** Walks one chapter: its configuration, its guide's breakpoints, every stop until the scenario ends. */
/** Each row's file and line, read once per chapter: the sources may change while a chapter runs. */
interface Line { file: string; line: number }
function rowLines(chapter: Chapter): Line[] {
  const anchors = loadAnchors();
  return chapter.guide!.map((row, i) => {
    const at = anchors.get(row.anchor);
    if (!at) throw new Error(`row ${i + 1}: no @anchor ${row.anchor} in src/`);
    return { file: at.file, line: at.line };
  });
}

async function walkChapter(page: Page, chapter: Chapter, lines: Line[]): Promise<Stop[]> {
  await command(page, 'Debug: Remove All Breakpoints');
  // F9 toggles: a breakpoint left from the previous chapter would be removed instead of set.
  await page.waitForFunction(() => document.querySelectorAll('.debug-breakpoints .monaco-list-row .codicon-debug-breakpoint, .debug-breakpoints .monaco-list-row .codicon-debug-breakpoint-unverified').length === 0, undefined, { timeout: 15_000 });
  await command(page, 'Debug: Remove All Expressions');
  const set = new Set<string>();
  for (const at of lines) {
    const key = `${at.file}:${at.line}`;
    if (set.has(key)) continue;
    set.add(key);
    await toggleBreakpoint(page, at.file, at.line);
  }
  await pickConfiguration(page, launchName(chapter));
  for (const e of watchExpressions(chapter)) await addWatch(page, e);
  await page.evaluate(countStops);
  await page.locator('.part.sidebar .codicon-debug-start').first().click();
  await page.mouse.move(300, 14); // the title bar's empty part: no tooltip or hover in the screenshots
  // The first start activates VS Code's JavaScript debugger: the toolbar shows once the session runs.
  await page.locator('.debug-toolbar .codicon-debug-stop, .debug-toolbar .codicon-debug-disconnect').first().waitFor({ timeout: 90_000 });
  const stops: Stop[] = [];
  for (let n = 1; n <= maxStops; n++) {
    if (!(await waitForStop(page, n))) {
      if (n === 1) throw new Error('the session ended without stopping at a breakpoint');
      break;
    }
    let stop: Stop;
    try {
      // A stop no row means (the 2nd to 32nd client of a loop) is only located, not read.
      const where = await readWhere(page, stops.at(-1)?.where);
      const light: Stop = { where, variables: new Map(), folded: new Map(), stack: [], watch: [], screenshot: '' };
      if (!matchRows(chapter, lines, [...stops, light]).some((m) => m.stop === stops.length)) {
        stops.push(light);
        await resume(page);
        continue;
      }
      stop = await readStop(page, join(shotsDir, `${chapter.number}-stop${String(n).padStart(2, '0')}.png`));
    } catch (err) {
      if (!(await sessionRunning(page))) break; // the scenario ended while the views were read
      throw err;
    }
    stops.push(stop);
    const closure = stop.folded.size > 0 ? `  folded [${[...stop.folded].map(([k, s]) => `${s}.${k}`).join(', ')}]` : '';
    console.log(`  stop ${n}: ${stop.where}  [${[...stop.variables].map(([k, v]) => `${k} = ${v}`).join(', ')}]${closure}  stack: ${stop.stack.slice(0, 8).join(' < ')}`);
    if (stop.watch.length > 0) console.log(`    watch: ${stop.watch.join(' | ')}`);
    const matched = matchRows(chapter, lines, stops);
    // Every row has its stop: the rest of the scenario (a flood of 1000 packets) is not walked.
    if (matched.every((m) => m.stop !== undefined)) break;
    // A row that tells the learner to remove its breakpoint before continuing (a stop there costs
    // wall-clock time that a timer in the scenario would notice).
    for (const [i, m] of matched.entries())
      if (m.stop === stops.length - 1 && removesBreakpoint(chapter.guide![i]!.look)) await toggleBreakpoint(page, lines[i]!.file, lines[i]!.line);
    await resume(page);
  }
  if (await sessionRunning(page)) await page.keyboard.press('Shift+F5');
  else {
    // The scenario ended before every row had its stop: its last words say why.
    await page.screenshot({ path: join(shotsDir, `${chapter.number}-end.png`) });
    const terminal = await page.locator('.terminal .xterm-rows').last().innerText().catch(() => '');
    const last = terminal.split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(-12);
    if (last.length > 0) console.log(`  the scenario ended; its terminal:\n${last.map((l) => `    | ${l}`).join('\n')}`);
  }
  return stops;
}

/** "Stop 7" (or "Stops 7 and 9") at the start of a row's look text: the stop the row is about. */
export function rowStop(look: string): number | undefined {
  const m = /^Stops? (\d+)/.exec(look);
  return m ? Number(m[1]) : undefined;
}

/** "The first stop …", "The next stop …": the row means the first stop at its line after the previous row's. */
export function rowNextStop(look: string): boolean {
  return /^The (first|next) stop\b/.test(look);
}

/** "Then remove this breakpoint": the row's breakpoint goes before the learner continues. */
export function removesBreakpoint(look: string): boolean {
  return /\bremove this breakpoint\b/i.test(look);
}

function atLine(stop: Stop, file: string, line: number): boolean {
  const want = `${file}:${line}`;
  return stop.where === want || want.endsWith(`/${stop.where}`);
}

/** Which stop each row means (index into stops), or why it has none yet. */
export function matchRows(chapter: Chapter, lines: Line[], stops: Stop[]): { stop?: number; problem?: string }[] {
  let from = 0;
  return chapter.guide!.map((row, i) => {
    const at = lines[i]!;
    const n = rowStop(row.look);
    if (n !== undefined) {
      if (stops.length < n) return { problem: `names stop ${n}, the run stopped ${stops.length} times` };
      from = n;
      return { stop: n - 1 };
    }
    const j = stops.findIndex((s, k) => k >= from && atLine(s, at.file, at.line));
    if (j < 0) return { problem: `no stop at ${at.file}:${at.line} after stop ${from}` };
    from = j + 1;
    return { stop: j };
  });
}

/** Each guide row against the stop it means: file and line, variables, goroutine. */
export function checkGuide(chapter: Chapter, lines: Line[], stops: Stop[]): string[] {
  const problems: string[] = [];
  const seen = stops.map((s, j) => `${j + 1}:${s.where}`).join(' ');
  for (const [i, m] of matchRows(chapter, lines, stops).entries()) {
    const row = chapter.guide![i]!;
    const at = lines[i]!;
    const where = `chapter ${chapter.number} row ${i + 1} (${row.anchor})`;
    if (rowStop(row.look) === undefined && !rowNextStop(row.look))
      problems.push(`${where}: its look text starts with neither "Stop N" nor "The first/next stop": say which hit of the line the row means`);
    if (m.problem) {
      problems.push(`${where}: ${m.problem}; stops: ${seen}`);
      continue;
    }
    const stop = stops[m.stop!]!;
    const n = m.stop! + 1;
    if (!atLine(stop, at.file, at.line)) problems.push(`${where}: stop ${n} is at ${stop.where}, the row's line is ${at.file}:${at.line}`);
    for (const v of row.vars) {
      if (stop.variables.has(v)) continue;
      const scope = stop.folded.get(v);
      if (scope && new RegExp(`\\b${scope}\\b`).test(row.look)) continue;
      if (scope) problems.push(`${where}: stop ${n} shows ${v} only in the ${scope} scope, which VS Code shows collapsed: the row should say to open ${scope}`);
      else problems.push(`${where}: stop ${n} shows no variable ${v} (open: ${[...stop.variables.keys()].join(', ')}; folded: ${[...stop.folded.keys()].join(', ')})`);
    }
    if (row.goroutine && !stop.stack.includes(row.goroutine)) problems.push(`${where}: stop ${n}'s call stack has no ${row.goroutine}: ${stop.stack.join(' < ')}`);
  }
  return problems;
}

/** The code-server of the chapter being checked: stopped on Ctrl+C as well. */
let running: ChildProcess | undefined;

/** One chapter in its own code-server: a fresh profile, so nothing is left from another chapter. */
async function checkChapter(bin: string, browser: Browser, chapter: Chapter): Promise<string[]> {
  for (const f of readdirSync(shotsDir)) if (f.startsWith(`${chapter.number}-`)) rmSync(join(shotsDir, f));
  let lines: Line[];
  try {
    lines = rowLines(chapter);
  } catch (err) {
    return [`chapter ${chapter.number} ${(err as Error).message}`];
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'quic-course-vscode-'));
  let server: { url: string; proc: ChildProcess } | undefined;
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  let timer: NodeJS.Timeout | undefined;
  try {
    const walk = (async () => {
      server = await startCodeServer(bin, dataDir);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(repoRoot)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      await page.locator('.explorer-folders-view, .part.sidebar').first().waitFor({ timeout: 60_000 });
      await page.waitForTimeout(3_000);
      return walkChapter(page, chapter, lines);
    })();
    walk.catch(() => {}); // after a timeout the walk fails as its page closes: already reported
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not done within ${chapterTimeoutMs / 60_000} minutes`)), chapterTimeoutMs);
    });
    const stops = await Promise.race([walk, late]);
    const found = checkGuide(chapter, lines, stops);
    console.log(found.length === 0 ? `  ok: ${chapter.guide!.length} rows, ${stops.length} stops` : found.map((p) => `  FAIL ${p}`).join('\n'));
    return found;
  } catch (err) {
    await page.screenshot({ path: join(shotsDir, `${chapter.number}-error.png`) }).catch(() => {});
    console.log(`  FAIL ${(err as Error).message}`);
    return [`chapter ${chapter.number}: ${(err as Error).message}`];
  } finally {
    clearTimeout(timer);
    await context.close();
    if (running) await stopCodeServer(running); // also when it did not start in time
    running = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      const stopping = running ? stopCodeServer(running) : Promise.resolve();
      void stopping.finally(() => process.exit(130));
    });
  const only = process.argv.slice(2).filter((a) => /^\d\d$/.test(a));
  const chapters = loadChapters().filter((c) => c.guide && (only.length === 0 || only.includes(c.number)));
  const bin = installCodeServer();
  mkdirSync(shotsDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const problems: string[] = [];
  const started = Date.now();
  try {
    for (const chapter of chapters) {
      console.log(`chapter ${chapter.number}: ${launchName(chapter)}`);
      const t = Date.now();
      problems.push(...(await checkChapter(bin, browser, chapter)));
      console.log(`  (${Math.round((Date.now() - t) / 1000)} s)`);
    }
  } finally {
    await browser.close();
  }
  const took = `${Math.round((Date.now() - started) / 1000)} s`;
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s) in ${took}:\n${problems.map((p) => `  ${p}`).join('\n')}\nscreenshots in artifacts/vscode/`);
    process.exitCode = 1;
  } else console.log(`\n${chapters.length} chapter(s) checked in VS Code in ${took}; screenshots in artifacts/vscode/`);
}

// Run as a script (not when a test imports its checks).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
