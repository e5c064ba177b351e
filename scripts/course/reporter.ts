// A vitest reporter for grading: one record per test, with its project (the implementation it ran
// on, see vitest.exercises.config.ts), file, titles (describe titles, then the test's) and the
// whole first line of its failure, written as JSON to the file named by COURSE_REPORT.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export interface ReportedTest {
  project: string;
  file: string;
  /** describe titles and the test's title, outermost first */
  titles: string[];
  passed: boolean;
  failure?: string;
}

export interface GradingReport {
  tests: ReportedTest[];
  /** test files that did not load: project, file, message */
  loadErrors: { project: string; file: string; message: string }[];
}

function titles(t: TestCase): string[] {
  const names = [t.name];
  for (let p = t.parent; p.type === 'suite'; p = p.parent) names.unshift(p.name);
  return names;
}

/** The first line of an assertion message, without colours. */
export function firstLine(message: string): string {
  return message.replace(/\x1b\[[0-9;]*m/g, '').split('\n')[0]!.trim();
}

export default class GradingReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const out = process.env.COURSE_REPORT;
    if (!out) throw new Error('COURSE_REPORT must name the report file');
    const report: GradingReport = { tests: [], loadErrors: [] };
    for (const m of modules) {
      const project = m.project.name;
      const tests = [...m.children.allTests()];
      const errors = m.errors();
      if (tests.length === 0 && errors.length > 0) report.loadErrors.push({ project, file: m.moduleId, message: firstLine(errors[0]!.message ?? String(errors[0])) });
      for (const t of tests) {
        const r = t.result();
        const err = r.state === 'failed' ? r.errors?.[0] : undefined;
        report.tests.push({ project, file: m.moduleId, titles: titles(t), passed: r.state === 'passed', failure: err ? firstLine(err.message ?? '') : undefined });
      }
    }
    writeFileSync(out, JSON.stringify(report));
  }
}
