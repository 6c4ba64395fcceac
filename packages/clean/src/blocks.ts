import { isWhite } from './text.js';

/**
 * A light block model of a Markdown body: just enough structure for the repair passes, and a
 * printer that gives back the source byte-for-byte when nothing was changed.
 */

export type BlockKind = 'paragraph' | 'heading' | 'list' | 'table' | 'code' | 'quote' | 'hr';

export interface Block {
  readonly kind: BlockKind;
  /** The block's Markdown source (for headings: the whole line, markup included). */
  text: string;
  /** 1-based line in the post file where the block starts. */
  readonly line: number;
  /** Index of the generation chunk (text between `---END---` markers) the block came from. */
  readonly chunk: number;
  /** Whitespace between the previous block and this one, as written (`\n\n` when unknown). */
  gap: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ATX = /^\s{0,3}#{1,6}(\s|$)/;
const HR = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)/;
const TABLE = /^\s{0,3}\|/;
const QUOTE = /^\s{0,3}>/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;

/** A line that is only `**…**` (no other bold inside): the pipeline writes its headings this way. */
export function isBoldLine(line: string): boolean {
  const t = line.trim();
  if (t.length < 5 || !t.startsWith('**') || !t.endsWith('**')) return false;
  const inner = t.slice(2, -2);
  // A whole sentence in bold (`**…です。**`) is emphasis, not a heading.
  return (
    inner.trim().length > 0 &&
    inner.length <= 80 &&
    !inner.includes('**') &&
    !/^\s|\s$/.test(inner) &&
    !/[。．]/.test(inner)
  );
}

/**
 * `##概要と背景`: the pipeline's heading with the space after its `#` lost. Markdown reads it as
 * text; a short line with no sentence end in it is a heading all the same (`#AI` alone is not).
 */
export function isUnspacedHeading(line: string): boolean {
  const m = /^\s{0,3}#{1,6}([^\s#].*)$/.exec(line);
  if (!m) return false;
  const rest = m[1]!.trim();
  return rest.length >= 2 && rest.length <= 80 && !/[。．]/.test(rest) && /[^\x00-\x7f]/.test(rest);
}

/** Characters that can open block syntax (fences, headings, rules, tables, lists, quotes, setext). */
const MARKUP_START = new Set('`~#*-_=+|>0123456789'.split('').map((c) => c.charCodeAt(0)));

/** Whether the first character after the line's leading whitespace can open block syntax. */
function mayBeMarkup(line: string): boolean {
  let i = 0;
  while (i < line.length && isWhite(line.charCodeAt(i))) i++;
  return MARKUP_START.has(line.charCodeAt(i));
}

/** Only a short single line reads as a setext title; anything longer is prose plus a rule. */
function isSetextTitle(lines: readonly string[]): boolean {
  const t = lines[0]?.trim() ?? '';
  return lines.length === 1 && t.length <= 80 && !/[。．]/.test(t) && !/[！？!?]\s*\S/.test(t);
}

