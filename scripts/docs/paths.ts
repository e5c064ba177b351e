// Where the docs site lives: hand-written pages (docs/en, docs/zh, docs/diagrams), the folder the
// generation step writes and VitePress reads (docs/.generated, git-ignored), and the build output.
import { join } from 'node:path';
import { repoRoot } from '../course/paths.ts';

export const docsDir = join(repoRoot, 'docs');
export const generatedDir = join(docsDir, '.generated');
export const distDir = join(docsDir, '.vitepress', 'dist');
export const diagramsDir = join(docsDir, 'diagrams');
/** the manifest the VitePress config and the site test read */
export const manifestFile = join(generatedDir, 'site.json');

export const languages = ['en', 'zh'] as const;
export type Lang = (typeof languages)[number];

/** The hand-written pages of a language: docs/en, docs/zh. */
export function langDir(lang: Lang): string {
  return join(docsDir, lang);
}

/** Where a language's pages go in the generated site: English at the root, Chinese under zh/. */
export function routePrefix(lang: Lang): string {
  return lang === 'en' ? '' : `${lang}/`;
}
