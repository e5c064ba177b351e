// Comparing a scenario's output with the chapter's expected-output.txt. Lines are compared one by
// one after trimming trailing blanks; in the expected text these placeholders stand for what
// changes from run to run:
//   {{port}}  a port number          {{hex}}  hex digits (connection IDs, hashes)
//   {{n}}     a decimal number, maybe with a fraction (timings, sizes)
//   {{any}}   anything on the rest of the placeholder's line, possibly nothing
const placeholders: Record<string, string> = {
  port: '\\d{1,5}',
  hex: '[0-9a-fA-F]+',
  n: '\\d+(?:\\.\\d+)?',
  any: '.*',
};

function linePattern(expected: string): RegExp {
  const parts = expected.split(/(\{\{[a-z]+\}\})/);
  const body = parts
    .map((p) => {
      const name = /^\{\{([a-z]+)\}\}$/.exec(p)?.[1];
      if (name === undefined) return p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const re = placeholders[name];
      if (re === undefined) throw new Error(`unknown placeholder {{${name}}} in expected output`);
      return re;
    })
    .join('');
  return new RegExp(`^${body}$`);
}

function lines(text: string): string[] {
  const all = text.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd());
  while (all.length > 0 && all[all.length - 1] === '') all.pop();
  return all;
}

/** undefined when the output matches, otherwise a message naming the first line that differs. */
export function compareOutput(expected: string, actual: string): string | undefined {
  const want = lines(expected);
  const got = lines(actual);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    const g = got[i];
    if (w === undefined) return `line ${i + 1}: unexpected extra output "${g}"`;
    if (g === undefined) return `line ${i + 1}: output ended, expected "${w}"`;
    if (!linePattern(w).test(g)) return `line ${i + 1}: expected "${w}", got "${g}"`;
  }
  return undefined;
}