/** Plain heading text: `## A` / `**A**` / `# **A**` → `A`. */
export function headingContent(source: string): string {
  const nl = source.indexOf('\n');
  const line = nl === -1 ? source : source.slice(0, source.lastIndexOf('\n')).replace(/\n/g, ' ');
  // The passes ask for this on every candidate prefix of a flattened paragraph; most have no
  // `#` or `**`, and the closing-`#` pattern (not anchored at the start) is tried only when one is there.
  let t = line.trim();
  if (t.includes('#')) t = t.replace(/^#{1,6}(\s+|$)/, '');
  if (t.includes('#')) t = t.replace(/\s+#+\s*$/, '');
  if (t.includes('**')) t = t.replace(/\*\*/g, '');
  return t.trim();
}

export function headingLevel(line: string): number {
  const m = /^\s{0,3}(#{1,6})(\s|$)/.exec(line);
  return m ? m[1]!.length : 0;
}

/**
 * Split a body into blocks. `firstLine` is the file line of the body's first line, `chunk` the
 * generation chunk it belongs to.
 */
export function parseBlocks(body: string, firstLine: number, chunk: number): Block[] {
  const lines = body.split('\n');
  const blocks: Block[] = [];
  let cur: { kind: BlockKind; lines: string[]; line: number; gap: string } | undefined;
  let blank = 0;
  let seenAny = false;
  let fence: string | undefined;

  const flush = () => {
    if (cur) blocks.push({ kind: cur.kind, text: cur.lines.join('\n'), line: cur.line, chunk, gap: cur.gap });
    cur = undefined;
  };
  const start = (kind: BlockKind, line: string, i: number) => {
    flush();
    cur = { kind, lines: [line], line: firstLine + i, gap: seenAny ? `\n${'\n'.repeat(blank)}` : '' };
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence !== undefined) {
      cur!.lines.push(line);
      const m = FENCE.exec(line);
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1])
        fence = undefined;
      continue;
    }
    if (line.trim() === '') {
      flush();
      blank++;
      continue;
    }
    const continues = blank === 0 && cur !== undefined;
    const last = blocks[blocks.length - 1];
    if (!cur && blank > 0 && last?.kind === 'list' && /^\s{2,}\S/.test(line) && !LIST_ITEM.test(line)) {
      // An indented line after a blank line still belongs to the list item above.
      last.text += `${'\n'.repeat(blank + 1)}${line}`;
      blank = 0;
      continue;
    }
    if (!mayBeMarkup(line)) {
      // Prose: no block syntax can start with this character (most lines of the corpus).
      if (continues && (cur!.kind === 'paragraph' || cur!.kind === 'list' || cur!.kind === 'quote'))
        cur!.lines.push(line);
      else start('paragraph', line, i);
      blank = 0;
      seenAny = true;
      continue;
    }
    const fm = FENCE.exec(line);
    if (fm) {
      start('code', line, i);
      fence = fm[1]!;
    } else if (ATX.test(line) || isBoldLine(line) || isUnspacedHeading(line)) {
      start('heading', line, i);
      flush();
    } else if (continues && cur?.kind === 'paragraph' && SETEXT.test(line) && isSetextTitle(cur.lines)) {
      // `Title\n---` is a setext heading, not a paragraph followed by a rule.
      cur.lines.push(line);
      cur.kind = 'heading';
      flush();
    } else if (continues && cur?.kind === 'paragraph' && /^\s{0,3}=+\s*$/.test(line)) {
      cur.lines.push(line);
    } else if (HR.test(line)) {
      // After prose, `---` is the model's separator; the blank line keeps it from turning the
      // paragraph above into a setext heading when printed.
      if (continues && cur?.kind === 'paragraph') blank = 1;
      start('hr', line, i);
      flush();
    } else if (TABLE.test(line)) {
      if (continues && cur?.kind === 'table') cur.lines.push(line);
      else start('table', line, i);
    } else if (LIST_ITEM.test(line)) {
      if (continues && cur?.kind === 'list') cur.lines.push(line);
      else start('list', line, i);
    } else if (QUOTE.test(line)) {
      if (continues && cur?.kind === 'quote') cur.lines.push(line);
      else start('quote', line, i);
    } else if (continues && (cur!.kind === 'paragraph' || cur!.kind === 'list' || cur!.kind === 'quote')) {
      cur!.lines.push(line);
    } else {
      start('paragraph', line, i);
    }
    blank = 0;
    seenAny = true;
  }
  flush();
  return blocks;
}

/** Print blocks back to Markdown, keeping the original spacing where it is known. */
export function printBlocks(blocks: readonly Block[]): string {
  let out = '';
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    // One blank line at most between blocks: removed lines (a leaked prompt) leave no hole.
    if (i > 0) out += b.gap === '' || b.gap.length > 2 ? '\n\n' : b.gap;
    out += b.kind === 'code' || !hasTrailingBlanks(b.text) ? b.text : b.text.replace(/[ \t]+$/gm, '');
  }
  return out === '' ? '' : `${out}\n`;
}

/**
 * Whether a line of `text` ends in spaces or tabs: a space or tab before a line end as the
 * multiline `$` sees them (\n, \r, U+2028, U+2029) or at the very end. Only the spaces and tabs
 * are looked at, found by `indexOf`: a block has few, and a look at every character cost more.
 */
function hasTrailingBlanks(text: string): boolean {
  return blankAtLineEnd(text, ' ') || blankAtLineEnd(text, '\t');
}

function blankAtLineEnd(text: string, blank: string): boolean {
  for (let i = text.indexOf(blank); i !== -1; i = text.indexOf(blank, i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (i + 1 === text.length || next === 10 || next === 13 || next === 0x2028 || next === 0x2029)
      return true;
  }
  return false;
}
