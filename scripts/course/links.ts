// Turns an anchor name into the places a reader can open: a repository-relative link for
// Markdown on GitHub, and a vscode:// link that opens the editor at the line (for the docs site).
import { join, relative, sep } from 'node:path';
import type { AnchorLocation } from './anchors.ts';
import { repoRoot } from './paths.ts';

export interface AnchorLink extends AnchorLocation {
  name: string;
  /** `src/server.ts:123` */
  label: string;
  /** `vscode://file/<absolute path>:123` */
  vscodeUrl: string;
  /** a link from a Markdown file in `fromDir` (absolute), e.g. `../../src/server.ts#L123` */
  relativeUrl(fromDir: string): string;
}

export function anchorLink(name: string, anchors: Map<string, AnchorLocation>): AnchorLink {
  const at = anchors.get(name);
  if (!at) throw new Error(`unknown anchor ${name}`);
  const abs = join(repoRoot, at.file);
  return {
    name,
    ...at,
    label: `${at.file}:${at.line}`,
    vscodeUrl: `vscode://file/${abs.split(sep).join('/').replace(/^\//, '')}:${at.line}`,
    relativeUrl: (fromDir) => `${relative(fromDir, abs).split(sep).join('/')}#L${at.line}`,
  };
}
