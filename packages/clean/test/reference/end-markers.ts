/**
 * `splitAtEndMarkers` as it was before it was made faster (the body split into lines, each line
 * matched, the chunks joined back from lines), kept as the definition the fast one is tested
 * against. A rule changed there must be changed here too.
 */
import type { Chunk } from '../../src/passes/end-markers.js';
import { quote } from '../../src/text.js';
import type { Fix } from '../../src/types.js';

const MARKER = /-{3}\s*END\s*-{3}/;

/**
 * The pipeline appends `---END---` after every generation call: alone on a line, glued to the
 * last line of text, or in runs around empty chunks. The seams are where the other repairs look,
 * so the body is split here rather than the markers merely deleted.
 */
export function splitAtEndMarkersReference(body: string, bodyLine: number, fixes: Fix[]): Chunk[] {
  // The marker also comes broken over lines (`---` / `END` / `---`); fold it back, keeping the
  // line count so that fix lines still point into the file.
  const folded = body.includes('\nEND')
    ? body.replace(/(^|\n)-{3}[ \t]*\nEND[ \t]*(?:\n-{3}[ \t]*)?(?=\n|$)/g, (m, lead: string) => {
        const n = m.split('\n').length - 1 - lead.length;
        return `${lead}${'\n'.repeat(n)}---END---`;
      })
    : body;
  const lines = folded.split('\n');
  // The article begun again from its own first `# ` heading, glued to a cut line: a seam too.
  const first = lines.find((l) => l.startsWith('# '));
  // Up to the line's end (a `\r` ends it too), without the spaces and the colon after it.
  const heading =
    first === undefined
      ? undefined
      : (first.slice(2).split(/[\r\u2028\u2029]/)[0] ?? '').replace(/[ \t]+$/, '').replace(/[:：]$/, '');
  const restartIn = (line: string): number => {
    if (heading === undefined || heading === '') return -1;
    for (let i = 1; i < line.length; i++) {
      if (/[\s#]/.test(line[i - 1]!) || !line.startsWith(`# ${heading}`, i)) continue;
      if (/^[:：]?[^\S\n]*$/.test(line.slice(i + 2 + heading.length))) return i;
    }
    return -1;
  };
  if (!MARKER.test(folded) && !lines.some((l) => restartIn(l) !== -1))
    return [{ text: folded, line: bodyLine }];
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
    const next = (text: string): { index: number; length: number } | undefined => {
      const marker = MARKER.exec(text);
      const restart = restartIn(text);
      if (restart !== -1 && (marker === null || restart < marker.index)) return { index: restart, length: 0 };
      return marker === null ? undefined : { index: marker.index, length: marker[0].length };
    };
    let m = next(line);
    if (!m) {
      cur.push(line);
      continue;
    }
    while (m) {
      const before = line.slice(0, m.index);
      const after = line.slice(m.index + m.length);
      if (m.length === 0) {
        cur.push(before.trimEnd());
        fixes.push({
          kind: 'end-marker',
          detail: `split where the article begins again from its heading ${quote(after.trim(), 40)}, glued without a marker to ${quote(before, 40)}`,
          line: fileLine,
        });
      } else if (before.trim() !== '') {
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
      m = next(line);
    }
    if (line.trim() !== '') cur.push(line.trimStart());
    else curLine = fileLine + 1;
  }
  close(bodyLine + lines.length);
  return chunks;
}
