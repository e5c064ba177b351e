// Runs a scenario under the V8 inspector and records which breakpoints it hits, in order, with
// the variables in scope at each hit. This is how the breakpoint guides are checked by a real
// debugger instead of by eye (ARCHITECTURE.md §7).
//
// Two runs, because tsx compiles each file as it loads and V8's "instrumentation" pause (the
// chance to set a breakpoint in a script before it runs) does not fire for tsx's ES modules:
//   1. run the scenario to the end, collecting each src file's URL and tsx's inline source map
//      from Debugger.scriptParsed;
//   2. run it again, set every breakpoint with Debugger.setBreakpointByUrl at the generated
//      position the map gives for the TypeScript line, then Runtime.runIfWaitingForDebugger.
// A run ends when the process prints "Waiting for the debugger to disconnect" (we close the
// socket) or exits; it is killed if it takes longer than the timeout.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceMap, eachMapping } from '@jridgewell/trace-mapping';
import WebSocket from 'ws';
import { repoRoot } from './paths.ts';

export interface Breakpoint {
  /** a name for reports, e.g. the anchor */
  name: string;
  /** repository-relative TypeScript file */
  file: string;
  /** 1-based TypeScript line */
  line: number;
}

export interface Hit {
  name: string;
  /** names visible in the paused frame: its local, block and closure scopes (not globals), and `this` */
  vars: string[];
  /** function names on the synchronous and async call stacks, innermost first (goroutines are named functions) */
  stack: string[];
}

export interface InspectOptions {
  /** per run, in ms (default 60 s) */
  timeoutMs?: number;
  /** stop breaking at a breakpoint after this many hits (default 20), so hot loops stay fast */
  maxHitsPerBreakpoint?: number;
  env?: NodeJS.ProcessEnv;
}

interface Script {
  url: string;
  map: TraceMap;
}

type Handler = (params: any) => void | Promise<void>;

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
class Cdp {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<string, Handler>();

  /** where errors thrown by event handlers go */
  onError: (err: Error) => void = () => {};

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else p?.resolve(msg.result);
      } else {
        Promise.resolve(this.handlers.get(msg.method)?.(msg.params)).catch((err: Error) => this.onError(err));
      }
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('inspector socket closed'));
      this.pending.clear();
    });
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new Cdp(ws)));
      ws.once('error', reject);
    });
  }

  send(method: string, params: object = {}): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method: string, handler: Handler): void {
    this.handlers.set(method, handler);
  }

  /** Closes the socket; commands still in flight then fail quietly, the program having ended. */
  close(): void {
    this.onError = () => {};
    this.ws.close();
  }
}

/**
 * Starts `node --inspect-brk=0 --import tsx <scenario>`, connects, lets `drive` set things up,
 * then runs the program to its end. Resolves with the program's stdout.
 */
function inspectRun(
  scenario: string,
  opts: InspectOptions,
  drive: (cdp: Cdp) => Promise<void>,
): Promise<string> {
  const child = spawn(process.execPath, ['--inspect-brk=0', '--import', 'tsx', scenario], {
    cwd: repoRoot,
    env: { ...process.env, QUIC_DEBUG: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  return new Promise<string>((resolve, reject) => {
    let cdp: Cdp | undefined;
    let connecting = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${scenario} did not finish under the inspector within ${opts.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    const failed = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      cdp?.close();
      reject(err);
    };
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      const ws = /Debugger listening on (ws:\/\/\S+)/.exec(stderr);
      if (ws && !connecting) {
        connecting = true;
        Cdp.connect(ws[1]!).then(async (c) => {
          cdp = c;
          c.onError = failed;
          await drive(c);
          await c.send('Runtime.runIfWaitingForDebugger');
        }).catch(failed);
      }
      if (stderr.includes('Waiting for the debugger to disconnect')) cdp?.close();
    });
    child.on('error', failed);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      cdp?.close();
      if (code === 0) resolve(stdout);
      else reject(new Error(`${scenario} exited with ${signal ?? code} under the inspector\n${stderr}`));
    });
  });
}

/** The file a source-map `sources` entry names, as an absolute path. */
function sourcePath(source: string | null): string | undefined {
  if (!source) return undefined;
  return source.startsWith('file:') ? fileURLToPath(source) : source;
}

