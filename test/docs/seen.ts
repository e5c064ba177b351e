/// <reference lib="dom" />
// What a reader sees on a page of the built site, measured in the browser: the boxes of its
// diagrams against the text column, the size of their text, labels that overflow their node, and
// a source page's line spacing, colours and target line. site.test.ts turns these into problems.
import type { Page } from 'playwright-core';

/** The smallest text a diagram may show, in px: the size of code on the page. */
export const readablePx = 13.5;

export interface DiagramSeen {
  /** the figure holds an SVG (false: mermaid drew nothing, so nothing else was measured) */
  drawnAtAll: boolean;
  /** the diagram's first line of source, to name it in a problem */
  source: string;
  /** the figure's right edge past the text column's, in px (0 when inside) */
  pastColumn: number;
  /** the diagram's drawn width and its frame's */
  drawn: number;
  frame: number;
  /** the frame pans and zooms (MermaidDiagram's toolbar is there and the figure is marked wide) */
  pans: boolean;
  /** the smallest label text as drawn (font size × zoom), px */
  smallestText: number;
  /** labels whose text runs past the box mermaid made for them */
  clipped: string[];
}

/** Each mermaid diagram of the page, once rendered. */
export function diagramsSeen(page: Page): Promise<DiagramSeen[]> {
  return page.$$eval('.diagram', (figures) =>
    figures.map((fig) => {
      const column = (fig.closest('.vp-doc') ?? document.body).getBoundingClientRect();
      const box = fig.getBoundingClientRect();
      const source = decodeURIComponent(fig.getAttribute('data-graph') ?? '').trim().split('\n')[0] ?? '';
      const svg = fig.querySelector('svg');
      if (!svg) return { drawnAtAll: false, source, pastColumn: 0, drawn: 0, frame: 0, pans: false, smallestText: Infinity, clipped: [] };
      const drawn = svg.getBoundingClientRect().width;
      const zoom = drawn / (Number(svg.getAttribute('width')) || drawn);
      // Labels, not the step numbers in their 12 px circles (mermaid's autonumber markers).
      const texts = [...svg.querySelectorAll('text:not(.sequenceNumber), foreignObject div')].filter((t) => (t.textContent ?? '').trim() !== '');
      const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * zoom);
      const clipped = [...svg.querySelectorAll('foreignObject')].flatMap((fo) => {
        const outer = fo.getBoundingClientRect();
        const inner = fo.querySelector('p, span')?.getBoundingClientRect();
        if (!inner || inner.height === 0) return [];
        const past = Math.max(inner.bottom - outer.bottom, inner.right - outer.right, outer.top - inner.top, outer.left - inner.left);
        return past > 1 ? [`"${fo.textContent?.trim()}" by ${past.toFixed(1)} px`] : [];
      });
      return {
        drawnAtAll: true,
        source,
        pastColumn: Math.max(0, box.right - column.right, column.left - box.left),
        drawn,
        frame: (fig.querySelector('.diagram-viewport') as HTMLElement).clientWidth,
        pans: fig.classList.contains('is-wide') && fig.querySelector('.diagram-zoom-in') !== null,
        smallestText: sizes.length > 0 ? Math.min(...sizes) : Infinity,
        clipped,
      };
    }),
  );
}

/** Everything wrong with the diagrams of a page: each readable within its column, or in a frame that pans. */
export function diagramProblems(seen: DiagramSeen[]): string[] {
  return seen.flatMap((d, i) => {
    const p: string[] = [];
    if (!d.drawnAtAll) return [`diagram ${i + 1} (${d.source || 'no source'}) drew nothing: no SVG in its figure`];
    if (d.pastColumn > 1) p.push(`diagram ${i + 1} reaches ${d.pastColumn.toFixed(0)} px past the text column`);
    if (d.drawn > d.frame + 1 && !d.pans) p.push(`diagram ${i + 1} is ${d.drawn.toFixed(0)} px wide in a ${d.frame} px frame that does not pan`);
    if (d.smallestText < readablePx) p.push(`diagram ${i + 1} has text of ${d.smallestText.toFixed(1)} px`);
    for (const c of d.clipped) p.push(`diagram ${i + 1}: label ${c} past its box`);
    return p;
  });
}

export interface SourceSeen {
  /** px from one line's top to the next, and the code's font size */
  lineStep: number;
  fontSize: number;
  /** distinct colours of the code's tokens */
  colours: number;
  /** the id of the line marked as the target, and its top and bottom in the window */
  current: string | null;
  currentTop: number;
  currentBottom: number;
  windowHeight: number;
  /** the widest line fits, or the code block scrolls sideways to show it */
  longLinesReachable: boolean;
  /** links from the target line back to pages that cite it */
  backLinks: string[];
}

export function sourceSeen(page: Page): Promise<SourceSeen> {
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll<HTMLElement>('.source-file .line')];
    const pre = document.querySelector<HTMLElement>('.source-file pre')!;
    const current = document.querySelector<HTMLElement>('.source-file .line.current');
    const colours = new Set([...document.querySelectorAll('.source-file .line span[style]')].slice(0, 2000).map((s) => getComputedStyle(s).color));
    const overflowX = getComputedStyle(pre).overflowX;
    return {
      lineStep: lines.length > 1 ? lines[1]!.getBoundingClientRect().top - lines[0]!.getBoundingClientRect().top : 0,
      fontSize: parseFloat(getComputedStyle(lines[0]!).fontSize),
      colours: colours.size,
      current: current?.id ?? null,
      currentTop: current?.getBoundingClientRect().top ?? -1,
      currentBottom: current?.getBoundingClientRect().bottom ?? -1,
      windowHeight: innerHeight,
      longLinesReachable: pre.scrollWidth <= pre.clientWidth + 1 || overflowX === 'auto' || overflowX === 'scroll',
      backLinks: [...(current?.querySelectorAll<HTMLAnchorElement>('.cites a') ?? [])].map((a) => a.href),
    };
  });
}

/** Everything wrong with a source page opened at `#L<line>`. */
export function sourceProblems(s: SourceSeen, line: number): string[] {
  const p: string[] = [];
  if (s.lineStep > s.fontSize * 1.8) p.push(`lines are ${s.lineStep} px apart for ${s.fontSize} px text`);
  if (s.colours < 4) p.push(`code in ${s.colours} colours: not highlighted`);
  if (s.current !== `L${line}`) p.push(`marked line is ${s.current}, not L${line}`);
  else if (s.currentTop < 64 || s.currentBottom > s.windowHeight) p.push(`line ${line} is not in view (top ${s.currentTop})`);
  if (!s.longLinesReachable) p.push('long lines are cut off');
  if (s.backLinks.length === 0) p.push(`line ${line} has no link back to the pages that cite it`);
  return p;
}
