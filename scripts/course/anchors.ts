// Breakpoint anchors. A line of src that the course teaches carries a trailing comment
//
//   if (this.length < this.capacity) { // @anchor chan.trysend-room
//
// and chapters name the anchor, never the line number: this module resolves each name to the
// file:line it marks today, so editing src never leaves a chapter pointing at the wrong line.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath, srcDir } from './paths.ts';

/**
 * Words joined by dots or dashes, starting with a lowercase letter; words may be camelCase so
 * that they can repeat quic-go's names: `server.accept.select`, `server.handleInitialImpl.dcidLen`.
 */
export const anchorName = /^[a-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*$/;

/** `// @anchor <name>` at the end of a line; the name is checked against anchorName separately. */
const anchorComment = /\/\/\s*@anchor\s+(\S+)\s*$/;

export interface AnchorLocation {
  /** repository-relative path, e.g. `src/server.ts` */
  file: string;
  /** 1-based line number */
  line: number;
}

export interface AnchorScan {
  anchors: Map<string, AnchorLocation>;
  /** duplicates and malformed names, one message each */
  errors: string[];
}

function* tsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** Scans `src/**\/*.ts` (or another root) for anchors. */
export function scanAnchors(root = srcDir): AnchorScan {
  const anchors = new Map<string, AnchorLocation>();
  const errors: string[] = [];
  for (const path of [...tsFiles(root)].sort()) {
    const file = repoPath(path);
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = anchorComment.exec(text);
        if (!m) return;
        const name = m[1]!;
        const here = { file, line: i + 1 };
        if (!anchorName.test(name)) errors.push(`${file}:${here.line}: bad anchor name "${name}"`);
        else if (text.trim().startsWith('//')) errors.push(`${file}:${here.line}: anchor ${name} is on a comment line, not on code`);
        const seen = anchors.get(name);
        if (seen) errors.push(`anchor ${name} is defined twice: ${seen.file}:${seen.line} and ${file}:${here.line}`);
        else anchors.set(name, here);
      });
  }
  return { anchors, errors };
}

/** The anchors of src; throws when any is duplicated or malformed. */
export function loadAnchors(root = srcDir): Map<string, AnchorLocation> {
  const { anchors, errors } = scanAnchors(root);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return anchors;
}
