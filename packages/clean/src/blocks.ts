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

/** Whether the first character of `text` from `from` to `end` after whitespace can open block syntax. */
function mayBeMarkup(text: string, from: number, end: number): boolean {
  let i = from;
  while (i < end && isWhite(text.charCodeAt(i))) i++;
  return i < end && MARKUP_START.has(text.charCodeAt(i));
}

/** Whether `text` from `from` to `end` is only whitespace (what `trim` removes). */
function isBlank(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (!isWhite(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Only a short single line reads as a setext title; anything longer is prose plus a rule. So is
 * a question to the reader with a clause in it (`皆さんは、…どのような未来像を描いていますか？`): the
 * pipeline closes its articles with one and writes `---` right under it as a separator.
 */
function isSetextTitle(line: string): boolean {
  const t = line.trim();
  return (
    t.length <= 80 &&
    !/[。．]/.test(t) &&
    !/[！？!?]\s*\S/.test(t) &&
    !(/[？?！!]$/.test(t) && /[、，]/.test(t))
  );
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
 * generation chunk it belongs to. A block's text is one slice of the body (its lines are
 * contiguous), and a line of prose is judged by its characters in place: most lines are never
 * cut out of the body on their own.
 */
export function parseBlocks(body: string, firstLine: number, chunk: number): Block[] {
  const blocks: Block[] = [];
  /** The open block: its kind, where its first line starts and its last line ends in `body`. */
  let cur:
    | { kind: BlockKind; start: number; end: number; lines: number; line: number; gap: string }
    | undefined;
  let blank = 0;
  let seenAny = false;
  let fence: string | undefined;

  const flush = () => {
    if (cur)
      blocks.push({
        kind: cur.kind,
        text: body.slice(cur.start, cur.end),
        line: cur.line,
        chunk,
        gap: cur.gap,
      });
    cur = undefined;
  };
  const start = (kind: BlockKind, from: number, end: number, i: number) => {
    flush();
    cur = {
      kind,
      start: from,
      end,
      lines: 1,
      line: firstLine + i,
      gap: seenAny ? `\n${'\n'.repeat(blank)}` : '',
    };
  };
  const extend = (end: number) => {
    cur!.end = end;
    cur!.lines++;
  };

  for (let i = 0, from = 0; from <= body.length; i++) {
    let end = body.indexOf('\n', from);
    if (end === -1) end = body.length;
    const at = from;
    from = end + 1;
    if (fence !== undefined) {
      extend(end);
      const line = body.slice(at, end);
      const m = FENCE.exec(line);
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1])
        fence = undefined;
      continue;
    }
    if (isBlank(body, at, end)) {
      flush();
      blank++;
      continue;
    }
    const continues = blank === 0 && cur !== undefined;
    const last = blocks[blocks.length - 1];
    if (!cur && blank > 0 && last?.kind === 'list') {
      const line = body.slice(at, end);
      if (/^\s{2,}\S/.test(line) && !LIST_ITEM.test(line)) {
        // An indented line after a blank line still belongs to the list item above.
        last.text += `${'\n'.repeat(blank + 1)}${line}`;
        blank = 0;
        continue;
      }
    }
    if (!mayBeMarkup(body, at, end)) {
      // Prose: no block syntax can start with this character (most lines of the corpus).
      if (continues && (cur!.kind === 'paragraph' || cur!.kind === 'list' || cur!.kind === 'quote'))
        extend(end);
      else start('paragraph', at, end, i);
      blank = 0;
      seenAny = true;
      continue;
    }
    const line = body.slice(at, end);
    const fm = FENCE.exec(line);
    if (fm) {
      start('code', at, end, i);
      fence = fm[1]!;
    } else if (ATX.test(line) || isBoldLine(line) || isUnspacedHeading(line)) {
      start('heading', at, end, i);
      flush();
    } else if (
      continues &&
      cur?.kind === 'paragraph' &&
      SETEXT.test(line) &&
      cur.lines === 1 &&
      isSetextTitle(body.slice(cur.start, cur.end))
    ) {
      // `Title\n---` is a setext heading, not a paragraph followed by a rule.
      extend(end);
      cur.kind = 'heading';
      flush();
    } else if (continues && cur?.kind === 'paragraph' && /^\s{0,3}=+\s*$/.test(line)) {
      extend(end);
    } else if (HR.test(line)) {
      // After prose, `---` is the model's separator; the blank line keeps it from turning the
      // paragraph above into a setext heading when printed.
      if (continues && cur?.kind === 'paragraph') blank = 1;
      start('hr', at, end, i);
      flush();
    } else if (TABLE.test(line)) {
      if (continues && cur?.kind === 'table') extend(end);
      else start('table', at, end, i);
    } else if (LIST_ITEM.test(line)) {
      if (continues && cur?.kind === 'list') extend(end);
      else start('list', at, end, i);
    } else if (QUOTE.test(line)) {
      if (continues && cur?.kind === 'quote') extend(end);
      else start('quote', at, end, i);
    } else if (continues && (cur!.kind === 'paragraph' || cur!.kind === 'list' || cur!.kind === 'quote')) {
      extend(end);
    } else {
      start('paragraph', at, end, i);
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
