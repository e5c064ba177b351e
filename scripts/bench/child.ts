// Child processes for `npm run bench`. A bench file runs itself again with `--role NAME`, so that a
// server and a client each get a process (and a core) of their own, as in real use. The parent
// talks to a child line by line: it writes a request on the child's stdin, and the child answers
// with one JSON line on stdout. The child exits when its stdin ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type Reply = Record<string, number>;

export class RoleProcess {
  private readonly lines: AsyncIterator<string>;
  private readonly exited: Promise<number | null>;

  private constructor(private readonly p: ChildProcess, private readonly what: string) {
    this.lines = createInterface({ input: p.stdout! })[Symbol.asyncIterator]();
    this.exited = new Promise((resolve) => p.on('exit', resolve));
  }

  /** Runs `script --role …args` under tsx, with `gc()` available (--expose-gc). */
  static start(script: string, args: string[]): RoleProcess {
    const p = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    return new RoleProcess(p, args.join(' '));
  }

  /** The child's next line on stdout. */
  async nextLine(): Promise<string> {
    const r = await this.lines.next();
    if (r.done) throw new Error(`${this.what}: exited with ${await this.exited} before answering`);
    return r.value;
  }

  /** Sends one request and returns the child's answer. */
  async request(name: string): Promise<Reply> {
    this.p.stdin!.write(name + '\n');
    return JSON.parse(await this.nextLine()) as Reply;
  }

  /** Ends the child's stdin and waits for it to exit. */
  async end(): Promise<void> {
    this.p.stdin!.end();
    const code = await this.exited;
    if (code !== 0) throw new Error(`${this.what}: exit ${code}`);
  }
}

/** In the child: answers each request line with its handler's result, until stdin ends. */
export async function serveRequests(handlers: Record<string, () => Promise<Reply>>): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) {
    const handler = handlers[line];
    if (!handler) throw new Error(`unknown request ${JSON.stringify(line)}`);
    console.log(JSON.stringify(await handler()));
  }
}

/** CPU time this process has used so far (user + system), in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Heap and external memory after a full garbage collection; the process must run with --expose-gc. */
export function memoryAfterGC(): Reply {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc(); // a second pass frees what the first one's finalizers released
  const { heapUsed, external } = process.memoryUsage();
  return { heapUsed, external };
}
