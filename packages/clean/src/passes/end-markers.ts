import { quote } from '../text.js';
import type { Fix } from '../types.js';

/** Text between `---END---` markers: one generation call's output. */
export interface Chunk {
  readonly text: string;
  /** File line of the chunk's first line. */
  readonly line: number;
}

const MARKER = /-{3}\s*END\s*-{3}/;

/**
 * The pipeline appends `---END---` after every generation call: alone on a line, glued to the
 * last line of text, or in runs around empty chunks. The seams are where the other repairs look,
 * so the body is split here rather than the markers merely deleted.
 */
export function splitAtEndMarkers(body: string, bodyLine: number, fixes: Fix[]): Chunk[] {
  if (!MARKER.test(body)) return [{ text: body, line: bodyLine }];
  const lines = body.split('\n');
  const chunks: Chunk[] = [];
  let cur: string[] = [];
  let curLine = bodyLine;
  const close = (nextLine: number) => {
    if (cur.some((l) => l.trim() !== '')) chunks.push({ text: cur.join('\n'), line: curLine });
    cur = [];
    curLine = nextLine;
  };
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const fileLine = bodyLine + i;
    let m = MARKER.exec(line);
    if (!m) {
      cur.push(line);
      continue;
    }
    while (m) {
      const before = line.slice(0, m.index);
      const after = line.slice(m.index + m[0].length);
      if (before.trim() !== '') {
        cur.push(before.trimEnd());
        fixes.push({
          kind: 'end-marker',
          detail: `removed \`---END---\` glued to ${quote(before, 40)}`,
          line: fileLine,
        });
      } else {
        fixes.push({ kind: 'end-marker', detail: 'removed `---END---` line', line: fileLine });
      }
      close(fileLine);
      line = after;
      m = MARKER.exec(line);
    }
    if (line.trim() !== '') cur.push(line.trimStart());
    else curLine = fileLine + 1;
  }
  close(bodyLine + lines.length);
  return chunks;
}
