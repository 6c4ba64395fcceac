/**
 * `parseBlocks` as it was before it was made faster (the body split into lines, each block's
 * lines joined back), kept as the definition the fast one is tested against. A rule changed
 * there must be changed here too.
 */
import { type Block, type BlockKind, isBoldLine, isUnspacedHeading } from '../../src/blocks.js';
import { isWhite } from '../../src/text.js';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ATX = /^\s{0,3}#{1,6}(\s|$)/;
const HR = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)/;
const TABLE = /^\s{0,3}\|/;
const QUOTE = /^\s{0,3}>/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;

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
  return (
    lines.length === 1 &&
    t.length <= 80 &&
    !/[。．]/.test(t) &&
    !/[！？!?]\s*\S/.test(t) &&
    !(/[？?！!]$/.test(t) && /[、，]/.test(t))
  );
}

/**
 * Split a body into blocks. `firstLine` is the file line of the body's first line, `chunk` the
 * generation chunk it belongs to.
 */
export function parseBlocksReference(body: string, firstLine: number, chunk: number): Block[] {
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
