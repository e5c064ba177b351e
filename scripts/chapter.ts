// `npm run chapter -- N`: runs chapter N's scenario (its output goes straight to the terminal).
// `npm run chapter` alone lists the chapters.
import { spawnSync } from 'node:child_process';
import { findChapter, loadChapters } from './course/course.ts';
import { repoPath, repoRoot } from './course/paths.ts';

const chapters = loadChapters();
const n = process.argv[2];
if (n === undefined) {
  for (const c of chapters) console.log(`${c.number}  ${c.title}  (${repoPath(c.scenario)})`);
  console.log('\nrun one with: npm run chapter -- N');
} else {
  const chapter = findChapter(chapters, n);
  if (!chapter) {
    console.error(`no chapter ${n}; there are: ${chapters.map((c) => c.number).join(', ')}`);
    process.exitCode = 2;
  } else {
    const r = spawnSync(process.execPath, ['--import', 'tsx', chapter.scenario, ...process.argv.slice(3)], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    process.exitCode = r.status ?? 1;
  }
}
