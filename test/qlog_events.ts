// Reading back what a qlogWriter wrote: the data of one kind of event, from the only file in a directory.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function qlogEventData<T>(dir: string, name: string): T[] {
  const files = readdirSync(dir);
  if (files.length !== 1) throw new Error(`expected one qlog file in ${dir}, found ${files.length}`);
  return readFileSync(join(dir, files[0]!), 'utf8')
    .split('\x1e')
    .filter(Boolean)
    .map((r) => JSON.parse(r) as { name?: string; data: T })
    .filter((r) => r.name === name)
    .map((r) => r.data);
}
