/** Most posts are a few hundred lines; beyond this the table would cost too much memory. */
const MAX_CELLS = 4_000_000;

/**
 * A unified-style line diff (`-` removed, `+` added, two lines of context), enough for an editor to
 * see what cleaning changed. Common head and tail are trimmed before the LCS table.
 */
export function lineDiff(before: string, after: string, context = 2): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if (x.length === 0 && y.length === 0) return '';
  const ops: [' ' | '-' | '+', string][] = [];
  if ((x.length + 1) * (y.length + 1) > MAX_CELLS) {
    for (const l of x) ops.push(['-', l]);
    for (const l of y) ops.push(['+', l]);
  } else {
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] =
          x[i] === y[j]
            ? lcs[(i + 1) * w + j + 1]! + 1
            : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        ops.push([' ', x[i++]!]);
        j++;
      } else if (j < y.length && (i === x.length || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
        ops.push(['+', y[j++]!]);
      } else {
        ops.push(['-', x[i++]!]);
      }
    }
  }
  const withContext: [' ' | '-' | '+', string][] = [
    ...a.slice(Math.max(0, head - context), head).map((l) => [' ', l] as [' ', string]),
    ...ops,
    ...a.slice(a.length - tail, a.length - tail + context).map((l) => [' ', l] as [' ', string]),
  ];
  // Collapse long unchanged runs inside the changed region.
  const out: string[] = [];
  let run: string[] = [];
  const flush = (last: boolean) => {
    if (run.length > context * 2 + 1) {
      out.push(...run.slice(0, out.length === 0 ? 0 : context), `@@ ${run.length} unchanged lines @@`);
      if (!last) out.push(...run.slice(-context));
    } else out.push(...run);
    run = [];
  };
  for (const [op, line] of withContext) {
    if (op === ' ') run.push(`  ${line}`);
    else {
      flush(false);
      out.push(`${op} ${line}`);
    }
  }
  flush(true);
  return `@@ from line ${Math.max(1, head - context + 1)} @@\n${out.join('\n')}`;
}
