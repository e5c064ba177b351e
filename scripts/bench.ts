// `npm run bench [-- --ms 1000] [-- --section NAME]`: runs every section in scripts/bench/*.bench.ts
// and prints one table per section. To add a section, add a file there exporting
// `section: BenchSection` (see scripts/bench/measure.ts).
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BenchRow, BenchSection } from './bench/measure.ts';

const { values } = parseArgs({
  options: {
    ms: { type: 'string', default: '1000' },
    section: { type: 'string' },
  },
});
const durationMs = Number(values.ms);

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

function printTable(title: string, rows: BenchRow[]): void {
  const cells = rows.map((r) => [
    r.name,
    format(r.value),
    r.unit,
    r.target === undefined ? '' : `${r.value >= r.target ? 'ok  ' : 'LOW '} (target ${format(r.target)})`,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  console.log(`\n## ${title}\n`);
  for (const c of cells) {
    console.log(`  ${c[0]!.padEnd(widths[0]!)}  ${c[1]!.padStart(widths[1]!)} ${c[2]!.padEnd(widths[2]!)}  ${c[3]}`.trimEnd());
  }
}

const dir = new URL('./bench/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
console.log(`node ${process.version}, ${durationMs} ms per measurement`);
for (const file of files) {
  const { section } = (await import(new URL(file, dir).href)) as { section: BenchSection };
  if (values.section && !section.name.toLowerCase().includes(values.section.toLowerCase())) continue;
  printTable(section.name, await section.run({ durationMs }));
}
