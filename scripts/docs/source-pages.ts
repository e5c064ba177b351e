// Generated pages that show a file of the repository with one element per line (`id="L407"`),
// so a breakpoint link such as `source/src/server.ts.html#L407` lands on the line. Lines that carry
// a breakpoint anchor are marked. A folder gets a page listing its files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnchorLocation } from '../course/anchors.ts';
import { repoRoot } from '../course/paths.ts';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

const frontmatter = (title: string) =>
  ['---', `title: ${JSON.stringify(title)}`, 'sidebar: false', 'aside: false', 'outline: false', 'prev: false', 'next: false', '---', ''].join('\n');

/**
 * The page for the file at repository path `rp`. The listing is one HTML block with no blank line
 * in it (a blank line would end the block in Markdown) and `v-pre`, so Vue leaves `{{ }}` alone.
 */
export function sourcePage(rp: string, anchors: Map<string, AnchorLocation>): string {
  const anchored = new Map([...anchors].filter(([, at]) => at.file === rp).map(([name, at]) => [at.line, name]));
  const lines = readFileSync(join(repoRoot, rp), 'utf8').replace(/\n$/, '').split('\n');
  const rows = lines.map((text, i) => {
    const n = i + 1;
    const name = anchored.get(n);
    const cls = name ? 'line anchored' : 'line';
    const title = name ? ` title="anchor ${escapeHtml(name)}"` : '';
    return `<span class="${cls}" id="L${n}"${title}><a class="ln" href="#L${n}">${n}</a>${escapeHtml(text)}</span>`;
  });
  return `${frontmatter(rp)}\n# ${rp}\n\n<div class="source-file" v-pre><pre><code>${rows.join('\n')}</code></pre></div>\n`;
}

/** The page for the folder `rp` (ending in `/`): its files and folders, each linked to the repository's own path. */
export function folderPage(rp: string): string {
  const entries = readdirSync(join(repoRoot, rp), { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => `- \`${e.name}${e.isDirectory() ? '/' : ''}\``)
    .sort();
  return `${frontmatter(rp)}\n# ${rp}\n\n${entries.join('\n')}\n`;
}
