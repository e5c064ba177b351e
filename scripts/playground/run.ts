// `npm run playground -- <scenario> [--seed N] [--clients N] [--json]`: runs a playground scenario
// in Node and prints its trace (the lines the page shows), then the outcome its chapter promises.
// Without a scenario, lists them. --json prints { trace, outcome } for a test to compare.
import { runScenario, scenarioIds, scenarios, type RunOptions } from '../../playground/index.ts';

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`--${name} wants a whole number, got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  return v;
}

const id = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (!id) {
  for (const s of Object.values(scenarios)) console.log(`${s.id.padEnd(Math.max(...Object.values(scenarios).map((x) => x.id.length)))} ${s.title}  (chapters/${s.chapter})`);
  console.log('\nrun one with: npm run playground -- <scenario> [--seed N] [--clients N] [--json]');
} else {
  if (!scenarioIds.includes(id)) {
    console.error(`no scenario ${id}; there are: ${scenarioIds.join(', ')}`);
    process.exit(2);
  }
  const options: RunOptions = {};
  const seed = flag('seed');
  const clients = flag('clients');
  if (seed !== undefined) options.seed = seed;
  if (clients !== undefined) options.clients = clients;
  const rec = await runScenario(id, options);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ trace: rec.trace, outcome: rec.outcome }));
  } else {
    console.log(`${rec.scenario.title} (seed ${rec.seed})\n`);
    for (const line of rec.trace) console.log(line);
    console.log(`\n${rec.scenario.promise}`);
    for (const c of rec.outcome.checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.name}: ${c.actual}${c.ok ? '' : ` (expected ${c.expected})`}`);
    if (rec.stoppedAt) console.log(`  stopped at ${rec.stoppedAt}`);
    console.log(`\n${rec.frames.length} events, ${rec.endedAt} ms of virtual time in ${rec.wallMs} ms`);
  }
  process.exitCode = rec.outcome.ok ? 0 : 1;
}
