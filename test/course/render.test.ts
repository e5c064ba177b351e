import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChapters } from '../../scripts/course/course.ts';
import { anchorLink } from '../../scripts/course/links.ts';
import { compareOutput } from '../../scripts/course/output.ts';
import { chaptersDir, repoRoot } from '../../scripts/course/paths.ts';
import { loadCitations } from '../../scripts/course/citations.ts';
import { loadContext, renderAll, renderMarkdown, type CourseContext } from '../../scripts/course/render.ts';
import { launchFile, launchJson } from '../../scripts/course/vscode.ts';

describe('generated files are up to date (npm run course:render)', () => {
  it('chapter and exercise Markdown', () => {
    expect(renderAll(loadContext(), false), 'run npm run course:render').toEqual({ outdated: [], errors: [] });
  });

  it('.vscode/launch.json: one configuration per chapter and one for the exercise tests', () => {
    const chapters = loadChapters();
    expect(readFileSync(launchFile, 'utf8')).toBe(launchJson(chapters));
    const configs = JSON.parse(launchJson(chapters)).configurations as { name: string; runtimeArgs?: string[]; env: Record<string, string> }[];
    expect(configs).toHaveLength(chapters.length + 1);
    for (const c of configs.slice(0, -1)) {
      expect(c.runtimeArgs).toEqual(['--import', 'tsx']);
      expect(c.env.QUIC_DEBUG).toBe('1');
    }
    expect(configs.at(-1)!.name).toBe('Debug current exercise tests');
  });
});

describe('renderMarkdown', () => {
  const ctx: CourseContext = {
    anchors: new Map([['demo.here', { file: 'src/internal/utils/chan.ts', line: 42 }]]),
    citations: loadCitations(),
    chapters: [],
  };
  const file = join(chaptersDir, '42-x', 'README.md');

  it('renders anchor and quic-go references, and renders its own output unchanged', () => {
    const errors: string[] = [];
    const once = renderMarkdown(file, 'at {{anchor:demo.here}}, like {{quicgo:server.go:418-426}}.', ctx, errors);
    expect(once).toBe(
      'at [src/internal/utils/chan.ts:42](../../src/internal/utils/chan.ts#L42 "anchor:demo.here"), like ' +
        '[server.go:418-426](https://github.com/quic-go/quic-go/blob/v0.47.0/server.go#L418-L426 "quicgo:server.go:418-426").',
    );
    expect(renderMarkdown(file, once, ctx, errors)).toBe(once);
    expect(errors).toEqual([]);
  });

  it('leaves code spans and fenced code alone', () => {
    const text = 'write `{{anchor:no.such}}` or\n```md\n{{quicgo:interface.go:288}}\n<!-- guide:start -->\n```\n';
    const errors: string[] = [];
    expect(renderMarkdown(file, text, ctx, errors)).toBe(text);
    expect(errors).toEqual([]);
  });

  it('updates a rendered link when the anchor moves', () => {
    const moved = { ...ctx, anchors: new Map([['demo.here', { file: 'src/internal/utils/chan.ts', line: 50 }]]) };
    const stale = '[src/internal/utils/chan.ts:42](../../src/internal/utils/chan.ts#L42 "anchor:demo.here")';
    expect(renderMarkdown(file, stale, moved, [])).toBe('[src/internal/utils/chan.ts:50](../../src/internal/utils/chan.ts#L50 "anchor:demo.here")');
  });

  it('reports unknown anchors, unchecked citations and a guide block without a guide', () => {
    const errors: string[] = [];
    renderMarkdown(file, '{{anchor:no.such}} {{quicgo:interface.go:288}}\n<!-- guide:start -->\n<!-- guide:end -->\n', ctx, errors);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/guide block but no guide\.json/);
    expect(errors[1]).toMatch(/unknown anchor no\.such/);
    expect(errors[2]).toMatch(/interface\.go:288: not a line the reference map checked/);
  });

  it('anchorLink gives the editor link the docs site uses', () => {
    const link = anchorLink('demo.here', ctx.anchors);
    expect(link.label).toBe('src/internal/utils/chan.ts:42');
    expect(link.vscodeUrl).toBe(`vscode://file/${join(repoRoot, 'src/internal/utils/chan.ts').replace(/^\//, '')}:42`);
    expect(link.relativeUrl(join(repoRoot, 'docs'))).toBe('../src/internal/utils/chan.ts#L42');
  });
});

describe('compareOutput', () => {
  it('matches placeholders for ports, hex, numbers and the rest of a line', () => {
    const expected = 'listening on 127.0.0.1:{{port}}\nconn {{hex}} after {{n}} ms\nserver {{any}}\n';
    expect(compareOutput(expected, 'listening on 127.0.0.1:4433\nconn 8f00a1 after 12.5 ms\nserver ok, 3 conns\n')).toBeUndefined();
    expect(compareOutput(expected, 'listening on 127.0.0.1:x\nconn 8f after 1 ms\nserver \n')).toBe(
      'line 1: expected "listening on 127.0.0.1:{{port}}", got "listening on 127.0.0.1:x"',
    );
  });

  it('ignores trailing blanks and CRLF but not missing or extra lines', () => {
    expect(compareOutput('a\nb\n', 'a  \r\nb\r\n\n')).toBeUndefined();
    expect(compareOutput('a\nb\n', 'a\n')).toBe('line 2: output ended, expected "b"');
    expect(compareOutput('a\n', 'a\nb\n')).toBe('line 2: unexpected extra output "b"');
    expect(compareOutput('a (1)\n', 'a 1\n')).toBeDefined(); // regex characters are literal
  });
});
