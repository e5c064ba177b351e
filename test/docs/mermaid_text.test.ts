// Mermaid's sequence diagrams end a statement at `;` as at a newline, so a message holding one is
// cut in two and the whole diagram fails to parse (the page then shows no diagram at all). Checked
// here over every Markdown file without building the site.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../../scripts/course/paths.ts';

/** Each line of a ```mermaid sequenceDiagram fence that holds a `;`, as "file:line: text". */
export function semicolonsInSequenceDiagrams(file: string, text: string): string[] {
  const found: string[] = [];
  let fence: 'none' | 'mermaid' | 'sequence' = 'none';
  text.split('\n').forEach((line, i) => {
    const t = line.trim();
    if (fence === 'none') fence = t === '```mermaid' ? 'mermaid' : 'none';
    else if (t.startsWith('```')) fence = 'none';
    else if (fence === 'mermaid' && t !== '') fence = t === 'sequenceDiagram' ? 'sequence' : 'none';
    else if (fence === 'sequence' && t.includes(';')) found.push(`${file}:${i + 1}: ${t}`);
  });
  return found;
}

test('a message with a semicolon is found', () => {
  const md = ['```mermaid', 'sequenceDiagram', '    A->>A: accept returns; ALPN h3', '```', 'prose; fine'].join('\n');
  expect(semicolonsInSequenceDiagrams('x.md', md)).toEqual(['x.md:3: A->>A: accept returns; ALPN h3']);
});

test('no sequence diagram in the course has a semicolon in a message', () => {
  const files = execFileSync('git', ['ls-files', '*.md'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);
  expect(files.flatMap((f) => semicolonsInSequenceDiagrams(f, readFileSync(join(repoRoot, f), 'utf8')))).toEqual([]);
});
