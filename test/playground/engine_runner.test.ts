// `npm run playground`: lists the scenarios, runs one and prints its trace and checks, and says
// clearly what is wrong with a bad argument.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { scenarioIds } from '../../playground/index.ts';
import { repoRoot } from '../../scripts/course/paths.ts';

const runner = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/playground/run.ts', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('npm run playground', () => {
  it('lists every scenario with its chapter', () => {
    const r = runner();
    expect(r.status).toBe(0);
    for (const id of scenarioIds) expect(r.stdout).toMatch(new RegExp(`^${id} .*\\(chapters/\\d\\d-`, 'm'));
  }, 60_000);

  it('prints the trace, then the checks, and exits 0 when they hold', () => {
    const r = runner('version-negotiation', '--seed', '2');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(seed 2)');
    expect(r.stdout).toMatch(/server → client 1 {2}Version Negotiation {2}\d+ bytes {2}#\d+ sends/);
    expect(r.stdout).toContain('✓ Version Negotiation packets the server sent: 1');
  }, 60_000);

  it('names the scenarios when given an unknown one, and refuses a bad --seed', () => {
    const unknown = runner('conn-queue-ful');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no scenario conn-queue-ful; there are: accept-one-by-one, conn-queue-full');
    const badSeed = runner('retry', '--seed', 'x');
    expect(badSeed.status).toBe(2);
    expect(badSeed.stderr.trim()).toBe('--seed wants a whole number, got x');
  }, 60_000);
});