function decodeDataUrl(url: string): string | undefined {
  const m = /^data:application\/json[^,]*?(;base64)?,(.*)$/s.exec(url);
  if (!m) return undefined;
  return m[1] ? Buffer.from(m[2]!, 'base64').toString('utf8') : decodeURIComponent(m[2]!);
}

/** Run 1: every script of the repository (outside node_modules) that V8 parsed, keyed by absolute path. */
async function learnScripts(scenario: string, opts: InspectOptions): Promise<Map<string, Script>> {
  const scripts = new Map<string, Script>();
  await inspectRun(scenario, opts, async (cdp) => {
    cdp.on('Debugger.scriptParsed', (p: { url: string; sourceMapURL?: string }) => {
      if (!p.url.startsWith('file:') || p.url.includes('/node_modules/') || !p.sourceMapURL) return;
      const json = decodeDataUrl(p.sourceMapURL);
      if (json) scripts.set(fileURLToPath(p.url), { url: p.url, map: new TraceMap(json) });
    });
    cdp.on('Debugger.paused', () => cdp.send('Debugger.resume'));
    await cdp.send('Debugger.enable');
  });
  return scripts;
}

/** The first generated position (0-based line and column) of a 1-based TypeScript line. */
function generatedStart(script: Script, file: string, line: number): { lineNumber: number; columnNumber: number } | undefined {
  let best: { lineNumber: number; columnNumber: number } | undefined;
  eachMapping(script.map, (m) => {
    if (m.originalLine !== line || sourcePath(m.source) !== file) return;
    const here = { lineNumber: m.generatedLine - 1, columnNumber: m.generatedColumn };
    if (!best || here.lineNumber < best.lineNumber || (here.lineNumber === best.lineNumber && here.columnNumber < best.columnNumber))
      best = here;
  });
  return best;
}

function stackNames(paused: any): string[] {
  const names: string[] = paused.callFrames.map((f: any) => f.functionName);
  for (let t = paused.asyncStackTrace; t; t = t.parent) names.push(...t.callFrames.map((f: any) => f.functionName));
  return names.filter((n) => n !== '');
}

/**
 * Runs the scenario and returns every breakpoint hit in order. Throws if a breakpoint's file is
 * never loaded by the scenario or its line has no code.
 */
export async function runUnderInspector(scenario: string, breakpoints: Breakpoint[], opts: InspectOptions = {}): Promise<Hit[]> {
  const scripts = await learnScripts(scenario, opts);
  const hits: Hit[] = [];
  const maxHits = opts.maxHitsPerBreakpoint ?? 20;
  await inspectRun(scenario, opts, async (cdp) => {
    const byId = new Map<string, { bp: Breakpoint; count: number }>();
    cdp.on('Debugger.paused', async (paused: any) => {
      const ids: string[] = paused.hitBreakpoints ?? [];
      for (const id of ids) {
        const entry = byId.get(id);
        if (!entry) continue;
        const frame = paused.callFrames[0];
        const vars = frame.this?.type === 'undefined' ? [] : ['this'];
        for (const scope of frame.scopeChain) {
          if (scope.type === 'global') continue;
          const { result } = await cdp.send('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: true });
          vars.push(...result.map((p: { name: string }) => p.name));
        }
        hits.push({ name: entry.bp.name, vars, stack: stackNames(paused) });
        if (++entry.count >= maxHits) await cdp.send('Debugger.removeBreakpoint', { breakpointId: id });
      }
      await cdp.send('Debugger.resume');
    });
    await cdp.send('Debugger.enable');
    await cdp.send('Debugger.setAsyncCallStackDepth', { maxDepth: 32 });
    for (const bp of breakpoints) {
      const abs = join(repoRoot, bp.file);
      const script = scripts.get(abs);
      if (!script) throw new Error(`${bp.name}: ${bp.file} is not loaded by ${scenario}`);
      const at = generatedStart(script, abs, bp.line);
      if (!at) throw new Error(`${bp.name}: ${bp.file}:${bp.line} has no code to break on`);
      const { breakpointId } = await cdp.send('Debugger.setBreakpointByUrl', { url: script.url, ...at });
      byId.set(breakpointId, { bp, count: 0 });
    }
  });
  return hits;
}
