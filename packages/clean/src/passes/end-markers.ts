import { keyOf, quote } from '../text.js';
import type { Fix } from '../types.js';

/** Text between `---END---` markers: one generation call's output. */
export interface Chunk {
  readonly text: string;
  /** File line of the chunk's first line. */
  readonly line: number;
}

const MARKER = /-{3}\s*END\s*-{3}/;
/** `MARKER` within one line (its `\s` without the line break), to find the lines that hold one. */
const MARKER_LINE = /-{3}[^\S\n]*END[^\S\n]*-{3}/g;

/**
 * The pipeline appends `---END---` after every generation call: alone on a line, glued to the
 * last line of text, or in runs around empty chunks. The seams are where the other repairs look,
 * so the body is split here rather than the markers merely deleted.
 */
export function splitAtEndMarkers(body: string, bodyLine: number, fixes: Fix[]): Chunk[] {
  // The marker also comes broken over lines (`---` / `END` / `---`); fold it back, keeping the
  // line count so that fix lines still point into the file.
  const folded = body.includes('\nEND')
    ? body.replace(/(^|\n)-{3}[ \t]*\nEND[ \t]*(?:\n-{3}[ \t]*)?(?=\n|$)/g, (m, lead: string) => {
        const n = m.split('\n').length - 1 - lead.length;
        return `${lead}${'\n'.repeat(n)}---END---`;
      })
    : body;
  const restart = restartAt(folded);
  const marker = restart === undefined ? MARKER : new RegExp(`${MARKER.source}|${restart}`);
  const markerLine =
    restart === undefined ? MARKER_LINE : new RegExp(`${MARKER_LINE.source}|${restart}`, 'gm');
  markerLine.lastIndex = 0;
  let hit = markerLine.exec(folded);
  // Also where `MARKER` matches only across a line break: that is text, and the body one chunk.
  if (!hit) return [{ text: folded, line: bodyLine }];
  const chunks: Chunk[] = [];
  /** The chunk's text so far, in pieces to be joined by line breaks (a piece may hold many lines). */
  let cur: string[] = [];
  let curLine = bodyLine;
  const close = (nextLine: number) => {
    if (cur.some((l) => l.trim() !== '')) chunks.push({ text: cur.join('\n'), line: curLine });
    cur = [];
    curLine = nextLine;
  };
  // Only the lines with a marker are taken one by one: the lines between two of them go into the
  // chunk as one slice of the body, not split and joined again.
  /** Where the first line not yet taken starts, and its index. */
  let pos = 0;
  let index = 0;
  for (; hit; hit = markerLine.exec(folded)) {
    const start = folded.lastIndexOf('\n', hit.index) + 1;
    let end = folded.indexOf('\n', hit.index);
    if (end === -1) end = folded.length;
    if (start > pos) {
      cur.push(folded.slice(pos, start - 1));
      index += countLineBreaks(folded, pos, start);
    }
    const fileLine = bodyLine + index;
    let line = folded.slice(start, end);
    let m = marker.exec(line);
    while (m) {
      const before = line.slice(0, m.index);
      const after = line.slice(m.index + m[0].length);
      if (m[0] === '') {
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
      m = marker.exec(line);
    }
    if (line.trim() !== '') cur.push(line.trimStart());
    else curLine = fileLine + 1;
    pos = end + 1;
    index++;
    markerLine.lastIndex = pos;
  }
  if (pos <= folded.length) cur.push(folded.slice(pos));
  // The last chunk: no chunk starts after it, so where one would does not matter.
  close(curLine);
  return chunks;
}

/**
 * The blog's affiliate notice (`*※ 本ページのリンクにはアフィリエイトリンクが含まれます。…*`) is the
 * last line the pipeline writes under an article. When the same chunk goes on after it with the
 * article's title (`AIエージェント：2026年までに…を解説`, as a line or a heading), the next call's
 * output was appended without a marker, the article written again from its top: a seam, so that
 * the merge reads that copy as a later version, not as text of the same chunk. Other text after the
 * notice (a section the model added) stays where it is.
 */
export function splitAfterNotice(chunks: readonly Chunk[], title: string, fixes: Fix[]): Chunk[] {
  const titleKey = keyOf(title);
  if (titleKey.length < 12 || !chunks.some((c) => c.text.includes('※'))) return [...chunks];
  const out: Chunk[] = [];
  for (const chunk of chunks) {
    const { text } = chunk;
    /** Where the piece not yet pushed starts in `text`, and its file line. */
    let from = 0;
    let line = chunk.line;
    NOTICE_LINE.lastIndex = 0;
    for (let m = NOTICE_LINE.exec(text); m !== null; m = NOTICE_LINE.exec(text)) {
      const end = m.index + m[0].length;
      const after = text.slice(end);
      const skipped = after.length - after.trimStart().length;
      const first = after.slice(skipped).split('\n', 1)[0]!;
      if (!namesTitle(keyOf(first.replace(/^#{1,6}\s+/, '')), titleKey)) continue;
      const at = line + countLineBreaks(text, from, end + skipped);
      out.push({ text: text.slice(from, end), line });
      fixes.push({
        kind: 'end-marker',
        detail: `split after the affiliate notice, where the article begins again from its title ${quote(first, 40)} without a marker`,
        line: at,
      });
      from = end + skipped;
      line = at;
    }
    out.push(from === 0 ? chunk : { text: text.slice(from), line });
  }
  return out;
}

/** The title, maybe with a word or its punctuation written otherwise: its first and last 8 key characters. */
function namesTitle(key: string, titleKey: string): boolean {
  return (
    key.length >= 12 &&
    key.length <= titleKey.length + 8 &&
    key.slice(0, 8) === titleKey.slice(0, 8) &&
    key.slice(-8) === titleKey.slice(-8)
  );
}

/** The affiliate notice on a line of its own, its emphasis closed. */
const NOTICE_LINE =
  /^\*{1,2}※[^\n]*?(?:アフィリエイトリンクが含まれ|アソシエイトリンクです)[^\n]*\*[ \t]*$/gm;

/**
 * The next call's output glued to a cut line without a marker, the article begun again from its
 * own `# ` heading (`…貢献すると見# マルチモーダルAIとAIエージェントの台頭`): a seam too. Only the
 * body's own first heading, at the line's end: `C# ` or a `#` in prose is text. A pattern for the
 * empty place where the heading starts, or undefined when the body has none.
 */
function restartAt(body: string): string | undefined {
  if (!GLUED_HEADING.test(body)) return undefined;
  const at = body.startsWith('# ') ? 0 : body.indexOf('\n# ') + 1;
  if (at === 0 && !body.startsWith('# ')) return undefined;
  const end = body.indexOf('\n', at);
  // Up to the line's end (a `\r` ends it too), without the spaces and the colon after it.
  const heading = body
    .slice(at + 2, end === -1 ? body.length : end)
    .split(/[\r\u2028\u2029]/)[0]!
    .replace(/[ \t]+$/, '')
    .replace(/[:：]$/, '');
  if (heading === '') return undefined;
  const words = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `(?<=[^\\s#])(?=# ${words}[:：]?[^\\S\\n]*$)`;
}

/** A `# ` right after text on the same line. */
const GLUED_HEADING = /[^\s#]# /;

function countLineBreaks(text: string, from: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
