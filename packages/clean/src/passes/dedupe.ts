import { isCompleteSentence } from '@kiji/ja';
import type { Block, BlockKind } from '../blocks.js';
import { headingContent } from '../blocks.js';
import {
  charPairs,
  commonStart,
  countBold,
  endsCleanly,
  isBareLabel,
  isHiragana,
  isKeySpecial,
  isWhite,
  keyOf,
  keyStart,
  quote,
  quoteJoined,
  startsMidSentence,
  startsMidWord,
  stripListMarker,
  withoutLeadingDash,
} from '../text.js';
import { endsInsideOpenBracket } from './chunk-join.js';
import type { PassContext } from './context.js';

/**
 * A sentence of a paragraph, an item of a list, or a whole other block. Every unit is made by
 * `unit` with all fields set, so the merge loop reads one object shape.
 */
interface Unit {
  text: string;
  readonly key: string;
  /** The key's number for the post (`PassContext.idOf`): where `seen` keeps it. */
  readonly id: number;
  /** Whitespace before it in its source block. */
  readonly sep: string;
  /** The unit before it in its source block, to keep the source spacing when still adjacent. */
  readonly prev: Unit | undefined;
  /** A heading flattened into a paragraph (`… **見出し** 本文…`): placed as a heading when new. */
  readonly heading: boolean;
  /** The key with the quotes at its edges ignored, where that differs (see `withoutEdgeQuotes`). */
  readonly bare: string | undefined;
  /** A sentence: its key is `keyOf(text)` and its text is never rewritten, so lookups reuse the key. */
  readonly sentence: boolean;
  /**
   * From a paragraph of one line after a seam, or of one long line: maybe the article flattened by
   * the echo, line breaks lost. The index of its block then, else -1.
   */
  readonly flat: number;
}

function unit(text: string, key: string, id: number, sep: string, prev: Unit | undefined): Unit {
  return { text, key, id, sep, prev, heading: false, bare: undefined, sentence: false, flat: -1 };
}

interface Node {
  readonly kind: BlockKind;
  readonly block: Block;
  readonly units: Unit[];
  next: Node | undefined;
}

/** A sentence and its key (`keyOf`). */
interface Sentence {
  readonly text: string;
  readonly key: string;
}

interface Loc {
  readonly node: Node;
  readonly unit: Unit;
}

/** 「, 『 or “: what opens a paragraph quoted whole (`「文。文。」`). */
function isBlockOpen(c: number): boolean {
  return c === 0x300c || c === 0x300e || c === 0x201c;
}

/** 」, 』 or ”. */
function isBlockClose(c: number): boolean {
  return c === 0x300d || c === 0x300f || c === 0x201d;
}

/** The key of a list, table, code block or quote with no text in it. */
function isEmptyBlockKey(key: string): boolean {
  return key === 'li:' || key === 'table:' || key === 'code:' || key === 'quote:';
}

/** A list item run on after a space, as the echo writes a list on one line. */
const FLATTENED_ITEM_INSIDE = /\s(?:\d{1,2}[.)]|[-*+])[ \t]+\*\*/;

/** A short lead-in ending in `、`, then a flattened list item (`例えば、 * **要点**: 本文。`). */
const LEAD_IN_ITEM = /^([^。！？\n*]{1,30}、)(?=[ \t]+(?:\d{1,2}[.)]|[-*+])[ \t]+\*\*)/;

/** A list marker and a bold label opening a sentence of prose: a flattened list item. */
const FLATTENED_ITEM_START = /^(?:\d{1,2}[.)]|[-*+])[ \t]+\*\*/;

const INLINE_BOLD_HEADING = /^\*\*([^*\n]{2,80})\*\*\s+(?=\S)/;

/** A bold label ending in a colon, then its text on the same line (`**要点**: 本文`, `**要点：** 本文`). */
const FLAT_LABEL = /^(\*\*[^*\n]{2,60}(?:\*\*[:：]|[:：]\*\*))[ \t]+(?=\S)/;

/**
 * A sentence's key with the quotes at its edges ignored: the continuation model re-quotes
 * the paragraph it was given (`本文。` → `「本文。」`), and a quote spanning sentences leaves an
 * opener on the first and a closer on the last.
 */
function withoutEdgeQuotes(k: string): string {
  let a = 0;
  let z = k.length;
  while (a < z && (k[a] === '「' || k[a] === '『' || k[a] === '“')) a++;
  while (z > a && (k[z - 1] === '」' || k[z - 1] === '』' || k[z - 1] === '”')) z--;
  return a === 0 && z === k.length ? k : k.slice(a, z);
}

/** A section's heading written again with `（続き）` ("continued") is the same section. */
function headingKey(text: string): string {
  const content = headingContent(text);
  // The end-anchored pattern is tried at every position; most headings do not say 続き at all.
  return keyOf(content.includes('続き') ? content.replace(/\s*[（(]続き[)）]\s*$/, '') : content);
}

/**
 * Heading keys by their first two characters, or undefined when a heading's key is shorter (then
 * every candidate is checked in full).
 */
function keyStarts(headings: ReadonlySet<string>): ReadonlyMap<string, string[]> | undefined {
  const out = new Map<string, string[]>();
  for (const k of headings) {
    if (k.length < 2) return undefined;
    const start = k.slice(0, 2);
    const list = out.get(start);
    if (list === undefined) out.set(start, [k]);
    else list.push(k);
  }
  return out;
}

/** Length of the whitespace (`\s`, the set `trimStart` removes) that opens `s`, without a match object. */
function leadingSpace(s: string): number {
  let i = 0;
  while (i < s.length && isWhite(s.charCodeAt(i))) i++;
  return i;
}

/** Whether `raw` outside [from, to) holds a space that `trim` removes and `keyOf` keeps. */
function trimsOddSpace(raw: string, from: number, to: number): boolean {
  for (let i = 0; i < from; i++) if (isOddSpace(raw.charCodeAt(i))) return true;
  for (let i = to; i < raw.length; i++) if (isOddSpace(raw.charCodeAt(i))) return true;
  return false;
}

function isOddSpace(c: number): boolean {
  return c === 0x1680 || c === 0x202f || c === 0x205f;
}

/**
 * Whether a known heading can open `window` at one of its first 12 spaces. Without a line break
 * or the odd spaces `trim` removes and `keyOf` keeps (see `keyStart`), the key of each candidate
 * prefix (`keyOf(headingContent(…))`) is a prefix of the key of the whole examined run, so a heading
 * can only match when one is a prefix of the run's key: one scan per sentence start (and one key
 * when its first two characters start a heading) instead of up to twelve keys.
 */
function mayOpenWithHeading(
  text: string,
  from: number,
  to: number,
  scanner: WindowScanner,
  starts: ReadonlyMap<string, string[]> | undefined,
): boolean {
  if (starts === undefined) return true;
  const end = scanner.twelfth(from, to);
  if (end === -1) return false;
  if (scanner.hasSpecial(from, end)) return true;
  const k = keyStart(text, from, end);
  const candidates = k.length >= 2 ? starts.get(k) : undefined;
  if (candidates === undefined) return false;
  const run = keyOf(text.slice(from, end));
  return candidates.some((h) => run.startsWith(h));
}

/**
 * The spaces of one paragraph and its characters that `keyStart` cannot look past, for questions
 * asked at increasing offsets. A search from each offset would rescan long runs of Japanese
 * without spaces for every sentence; this walks the paragraph once.
 */
class WindowScanner {
  private readonly spaces: number[] = [];
  private scanned = 0;
  private next = 0;
  /** A special character (`isKeySpecial`) found, and how far the text is known to have no other. */
  private special = -1;
  private clearTo = 0;
  constructor(private readonly text: string) {}

  /** The position of the last of the first 12 spaces in [from, to), or -1 when there is none. */
  twelfth(from: number, to: number): number {
    while (this.next < this.spaces.length && this.spaces[this.next]! < from) this.next++;
    let end = -1;
    for (let n = 0, k = this.next; n < 12; n++, k++) {
      while (k >= this.spaces.length && this.scanned < this.text.length) this.scan();
      const i = this.spaces[k];
      if (i === undefined || i >= to) break;
      end = i;
    }
    return end;
  }

  /** Whether [from, to) holds a line break or a space `trim` removes and `keyOf` keeps. */
  hasSpecial(from: number, to: number): boolean {
    if (this.special >= from) return this.special < to;
    for (let i = Math.max(from, this.clearTo); i < to; i++) {
      if (isKeySpecial(this.text.charCodeAt(i))) {
        this.special = i;
        this.clearTo = i;
        return true;
      }
    }
    this.clearTo = Math.max(this.clearTo, to);
    return false;
  }

  private scan(): void {
    const i = this.text.indexOf(' ', this.scanned);
    if (i === -1) this.scanned = this.text.length;
    else {
      this.spaces.push(i);
      this.scanned = i + 1;
    }
  }
}

/** Paragraph → sentences (a flattened `**heading** text` is split back into heading + text). */
function paragraphUnits(
  text: string,
  ctx: Pick<PassContext, 'split' | 'keys' | 'ids' | 'idOf'>,
  headings: ReadonlySet<string>,
  headingStarts: ReadonlyMap<string, string[]> | undefined,
  /**
   * A later chunk's, or split from a longer line: the echo is written after a seam (or inside a
   * leaked prompt), and split into several blocks at its headings.
   */
  continuation: boolean,
  blockIndex: number,
): Unit[] {
  const { split } = ctx;
  const units: Unit[] = [];
  const flat = (continuation || text.length > FLAT) && !text.includes('\n') ? blockIndex : -1;
  let sep = '';
  let prev: Unit | undefined;
  /**
   * `rawKey` and `rawId`, when known, are `keyOf(raw)` and its number: the key of the trimmed text
   * too, unless an odd space was trimmed.
   */
  const push = (raw: string, heading = false, rawKey?: string, rawId?: number) => {
    let leadLength = leadingSpace(raw);
    // The echo writes the article's rules inline (`…です。 --- さて、…`): a rule is spacing, not text.
    let rule = false;
    if (flat !== -1 && !heading) {
      const m = FLAT_RULE.exec(raw.slice(leadLength, leadLength + 40));
      if (m) {
        leadLength += m[0].length;
        rule = true;
      }
    }
    const lead = raw.slice(0, leadLength);
    const body = raw.slice(leadLength);
    const trimmed = body.trimEnd();
    if (trimmed === '') {
      // A rule with nothing after it in its piece (`…ですよ。 --- **見出し**`, cut at the heading)
      // leaves only its spacing.
      sep += rule ? lead.slice(0, leadingSpace(lead)) : raw;
      return;
    }
    // A lead-in ending in `、` before the list the echo flattened onto its line (`例えば、 * **要点**:
    // 本文。`): no stop parts them, so they are cut apart here, each matched on its own.
    if (flat !== -1 && !heading && trimmed.includes('**')) {
      const m = LEAD_IN_ITEM.exec(trimmed);
      if (m) {
        push(lead + m[1]!);
        push(trimmed.slice(m[1]!.length) + body.slice(trimmed.length));
        return;
      }
    }
    // A list item the echo flattened into prose (`…分類しています。 1. **許容できないリスク**: 本文。`)
    // is keyed like the item's own sentence, without its marker, so the list it repeats absorbs it.
    const item = !heading && FLATTENED_ITEM_START.test(trimmed);
    // Items with no stop of their own (`- **効果**: 9,000万円 - **コスト**: 3,000万円`) run on in
    // one piece; cut apart, each is matched with the item of the list it repeats. A piece with a
    // stop is a nested list's label and its text, matched as it is.
    if (item && flat !== -1 && !/[。！？]/.test(trimmed)) {
      const next = FLATTENED_ITEM_INSIDE.exec(trimmed);
      if (next !== null) {
        push(lead + trimmed.slice(0, next.index));
        push(trimmed.slice(next.index) + body.slice(trimmed.length));
        return;
      }
    }
    const known =
      !item &&
      rawKey !== undefined &&
      rawId !== undefined &&
      !rule &&
      !trimsOddSpace(raw, leadLength, leadLength + trimmed.length);
    const key = known ? rawKey : keyOf(item ? stripListMarker(trimmed) : trimmed);
    const bare = withoutEdgeQuotes(key);
    const u: Unit = {
      text: trimmed,
      key,
      id: known ? rawId : ctx.idOf(key),
      sep: sep + lead,
      prev,
      heading,
      bare: bare === key ? undefined : bare,
      sentence: !item,
      flat,
    };
    units.push(u);
    prev = u;
    sep = body.slice(trimmed.length);
  };
  // A known heading flattened into the paragraph at a sentence start (`…のです。**見出し？続き**
  // 本文…`, `### 見出し 本文…`, `記事のタイトル 本文…`): cut the paragraph there first, since a
  // heading with `？` in it is itself split by the sentence splitter.
  const segments: { text: string; heading: boolean }[] = [];
  const starts: number[] = [];
  let off = 0;
  for (const piece of split(text)) {
    starts.push(off + leadingSpace(piece));
    off += piece.length;
  }
  // A bold heading also hides after a space mid-sentence in a flattened run (`… = 200% **見出し** 本文`).
  if (text.includes('**')) {
    for (const m of text.matchAll(/\s\*\*[^*\n]{2,80}\*\*\s/g)) starts.push(m.index + 1);
    starts.sort((x, y) => x - y);
  }
  let from = 0;
  const scanner = new WindowScanner(text);
  for (const start of starts) {
    if (start < from) continue;
    // The 200 characters from `start` are examined; slicing them out for every sentence cost more
    // than the checks, so the window is cut only where a heading may open.
    const bold = text.startsWith('**', start);
    let cut = -1;
    const m = bold ? INLINE_BOLD_HEADING.exec(text.slice(start, start + 200)) : null;
    if (m && headings.has(keyOf(m[1]!))) cut = m[0].trimEnd().length;
    else if (mayOpenWithHeading(text, start, Math.min(start + 200, text.length), scanner, headingStarts)) {
      const window = text.slice(start, start + 200);
      let n = 0;
      for (let i = window.indexOf(' '); i !== -1 && n < 12; i = window.indexOf(' ', i + 1), n++) {
        if (headings.has(keyOf(headingContent(window.slice(0, i))))) cut = i;
      }
    }
    if (cut === -1 || text.slice(start + cut).trim() === '') continue;
    if (start > from) segments.push({ text: text.slice(from, start), heading: false });
    segments.push({ text: text.slice(start, start + cut), heading: true });
    from = start + cut;
  }
  if (from === 0) {
    const pieces = split(text);
    const keys = ctx.keys(text);
    const ids = ctx.ids(text);
    const whole = headingInPieces(keys, headings, headingStarts);
    if (whole > 1) push(pieces.slice(0, whole).join(''));
    for (let i = Math.max(whole, 0); i < pieces.length; i++) push(pieces[i]!, false, keys[i], ids[i]);
    return units;
  }
  if (from < text.length) segments.push({ text: text.slice(from), heading: false });
  for (const seg of segments) {
    if (seg.heading) push(seg.text, true);
    else for (const piece of split(seg.text)) push(piece);
  }
  return units;
}

/**
 * How many of the first pieces make up a known title or heading that has a `？` inside
 * (`…の真意とは？その裏側`) and stands as a line of its own: the splitter cut it in two. 0 when none.
 */
function headingInPieces(
  keys: readonly string[],
  headings: ReadonlySet<string>,
  headingStarts: ReadonlyMap<string, string[]> | undefined,
): number {
  const first = keys[0];
  if (first === undefined || keys.length < 2 || first.length < 4) return 0;
  const candidates =
    headingStarts === undefined ? [...headings] : (headingStarts.get(first.slice(0, 2)) ?? []);
  if (!candidates.some((h) => h.length > first.length && h.startsWith(first))) return 0;
  let joined = first;
  for (let j = 1; j < keys.length && joined.length < 120; j++) {
    joined += keys[j]!;
    if (headings.has(joined)) return j + 1;
  }
  return 0;
}

function listUnits(text: string, idOf: PassContext['idOf']): Unit[] {
  const items: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s{0,3}([-*+]|\d{1,9}[.)])(\s|$)/.test(line) || items.length === 0) items.push(line);
    else items[items.length - 1] += `\n${line}`;
  }
  let prev: Unit | undefined;
  // A bare marker (`2.`) is what is left of an item the model never wrote.
  return items
    .filter(
      (t) =>
        stripListMarker(t)
          .replace(/^\s*([-*+]|\d{1,9}[.)])\s*$/, '')
          .trim() !== '',
    )
    .map((t) => {
      const key = `li:${keyOf(stripListMarker(t))}`;
      const u = unit(t, key, idOf(key), '\n', prev);
      prev = u;
      return u;
    });
}

/** A unit with its block and its place in the post (units numbered in order). */
interface Positioned {
  readonly unit: Unit;
  readonly block: number;
  readonly at: number;
}

/**
 * The post's sentences of 5+ characters by the last four characters of their key, and its list
 * items, each in the order of the post.
 */
function tailIndex(allUnits: readonly (readonly Unit[])[]): {
  readonly sentences: ReadonlyMap<string, Positioned[]>;
  readonly items: readonly Positioned[];
} {
  const sentences = new Map<string, Positioned[]>();
  const items: Positioned[] = [];
  let at = 0;
  allUnits.forEach((units, block) => {
    for (const unit of units) {
      at++;
      if (unit.sentence) {
        if (unit.key.length < 5) continue;
        const tail = unit.key.slice(-4);
        const list = sentences.get(tail);
        if (list === undefined) sentences.set(tail, [{ unit, block, at }]);
        else list.push({ unit, block, at });
      } else if (unit.key.startsWith('li:')) items.push({ unit, block, at });
    }
  });
  return { sentences, items };
}

/** `* **要点：** 本文…` → key of `要点：`; items without a bold lead-in have no label. */
function itemLabel(u: Unit): string | undefined {
  const m = /^\*\*([^*]{2,60})\*\*/.exec(stripListMarker(u.text).trim());
  return m ? `lbl:${keyOf(m[1]!)}` : undefined;
}

function unitsOf(
  b: Block,
  ctx: Pick<PassContext, 'split' | 'keys' | 'ids' | 'idOf'>,
  headings: ReadonlySet<string>,
  headingStarts: ReadonlyMap<string, string[]> | undefined,
  /** `headingKey(b.text)` for a heading, computed once by the caller. */
  ownHeadingKey: string | undefined,
  blockIndex: number,
  /** Another block comes from the same source line: a flattened line split at its headings. */
  lineShared: boolean,
): Unit[] {
  const whole = (key: string) => [unit(b.text, key, ctx.idOf(key), '', undefined)];
  switch (b.kind) {
    case 'paragraph':
      return paragraphUnits(b.text, ctx, headings, headingStarts, b.chunk > 0 || lineShared, blockIndex);
    case 'list':
      return listUnits(b.text, ctx.idOf);
    case 'heading':
      return whole(ownHeadingKey ?? headingKey(b.text));
    case 'hr':
      return whole('');
    default:
      return whole(`${b.kind}:${keyOf(b.text)}`);
  }
}

/** A bold label alone, ending in a colon (`**技術者の皆さんへ**:`, `**要点：**`). */
function isLabelLine(text: string): boolean {
  return text.startsWith('**') && /^\*\*[^*\n]+\*\*[:：]$|^\*\*[^*\n]+[:：]\*\*$/.test(text);
}

function joinUnits(node: Node): string {
  let out = '';
  let prev: Unit | undefined;
  for (const u of node.units) {
    if (prev === undefined) out = u.text;
    else if (node.kind === 'list') out += `\n${u.text}`;
    // Also a line break after a label line (`**技術者の皆さんへ**:` + `\n` + `本文`), when the later
    // chunk that writes the text wrote the label again: the label's first copy is the same line.
    else if (u.prev === prev || (u.prev?.key === prev.key && u.sep === '\n' && isLabelLine(prev.text)))
      out += u.sep + u.text;
    else out += (/[A-Za-z0-9.,!?:;)\]]$/.test(prev.text) ? ' ' : '') + u.text;
    prev = u;
  }
  return out;
}

/**
 * One linear merge over the blocks in order, keyed on normalised text: a sentence, item,
 * heading or block already placed is a repeat and only moves the cursor to where it stands; a new
 * one goes right after the cursor, so sentences that exist only in a later, longer version of a
 * paragraph land after the sentence they follow there, and sections that exist only in a later
 * chunk land after the section they follow. The flattened echo of the article is all repeats and
 * disappears the same way, keeping any sentence it alone has.
 */
export function dedupe(blocks: readonly Block[], ctx: PassContext): Block[] {
  const headings = new Set<string>();
  /** A flattened heading placed as new takes the markup of its own line elsewhere (`#### …`). */
  const headingLine = new Map<string, string>();
  const blockHeadingKeys: (string | undefined)[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind !== 'heading') continue;
    const k = headingKey(b.text);
    blockHeadingKeys[i] = k;
    headings.add(k);
    if (!headingLine.has(k) && /^#{1,6}\s[^\n]*$/.test(b.text)) headingLine.set(k, b.text);
  }
  for (const k of ctx.titleKeys) headings.add(k);

  const head: Node = {
    kind: 'hr',
    block: blocks[0] ?? { kind: 'hr', text: '', line: 0, chunk: 0, gap: '' },
    units: [],
    next: undefined,
  };
  let tail = head;
  /** Where each key already stands, by key number; null for the title. */
  const seen: (Loc | null | undefined)[] = [];
  const { idOf } = ctx;
  const isTitle: (boolean | undefined)[] = [];
  for (const k of ctx.titleKeys) {
    seen[idOf(k)] = null;
    isTitle[idOf(k)] = true;
  }
  /**
   * Sentences that may be written again with another ending (see `wordingKey`), by their first
   * characters: the wording is built only for a later sentence that starts the same way.
   */
  const byStart = new Map<number, Loc[]>();
  /** The same sentences by their key without the opener they have (`withoutOpener`). */
  const openerless = new Map<string, Loc>();
  /** Those of them whose opener is a connective (`CONNECTIVE`), which a later copy may swap. */
  const swapped = new Map<string, Loc>();
  /**
   * Items cut off (`**ROI**: (4,000万円 - 1,500万円) ÷ 1,50`) whose label an earlier item has
   * (lists of like cases use the same labels), by label: the copy a later whole one completes.
   */
  let cutItems: Map<string, Loc> | undefined;
  /** The first copy of the labelled list item `u`, by its label. */
  const itemOf = (u: Unit): Loc | undefined => {
    const label = itemLabel(u);
    return label === undefined ? undefined : (seen[idOf(label)] ?? undefined);
  };
  /** Only a later chunk writes a sentence again: one chunk (the check round) asks nothing. */
  const chunked = blocks.some((b) => b.chunk > 0);
  let cursor: Loc | null = null;
  let cursorNode: Node = head;
  /** The node the previous block went into: following it is just the article going on. */
  let lastTouched: Node | undefined;

  /** Chunk openings found to be a continuation appended again in other words: reported as rewordings. */
  const continuedAgain = new Set<Unit>();
  /** Where a sentence already stands, by its key (`keyOf`) or by its key without edge quotes. */
  const seenAs = (key: string): Loc | null | undefined => {
    const hit = seen[idOf(key)];
    if (hit !== undefined) return hit;
    const bare = withoutEdgeQuotes(key);
    return bare === key ? undefined : seen[idOf(bare)];
  };
  const place = (key: string, loc: Loc): void => {
    seen[idOf(key)] = loc;
    const bare = withoutEdgeQuotes(key);
    if (bare !== '' && seen[idOf(bare)] === undefined) seen[idOf(bare)] = loc;
  };
  /**
   * `u` in two where the echo ran one line on into the next (`**要点**: 本文…`): the head, keyed
   * `headKey`, and the rest after it, `sep` apart.
   */
  const splitUnit = (u: Unit, head: string, headKey: string, rest: string, sep: string): [Unit, Unit] => {
    const first: Unit = { ...u, text: head, key: headKey, id: idOf(headKey), bare: undefined };
    const restKey = keyOf(rest);
    return [first, { ...u, text: rest, key: restKey, id: idOf(restKey), sep, prev: first, bare: undefined }];
  };
  /**
   * Whether the copies from `units[from]` on run to the block's end, and the block after, in the
   * same chunk, is text that opens with a new sentence. A heading after the copies starts a section
   * there: they say where it goes.
   */
  const reusedPassage = (
    units: readonly Unit[],
    from: number,
    after: readonly Unit[] | undefined,
    next: Block | undefined,
    chunk: number,
  ): boolean => {
    for (let j = from; j < units.length; j++) if (!lookup(units[j]!)) return false;
    const n = after?.[0];
    return (
      next !== undefined &&
      next.chunk === chunk &&
      next.kind !== 'heading' &&
      n !== undefined &&
      !n.heading &&
      lookup(n) === undefined
    );
  };
  const lookup = (u: Unit): Loc | null | undefined => {
    const key = u.key;
    if (key === '' || isEmptyBlockKey(key)) return undefined;
    // The opening of a chunk appended again after a later seam: it stands in the sentence it completed.
    // A map lookup first: the opening's form is read only for a key that completed a cut.
    if (seen[u.id] === undefined) {
      const completed = ctx.continuations.get(key);
      if (completed !== undefined && (chunkOpenings.has(u) || startsMidWord(u.text))) {
        const hit = seenAs(completed);
        if (hit) return hit;
      }
      // Appended again with a word or two written otherwise (`…技術の確立、真の…` for `…確立が、真の…`):
      // still that continuation, which stands in the sentence it completed. Only where a chunk
      // opened as written: a block a sewn seam left first may be the article's own near-repeat.
      if (completed === undefined && key.length >= 25 && openedAsWritten.has(u)) {
        for (const [opening, whole] of ctx.continuations) {
          if (!continuesAlike(key, opening)) continue;
          const hit = seenAs(whole);
          if (hit) {
            continuedAgain.add(u);
            return hit;
          }
        }
      }
      const whole = completes.get(u) ?? cutCopies.get(u)?.whole;
      const at = whole === undefined ? undefined : seen[whole.id];
      if (at) return at;
    }
    // Headings are short by nature; a section heading is never wanted twice.
    if (key.length >= 8 || key.startsWith('li:') || headings.has(key)) {
      const hit = seen[u.id];
      if (hit !== undefined) return hit;
      // `「本文。」` re-quoting `本文。`, or the other way round.
      const bareHit = u.bare === undefined ? undefined : seen[idOf(u.bare)];
      if (bareHit !== undefined) return bareHit;
      // A list item the echo flattened into prose is the item of the list it repeats, keyed as
      // one, when it has no stop that would match its sentences (`- **効果**: 9,000万円`).
      if (!u.sentence && !u.heading && u.flat !== -1 && !key.startsWith('li:')) {
        const item = seen[idOf(`li:${key}`)];
        if (item !== undefined) return item;
      }
      // The title quoted as a line of its own (`「タイトル」`) is an echo too.
      if (
        key.length >= 3 &&
        (isBlockOpen(key.charCodeAt(0)) || key.charCodeAt(0) === 0x22) /* " */ &&
        (isBlockClose(key.charCodeAt(key.length - 1)) || key.charCodeAt(key.length - 1) === 0x22) &&
        ctx.titleKeys.has(key.slice(1, -1))
      )
        return null;
      // So is the title set off by a dash (`― AppleのA18X、…のか？`).
      const undashed = withoutLeadingDash(key);
      if (undashed !== key && ctx.titleKeys.has(undashed)) return null;
      // A title that itself opens with a quote (`「AI生成コンテンツ」著作権法…`) keeps it in its key.
      if (u.sentence ? isTitle[u.id] === true : ctx.titleKeys.has(keyOf(u.text))) return null;
      // A paragraph re-quoted whole (`「文。文。」`) is one piece to the splitter: it is a repeat
      // when every sentence inside it is.
      if (isBlockOpen(u.text.charCodeAt(0)) && isBlockClose(u.text.charCodeAt(u.text.length - 1))) {
        const inside = ctx.keys(u.text.slice(1, -1)).filter((k) => k !== '');
        let last: Loc | null | undefined;
        for (const k of inside) {
          last = seenAs(k);
          if (last === undefined) return undefined;
        }
        if (inside.length > 1) return last;
      }
      if (u.flat === -1) return undefined;
      // The echo opens with the title, which the splitter may cut at its `？` (`…とは？その…`).
      for (const t of ctx.titleKeys) if (t.length > key.length && t.startsWith(key)) return null;
      return gluedAcrossLines(u);
    }
    return unitAfterCursor()?.key === key ? seen[u.id] : undefined;
  };
  /**
   * Lines of the post by their keys, end to end, where each line's key ends and where each block's
   * lines start: built on first use (only a flattened echo asks).
   */
  let lineKeys:
    | {
        readonly text: string;
        readonly ends: readonly number[];
        readonly starts: readonly number[];
        /** Line ends where a chunk ends: what follows may go on with the same sentence. */
        readonly seams: ReadonlySet<number>;
      }
    | undefined;
  /**
   * The echo joins the article's lines with spaces, so a line with no sentence end (a title, a
   * label, `例えば、` before a list) runs into the next sentence (`その真意と 皆さん、こんにちは。`).
   * Such a piece is a repeat when its key stands across a line break earlier in the post (the echo
   * copies what was written before it) and its part after that break is placed already: where that
   * part stands is where the text is.
   */
  const linesOfPost = () => {
    if (lineKeys === undefined) {
      let text = '';
      const ends: number[] = [];
      const starts: number[] = [];
      // The title stands before the article, as the echo writes it (`タイトル 本文…`).
      for (const k of ctx.titleKeys) {
        text += k;
        ends.push(text.length);
      }
      const seams = new Set<number>();
      blocks.forEach((b, i) => {
        starts.push(text.length);
        for (const line of b.text.split('\n')) {
          text += keyOf(line);
          ends.push(text.length);
        }
        if (blocks[i + 1] !== undefined && blocks[i + 1]!.chunk !== b.chunk) seams.add(text.length);
      });
      lineKeys = { text, ends, starts, seams };
    }
    return lineKeys;
  };
  /** The index of the first line end after offset `at` of the post's line keys. */
  const lineEndAfter = (ends: readonly number[], at: number): number => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /**
   * Whether `key` stands in the post with a line ending after its first `length` characters, not
   * at a seam (where a cut sentence goes on in the next chunk).
   */
  const runsOnAtLineEnd = (key: string, length: number): boolean => {
    const { text, ends, seams } = linesOfPost();
    for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at + 1)) {
      if (ends[lineEndAfter(ends, at)] === at + length && !seams.has(at + length)) return true;
    }
    return false;
  };
  const gluedAcrossLines = (u: Unit): Loc | undefined => {
    // The echo joins lines with a space: a piece is two lines only if the text after one of its
    // spaces is placed already. Checked first, by key, since the search below reads the whole post.
    if (!placedAfterSpace(u.text)) return undefined;
    const { text, ends, starts } = linesOfPost();
    const key = u.key;
    const before = starts[u.flat]! - key.length;
    for (let at = text.indexOf(key); at !== -1 && at <= before; at = text.indexOf(key, at + 1)) {
      // From the first line end after `at`: the piece must run past one.
      for (let i = lineEndAfter(ends, at); i < ends.length && ends[i]! < at + key.length; i++) {
        const after = key.slice(ends[i]! - at);
        // One side at least as long as a sentence worth matching (`タイトル やあ、皆さん。`).
        if (after.length < 8 && ends[i]! - at < 8) continue;
        const hit = seenAs(after);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  const placedAfterSpace = (text: string): boolean => {
    for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) {
      const rest = keyOf(text.slice(i + 1));
      if (rest !== '' && seenAs(rest)) return true;
    }
    return false;
  };
  const unitAfterCursor = (): Unit | undefined => {
    if (cursor) {
      const i = cursor.node.units.indexOf(cursor.unit);
      if (i + 1 < cursor.node.units.length) return cursor.node.units[i + 1];
      return cursor.node.next?.units[0];
    }
    return cursorNode.next?.units[0];
  };
  /** Whether `target` stands within a few units after the cursor: the text is running on. */
  const shortlyAfterCursor = (target: Unit, within = 6): boolean => {
    let node: Node | undefined = cursor ? cursor.node : cursorNode.next;
    let i = cursor ? cursor.node.units.indexOf(cursor.unit) + 1 : 0;
    for (let n = 0; node && n < within; n++) {
      if (i >= node.units.length) {
        node = node.next;
        i = 0;
        if (!node) return false;
      }
      if (node.units[i] === target) return true;
      i++;
    }
    return false;
  };
  /** Whether `a` stands after `b` in the merged article. */
  const comesAfter = (a: Node, b: Node): boolean => {
    for (let n = b.next; n !== undefined; n = n.next) if (n === a) return true;
    return false;
  };
  /**
   * Where a later chunk's new text goes after `node`: past what chunks between the two already put
   * there (an earlier continuation from the same sentence came first).
   */
  const pastEarlierContinuations = (node: Node, chunk: number): Node => {
    let at = node;
    while (at.next !== undefined && at.next.block.chunk > node.block.chunk && at.next.block.chunk < chunk)
      at = at.next;
    return at;
  };
  const insertNode = (after: Node, node: Node) => {
    node.next = after.next;
    after.next = node;
    if (tail === after) tail = node;
  };

  /** Sentences inside a list item: the same text is written as prose in one chunk, a list in another. */
  const itemSentences = (u: Unit): Sentence[] => {
    const out: Sentence[] = [];
    for (const piece of ctx.split(stripListMarker(u.text))) {
      // A known heading used as the item's label (`**2. 専門人材の不足:** 本文。`) is that
      // section's heading again, not part of the sentence.
      const label = /^\*\*([^*\n]{2,80})\*\*\s*(?=\S)/.exec(piece.trim());
      const t = label && headings.has(keyOf(label[1]!)) ? piece.trim().slice(label[0].length) : piece.trim();
      // Labels (`**要点：**`) are not sentences; an item whose sentences all exist is a repeat.
      const key = keyOf(t);
      if (key.length >= 8 && isCompleteSentence(t.replace(/[*_]+$/, ''))) out.push({ text: t, key });
    }
    return out;
  };

  // A run of new blocks is placed after what it follows only when the chunk goes back to known
  // text later (the run fills a gap); a new run with nothing known after it is the article
  // going on, and goes at the end.
  const headingStarts = keyStarts(headings);
  const blocksOnLine = new Map<number, number>();
  for (const b of blocks) blocksOnLine.set(b.line, (blocksOnLine.get(b.line) ?? 0) + 1);
  const allUnits = blocks.map((b, i) =>
    unitsOf(b, ctx, headings, headingStarts, blockHeadingKeys[i], i, blocksOnLine.get(b.line)! > 1),
  );
  /** The first unit of each chunk after the first: where a continuation is appended. */
  const chunkOpenings = new Set<Unit>();
  /** Those of `chunkOpenings` whose block opened its chunk before the seams were sewn. */
  const openedAsWritten = new Set<Unit>();
  /**
   * A chunk opening mid-sentence (`を示唆しています。`), or on 15+ characters, that ends a sentence
   * of the post: the continuation of a cut appended again, after the sentence was written whole.
   * By opening unit.
   */
  const completes = new Map<Unit, Unit>();
  let tails: ReturnType<typeof tailIndex> | undefined;
  const afterComma: [Unit, Unit][] = [];
  for (let i = 1; i < blocks.length; i++) {
    const first = allUnits[i]![0];
    if (first === undefined) continue;
    // Or a paragraph that restarts with dots (`…そして、**CXL**…`) the end of a sentence.
    const restart = first.text.startsWith('…') || first.text.startsWith('...');
    // A rule the model set first (`---` + `ひとりの意識と…`) does not stop its text from opening it.
    const opens =
      blocks[i]!.chunk !== blocks[i - 1]!.chunk ||
      (blocks[i - 1]!.kind === 'hr' && blocks[i]!.chunk !== blocks[i - 2]?.chunk);
    if (opens) {
      chunkOpenings.add(first);
      if (ctx.chunkStarts.has(blocks[i]!.line)) openedAsWritten.add(first);
    } else if (!restart) continue;
    if (blocks[i]!.kind !== 'paragraph' || first.key.length < 4) continue;
    // Or a chunk opening on the end of a longer sentence cut inside a clause, however it starts
    // (`AIの未来にどのような影響を…` of `…その結果が、私たちのAIの未来に…`): 15+ characters are no
    // chance. Not at a clause break: `あなたも…ですが、` + a sentence is the author's own.
    const midClause = !restart && !startsMidSentence(first.text);
    if (midClause && first.key.length < 15) continue;
    // Or a sentence inside a list item (`…課題を生み出すのかを常に意識してください。` in item 1).
    const ends = (x: Unit) =>
      x.key.length > first.key.length &&
      (x.sentence
        ? x.key.endsWith(first.key) &&
          !(midClause && CLAUSE_END.test(x.key.charAt(x.key.length - first.key.length - 1)))
        : x.key.startsWith('li:') && x.key.includes(first.key));
    // The first such sentence or item of the post, outside this block: sentences by their last
    // four characters, so each opening reads only the sentences that may end with it.
    tails ??= tailIndex(allUnits);
    let whole: Positioned | undefined;
    for (const c of tails.sentences.get(first.key.slice(-4)) ?? []) {
      if (c.block !== i && ends(c.unit)) {
        whole = c;
        break;
      }
    }
    for (const c of tails.items) {
      if (whole !== undefined && c.at > whole.at) break;
      if (c.block !== i && ends(c.unit)) {
        whole = c;
        break;
      }
    }
    // At a clause break, only a chunk opening on what a sentence of an earlier paragraph ends with
    // after its `、`, that sentence the paragraph's last (`「すべきこと」と…必要があります。` of `技術の力で
    // …増えるからこそ、「すべきこと」と…必要があります。`): the pipeline went on from inside it, and
    // the chunk's new text follows that sentence there. Left to the cut-off copies when one is.
    if (whole === undefined && midClause && blocks[i]!.chunk !== blocks[i - 1]!.chunk) {
      const n = first.key.length;
      for (const c of tails.sentences.get(first.key.slice(-4)) ?? []) {
        const k = c.unit.key;
        if (
          c.block < i &&
          c.unit.sentence &&
          k.length > n &&
          k.endsWith(first.key) &&
          k.charAt(k.length - n - 1) === '、' &&
          allUnits[c.block]!.at(-1) === c.unit
        ) {
          afterComma.push([first, c.unit]);
          break;
        }
      }
    }
    if (whole !== undefined) completes.set(first, whole.unit);
  }
  const cutCopies = cutCopiesOf(blocks, allUnits, completes, ctx.continuations);
  for (const [u, w] of afterComma) if (!cutCopies.has(u)) completes.set(u, w);
  // Only a cut-off last sentence asks whether it starts a longer one; most posts have none.
  let wholeSentences: ReadonlyMap<string, Unit[]> | undefined;
  let shortStarts: ReadonlyMap<string, Unit[]> | undefined;
  /**
   * Whether `key` is the start of a longer sentence or item of the post. Not of an echo piece that
   * only runs on into the next line's sentence (`（A社 部長）` + ` あなたも…。`): `key` was a whole line.
   */
  const startsWhole = (key: string): boolean => {
    wholeSentences ??= prefixIndex(allUnits, itemSentences);
    const index = wholeSentences;
    const isSentence = (k: string) => index.get(k.slice(0, PREFIX))?.some((c) => textKey(c) === k) === true;
    let candidates: readonly Unit[];
    if (key.length >= PREFIX) candidates = index.get(key.slice(0, PREFIX)) ?? [];
    else {
      shortStarts ??= shortIndex(index);
      candidates = shortStarts.get(key.slice(0, SHORT_CUT)) ?? [];
    }
    return candidates.some((c) => {
      const k = textKey(c);
      if (k.length <= key.length || !k.startsWith(key)) return false;
      return (
        c.flat === -1 ||
        !LINE_END.test(key) ||
        !isSentence(k.slice(key.length)) ||
        !runsOnAtLineEnd(k, key.length)
      );
    });
  };
  /** What a sentence written whole elsewhere has after `key`, its start (see `startsWhole`). */
  const restOfWhole = (key: string): string | undefined => {
    wholeSentences ??= prefixIndex(allUnits, itemSentences);
    for (const c of wholeSentences.get(key.slice(0, PREFIX)) ?? []) {
      const k = textKey(c);
      if (k.length > key.length && k.startsWith(key)) return k.slice(key.length);
    }
    return undefined;
  };
  /**
   * Whether a paragraph of one piece is a clause cut off (see the merge), not a line of its own
   * that the echo ran on to the next paragraph (`…その背景には何があるのか そもそも、…`), nor a
   * sentence broken in two across paragraphs (junk cut out of its middle): then the next
   * paragraph goes on with what the whole sentence has after it.
   */
  const cutLine = (u: Unit, next: Block | undefined): boolean => {
    let rest = restOfWhole(u.key);
    if (rest !== undefined && !cutInClause(u.key, rest)) return false;
    // Or the model began the sentence again with a connective (`技術者の皆さんには、今こそオンデバイス` and
    // further on `そして、技術者の皆さんには、今こそオンデバイスAIの…。`): a restart, wherever the cut fell.
    for (let i = 0; rest === undefined && i < RESTART_OPENERS.length; i++)
      rest = restOfWhole(RESTART_OPENERS[i] + u.key);
    if (rest === undefined) return false;
    return !(next?.kind === 'paragraph' && keyOf(next.text).startsWith(rest.slice(0, PREFIX)));
  };
  const laterAnchor: boolean[] = new Array(blocks.length).fill(false);
  {
    const firstAt: (number | undefined)[] = [];
    const isAnchor: boolean[] = allUnits.map((us, i) => {
      let anchor = false;
      for (const u of us) {
        if (u.key === '' || u.key.length < 8) continue;
        const at = firstAt[u.id];
        if (at === undefined) firstAt[u.id] = i;
        else if (at < i) anchor = true;
      }
      return anchor;
    });
    let any = false;
    for (let i = blocks.length - 1; i >= 0; i--) {
      laterAnchor[i] = any;
      if (isAnchor[i]) any = true;
    }
  }

  /**
   * Whether the rule `blocks[bi]` stands between copies of two blocks that have a rule between them,
   * or after a copy of a block the rule follows, before new text.
   */
  const sameRule = (bi: number): boolean => {
    const before = allUnits[bi - 1];
    const after = allUnits[bi + 1];
    if (before === undefined || after === undefined || before.length === 0 || after.length === 0)
      return false;
    if (blocks[bi - 1]!.chunk !== blocks[bi]!.chunk || blocks[bi + 1]!.chunk !== blocks[bi]!.chunk)
      return false;
    const at = lookup(before[before.length - 1]!);
    const next = lookup(after[0]!);
    const rule = at?.node.next;
    return (
      !!at &&
      at.node.block.chunk < blocks[bi]!.chunk &&
      at.node.units[at.node.units.length - 1] === at.unit &&
      rule?.kind === 'hr' &&
      (next ? rule.next === next.node && next.node.units[0] === next.unit : newAfterRuleCut(next, rule))
    );
  };
  /**
   * The first copy's rule ends its chunk, what followed it cut off at the seam (`---` + `「うちの現場でも、A`),
   * and new text follows this one: the rule follows the same passage.
   */
  const newAfterRuleCut = (next: Loc | null | undefined, rule: Node): boolean =>
    next === undefined && (rule.next === undefined || rule.next.block.chunk !== rule.block.chunk);
  /** Whether a unit of the current block was a copy. */
  let blockHit = false;
  /**
   * Where the cursor stood when the current chunk began, whether the chunk has added text, and
   * whether its first copy was of the article's top (the title or the first block). A chunk of
   * repeats only that echoes the article from the top and is cut off after its first lines says
   * nothing about where the next chunk goes: one that opens with new text goes on from where the
   * cursor stood before it. A chunk that writes a passage again from further down may well be
   * where the next chunk goes on.
   */
  let chunkStart: { cursor: Loc | null; node: Node } | undefined;
  let chunkAdded = false;
  let chunkFollowed = false;
  let inPlace = false;
  let echoesTop: boolean | undefined;
  /** The block before was a later chunk's, and all of it repeats. */
  let lastRepeated = false;
  /**
   * When `u` rewords the sentence at `at` with words the other lacks, or without its stutter, `u`
   * takes the first copy's place (reported); false, and nothing done, otherwise.
   */
  const keepsFuller = (at: Loc, u: Unit, line: number): boolean => {
    const stutter = stutters(at.unit.key, u.key);
    if (!stutter && !writesMore(u.key, at.unit.key)) return false;
    ctx.fixes.push({
      kind: 'reworded-repeat',
      detail: `removed ${quote(at.unit.text, 400)}, written again ${stutter ? 'without the stutter' : 'with more words'} as ${quote(u.text)}`,
      line,
    });
    at.unit.text = u.text;
    return true;
  };
  /** Where the unit after `allUnits[bi][ui]`, in the same block, stands already, if it does. */
  const nextCopyAt = (bi: number, ui: number): Loc | null | undefined => {
    const next = allUnits[bi]![ui + 1];
    if (next === undefined) return undefined;
    // Or a near copy itself: a paragraph written again may reword every sentence but one, or all.
    return (
      lookup(next) ??
      (next.sentence && !next.heading ? nearlyWritten(next.key, blocks[bi]!.chunk) : undefined)
    );
  };
  /**
   * A sentence of an earlier chunk that `key` rewords (`nearCopy`, the same start and end), in
   * one of `nodes` when given.
   */
  const nearlyWritten = (
    key: string,
    chunk: number,
    nodes?: readonly (Node | undefined)[],
  ): Loc | undefined => {
    if (!mayReword(key)) return undefined;
    for (const at of byStart.get(startHash(key)) ?? []) {
      if (at.node.block.chunk >= chunk || (nodes !== undefined && !nodes.includes(at.node))) continue;
      if (endsAlike(at.unit.key, key) && nearCopy(at.unit.key, key)) return at;
    }
    return undefined;
  };
  /**
   * Where a new block goes: after what it follows when its chunk goes back to known text later, or
   * right after the passage its chunk wrote again (`inPlace`), else at the end. A heading the chunk
   * ends on has nothing under it: at the end, where the ending's repair drops it.
   */
  const placeNew = (bi: number, b: Block, heading: boolean): Node => {
    const under = !heading || blocks[bi + 1]?.chunk === b.chunk;
    if (!chunkAdded && chunkFollowed && b.chunk > 0 && under) inPlace = true;
    if (laterAnchor[bi]) return cursorNode;
    return inPlace && under ? pastEarlierContinuations(cursorNode, b.chunk) : tail;
  };
  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi]!;
    const units = allUnits[bi]!;
    if (bi > 0 && b.chunk !== blocks[bi - 1]!.chunk) {
      const opening = units[0];
      if (chunkStart !== undefined && !chunkAdded) {
        // Several such chunks in a row: the cursor from before the first of them. Only when they
        // took it back: repeats of the article's end are where it goes on.
        if (
          echoesTop === true &&
          opening !== undefined &&
          lookup(opening) === undefined &&
          comesAfter(chunkStart.node, cursorNode)
        ) {
          cursor = chunkStart.cursor;
          cursorNode = chunkStart.node;
        }
      } else {
        chunkStart = { cursor, node: cursorNode };
        echoesTop = undefined;
      }
      chunkAdded = false;
      chunkFollowed = false;
      inPlace = false;
    }
    /** The block before, in the same chunk, was all new text. */
    const afterNew = bi > 0 && b.chunk === blocks[bi - 1]!.chunk && !blockHit && allUnits[bi - 1]!.length > 0;
    blockHit = false;
    /** The block's copies are a passage the chunk reuses (see `reusedPassage`): they say nothing of where it is. */
    let reused = false;
    let lastNew: Loc | undefined;
    let lastSeenHere = false;
    /** A list item cut at a seam that this paragraph goes on with (see `completesItem`). */
    let extending: Loc | undefined;
    const dropped: Unit[] = [];
    /** Tails of sentences written whole (see `cutCopiesOf`), reported on their own. */
    const cutDropped: Unit[] = [];
    /** Sentences dropped as another's rewording, with the sentence they repeat. */
    const reworded: [Unit, Unit][] = [];
    let placedEarlier = 0;
    let prevMoved = false;
    /** The unit before in this block was a copy. */
    let prevHit = false;
    /** Where that copy stands. */
    let prevLoc: Loc | null | undefined;
    // A rule in a later chunk that writes a section again, between copies of two blocks whose
    // first copies have a rule between them too (`本文` + `---` + `本文`): that rule again, not a
    // new one.
    if (b.kind === 'hr' && b.chunk > 0 && sameRule(bi)) {
      // New text after it goes after the first copy's rule too, not between the passage and it.
      if (cursorNode.next?.kind === 'hr') cursorNode = cursorNode.next;
      ctx.fixes.push({
        kind: 'duplicate-block',
        detail: 'removed a rule written again with its section',
        line: b.line,
      });
      continue;
    }
    for (let ui = 0; ui < units.length; ui++) {
      const u = units[ui]!;
      const key = u.key;
      // A sentence restarted in place (`常に「なぜこのコードなのか？` + `…常に「なぜこのコードなのか？」…`):
      // the cut-off start goes, the whole sentence stays.
      const following = units[ui + 1];
      if (
        b.kind === 'paragraph' &&
        !u.heading &&
        following !== undefined &&
        key.length >= 8 &&
        sharesPrefix(following.key, key, 8) &&
        restarts(u, following)
      ) {
        dropped.push(u);
        continue;
      }
      // Or restarted as the next paragraph, the word it was cut in written otherwise
      // (`…十年単位でのビ` + `短期的なROIに…十年単位での戦略的投資です。`): the cut-off start goes.
      const next = blocks[bi + 1];
      if (
        b.kind === 'paragraph' &&
        !u.heading &&
        ui > 0 &&
        ui === units.length - 1 &&
        next?.kind === 'paragraph' &&
        !endsCleanly(u.text) &&
        PROSE_END.test(units[ui - 1]!.text) &&
        restartsOtherwise(key, allUnits[bi + 1]?.[0]?.key)
      ) {
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed cut-off sentence ${quote(u.text)} (started again in the next paragraph)`,
          line: b.line,
        });
        continue;
      }
      // The tail of a sentence cut off (see `cutCopiesOf`), where the sentence stands whole.
      const cutOf = seen[u.id] === undefined ? cutCopies.get(u) : undefined;
      // Right before the sentence written whole for the first time (`提供しています。` + `…を提供しています。`).
      if (cutOf !== undefined && following?.key === cutOf.whole.key && seen[cutOf.whole.id] === undefined) {
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed the cut-off copy ${quote(u.text)} of a sentence written whole: ${quote(following.text)}`,
          line: b.line,
        });
        cutDropped.push(u);
        continue;
      }
      let hit = lookup(u);
      // The echo runs a label line onto its text (`**要点**: 本文…。`): where the label stands alone
      // on its line elsewhere, the two are matched apart, the text on the line after the label.
      if (hit === undefined && u.flat !== -1 && u.sentence && u.text.startsWith('**')) {
        const m = FLAT_LABEL.exec(u.text);
        const label = m === null ? undefined : keyOf(m[1]!);
        if (label !== undefined && lookup(unit(m![1]!, label, idOf(label), '', undefined)) !== undefined) {
          units.splice(ui, 1, ...splitUnit(u, m![1]!, label, u.text.slice(m![0].length), '\n'));
          ui--;
          continue;
        }
      }
      // The echo runs the end of a label set in bold on its own line on into the paragraph under it
      // (`…を磨け** 技術者である君たちにとって…`): where that end stands as the label's, the text after
      // it is the paragraph's.
      if (hit === undefined && u.flat !== -1 && u.sentence && !u.text.startsWith('**')) {
        const at = u.text.indexOf('** ');
        const end = at === -1 ? '' : u.text.slice(0, at + 2);
        const endKey = keyOf(end);
        const label = endKey.length >= 8 ? seen[idOf(endKey)] : undefined;
        if (label && isBoldLabel(label.node)) {
          units.splice(ui, 1, ...splitUnit(u, end, endKey, u.text.slice(at + 3), '\n\n'));
          ui--;
          continue;
        }
      }
      // The echo runs a list's last item on into the next paragraph (`- **ROI**: … = 約167% これらの
      // 試算は…。`): where an item of a list stands whole up to a space, the rest is the paragraph's.
      if (
        hit === undefined &&
        u.flat !== -1 &&
        !u.sentence &&
        !u.heading &&
        FLATTENED_ITEM_START.test(u.text)
      ) {
        let split = false;
        for (let at = u.text.indexOf(' ', 3); at !== -1 && !split; at = u.text.indexOf(' ', at + 1)) {
          // A bare label (`* **人材:**`) is an item cut off that this text completes.
          if (isBareLabel(u.text.slice(0, at))) continue;
          const itemKey = keyOf(stripListMarker(u.text.slice(0, at)));
          const rest = u.text.slice(at + 1).trim();
          if (rest === '' || seen[idOf(`li:${itemKey}`)] === undefined) continue;
          const head: Unit = {
            ...u,
            text: u.text.slice(0, at),
            key: itemKey,
            id: idOf(itemKey),
            bare: undefined,
          };
          // The rest may be the next items run on the same way.
          const nextItem = FLATTENED_ITEM_START.test(rest);
          const restKey = keyOf(nextItem ? stripListMarker(rest) : rest);
          const tail: Unit = {
            ...u,
            text: rest,
            key: restKey,
            id: idOf(restKey),
            sep: ' ',
            prev: head,
            bare: undefined,
            sentence: !nextItem,
          };
          units.splice(ui, 1, head, tail);
          split = true;
        }
        if (split) {
          ui--;
          continue;
        }
      }
      // A label the author puts in each section (`**具体的な実装内容**:`), written again in the same
      // chunk before new text, is the article's structure, not a repeat.
      if (
        hit &&
        b.kind === 'paragraph' &&
        units.length === 1 &&
        hit.node.block.chunk === b.chunk &&
        SECTION_LABEL.test(u.text) &&
        allUnits[bi + 1]?.[0] !== undefined &&
        lookup(allUnits[bi + 1]![0]!) === undefined
      )
        hit = undefined;
      // In the echo, a short copy (`やあ、皆さん。`) between copies is one too; standing alone it may be
      // the author saying it again (`君はどう思う？`).
      if (
        hit === undefined &&
        u.flat !== -1 &&
        key !== '' &&
        seen[u.id] !== undefined &&
        (prevHit || (following !== undefined && lookup(following) !== undefined))
      )
        hit = seen[u.id];
      // So is a short paragraph of its own that a later chunk writes again between two blocks it
      // repeats, as a section written again does (`例えば、` between its lead and its list), when its
      // first copy stands between their first copies too.
      else if (
        hit === undefined &&
        lastRepeated &&
        units.length === 1 &&
        b.kind === 'paragraph' &&
        key !== '' &&
        seen[u.id] &&
        seen[u.id]!.node.block.chunk < b.chunk &&
        lookup(allUnits[bi - 1]!.at(-1)!)?.node.next === seen[u.id]!.node &&
        allUnits[bi + 1]?.[0] !== undefined &&
        (lookup(allUnits[bi + 1]![0]!)?.node === seen[u.id]!.node.next ||
          // The list's first item with the same label: cut off at the seam, this copy writes it whole.
          itemOf(allUnits[bi + 1]![0]!)?.node === seen[u.id]!.node.next)
      )
        hit = seen[u.id];
      // A later chunk writes a sentence again with another ending (`…重要です。` / `…重要でしょう。`,
      // `…貢献するだろう。` / `…貢献する。`): the same sentence to a reader.
      // A copy whose ending the model stuttered (`…不可欠ですです。` for `…不可欠です。`).
      if (hit === undefined && u.sentence && key.length >= 8) {
        const once = undoubled(key);
        if (once !== undefined) hit = seenAs(once) ?? undefined;
        // A copy cut right before its stop (`…と、私は信じています` at a chunk's end) of a sentence
        // written whole: the seam repair keeps such a fragment as a sentence, and the merge in a
        // later round would otherwise keep both.
        else if (ui === units.length - 1 && !CLAUSE_END.test(key.charAt(key.length - 1)))
          hit = seenAs(`${key}。`) ?? undefined;
      }
      // A list item written again whole where an earlier copy was made whole another way (the echo
      // completed it, or a later copy replaced it): all its sentences stand in that one item, which
      // says where the list written again is.
      /** The item's sentences, split once for the checks below. */
      let sentencesOfItem: Sentence[] | undefined;
      if (hit === undefined && b.kind === 'list' && b.chunk > 0) {
        sentencesOfItem = itemSentences(u);
        const first = sentencesOfItem[0];
        const at = first === undefined ? undefined : seenAs(first.key);
        if (
          at &&
          at.node.kind === 'list' &&
          at.node.block.chunk < b.chunk &&
          sentencesOfItem.every((t) => seenAs(t.key)?.unit === at.unit)
        )
          hit = at;
      }
      let rewording: Loc | undefined;
      let nearRewording = false;
      if (
        hit === undefined &&
        u.sentence &&
        !u.heading &&
        b.kind === 'paragraph' &&
        b.chunk > 0 &&
        mayReword(key)
      ) {
        const earlier = byStart.get(startHash(key));
        const w = earlier === undefined ? undefined : wordingKey(key);
        if (w !== undefined) {
          for (const at of earlier!) {
            if (at.node.block.chunk >= b.chunk || wordingKey(at.unit.key) !== w) continue;
            hit = rewording = at;
            break;
          }
        }
        // Or a sentence of an earlier chunk written again with a word or two changed (`…構成は大きく
        // 変わり…` / `…構成は劇的に変わり…`) in a paragraph the chunk writes again: the sentence
        // right before or after it in this block is a copy of one in the same paragraph as the
        // earlier sentence. A later chunk writing a section again rewords as it goes, and both
        // copies would read as the same sentence twice. Elsewhere, a near copy is the article's own
        // (it repeats itself a section later); so is one that goes on past the other's end
        // (`…が求められると先ほど述べました。`, a callback).
        /** Where the next unit of this block stands already (`nextCopyAt`), looked up once. */
        let nextLoc: Loc | null | undefined;
        let nextLooked = false;
        const nextAt = () => {
          if (!nextLooked) {
            nextLoc = nextCopyAt(bi, ui);
            nextLooked = true;
          }
          return nextLoc;
        };
        if (rewording === undefined && earlier !== undefined && (prevLoc || nextAt())) {
          const at = nearlyWritten(key, b.chunk, [prevLoc?.node, nextAt()?.node]);
          if (at !== undefined) {
            hit = rewording = at;
            nearRewording = true;
          }
        }
        // Or the same sentence with a connective or lead-in put before it, taken away, or swapped
        // for another connective (`例えば、通勤中に…` / `通勤中に…`, `でも、ここで…` / `しかし、ここで…`):
        // a later chunk writing a passage again links its sentences otherwise, and both would read
        // as one sentence twice. The first copy stays as it is. Only inside a paragraph written
        // again, as above (the sentence next to it is a copy from the same paragraph): elsewhere
        // the introduction may sum up the conclusion in the same words (`個人的には、この波を…`).
        if (rewording === undefined) {
          const rest = withoutOpener(key);
          const at =
            rest === undefined
              ? openerless.get(key)
              : (seenAs(rest) ?? (CONNECTIVE.test(key) ? swapped.get(rest) : undefined));
          const around = at ? [prevLoc?.node, nextAt()?.node] : [];
          if (
            at &&
            at.node.kind === 'paragraph' &&
            at.node.block.chunk < b.chunk &&
            around.includes(at.node)
          ) {
            hit = rewording = at;
            nearRewording = true;
          }
        }
      }
      if (hit && continuedAgain.has(u)) rewording = hit;
      prevHit = hit !== undefined;
      prevLoc = hit;
      // Prose cut off at the end of a paragraph (a chunk stopped mid-sentence and the text went on
      // elsewhere), whose last piece is the start of a sentence written whole elsewhere: the piece
      // goes. Only after a sentence of prose in the same paragraph: a line on its own without an
      // end (a caption, a book's blurb, a title's tagline) is not prose cut off.
      if (
        hit === undefined &&
        b.kind === 'paragraph' &&
        !u.heading &&
        ui > 0 &&
        ui === units.length - 1 &&
        // A short piece ending on `、` or `：` leads in to what follows (`例えば、`).
        (key.length >= PREFIX || (key.length >= SHORT_CUT && !/[、，,：:]$/.test(key))) &&
        !endsCleanly(u.text) &&
        // The brackets after a sentence say who said it (`…ました。」（A社 担当者）`): not cut off.
        !endsCleanly(b.text) &&
        PROSE_END.test(units[ui - 1]!.text) &&
        // Links (a call to action, a source) are kept whole wherever they stand.
        !u.text.includes('](') &&
        // A lead-in to the list below (`例えば、…なら、`) is not cut off.
        blocks[bi + 1]?.kind !== 'list' &&
        // Nor is a label set in bold on its own line (`**技術者へ：AIは「ツール」だ。…を磨け**`): its
        // `**` closes what it opened; the echo runs the next paragraph onto it.
        !isBoldLine(b.text) &&
        startsWhole(key)
      ) {
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed cut-off sentence ${quote(u.text)} (written whole elsewhere)`,
          line: b.line,
        });
        continue;
      }
      // A paragraph that is only such a piece, a clause cut mid-sentence (`もちろん、この…進むわけ`
      // with `…進むわけではないでしょう。` written whole elsewhere): a chunk stopped there and the
      // model wrote the sentence again. Only a long piece with a clause inside it, cut where the
      // sentence cannot end: at a `、`, or before the particle or ending the whole goes on with.
      // A caption, a tagline or the title on its own line may start a sentence written elsewhere
      // (the echo runs the body onto the title), but that sentence goes on with a word of its own.
      if (
        hit === undefined &&
        b.kind === 'paragraph' &&
        !u.heading &&
        ui === 0 &&
        units.length === 1 &&
        key.length >= CUT_LINE &&
        u.text.includes('、') &&
        !endsCleanly(u.text) &&
        !u.text.includes('](') &&
        !u.text.includes('**') &&
        blocks[bi + 1]?.kind !== 'list' &&
        cutLine(u, blocks[bi + 1])
      ) {
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed cut-off sentence ${quote(u.text)} (a paragraph of its own, written whole elsewhere)`,
          line: b.line,
        });
        continue;
      }
      // The same for the last item of a list of prose (`* **要点:** 本文の途`), when the whole of it
      // stands elsewhere (in the echo, or the list written again). Not right before the echo: it
      // completes the item in its place, with the sentences the item has after the cut.
      if (
        hit === undefined &&
        b.kind === 'list' &&
        ui === units.length - 1 &&
        ui > 0 &&
        key.length >= 3 + PREFIX &&
        !endsCleanly(u.text) &&
        units.slice(0, ui).some((x) => PROSE_END.test(x.text.trimEnd())) &&
        !u.text.includes('](') &&
        !(blocks[bi + 1]?.chunk === b.chunk + 1 && (allUnits[bi + 1]?.[0]?.flat ?? -1) !== -1) &&
        startsWhole(key.slice(3))
      ) {
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed cut-off list item ${quote(u.text)} (written whole elsewhere)`,
          line: b.line,
        });
        continue;
      }
      // A link to another post cut before its address (`- [GPT-4o登場！…と未来`), in an echo of the
      // footer, where the post has the link whole: it leads nowhere, and the whole one stands.
      if (
        hit === undefined &&
        b.kind === 'list' &&
        ui === units.length - 1 &&
        CUT_LINK_ITEM.test(u.text) &&
        key.length >= 3 + PREFIX &&
        startsWhole(key.slice(3))
      ) {
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed the link cut before its address ${quote(u.text)} (written whole elsewhere)`,
          line: b.line,
        });
        continue;
      }
      let inner: Sentence[] = [];
      if (hit === undefined && b.kind === 'list') {
        inner = sentencesOfItem ?? itemSentences(u);
        const fresh = inner.filter((t) => seenAs(t.key) === undefined);
        if (inner.length > 0 && fresh.length === 0) {
          dropped.push(u);
          lastNew = undefined;
          continue;
        }
        // The same labelled item (`**要点：**`) written again with more to say: its new sentences
        // join the first copy of the item.
        const label = itemLabel(u);
        let first = label === undefined ? undefined : seen[idOf(label)];
        const cutCopy = label === undefined ? undefined : cutItems?.get(label);
        if (
          cutCopy !== undefined &&
          cutCopy.node.block.chunk < b.chunk &&
          keyOf(stripListMarker(u.text)).startsWith(keyOf(stripListMarker(cutCopy.unit.text)))
        )
          first = cutCopy;
        // A later copy of a labelled item cut off (`1. **要点:** 本文の途`), the item standing whole
        // earlier: a repeat of it.
        if (
          first &&
          first.node.block.chunk < b.chunk &&
          !endsCleanly(u.text) &&
          keyOf(stripListMarker(first.unit.text)).startsWith(keyOf(stripListMarker(u.text)))
        ) {
          dropped.push(u);
          lastNew = undefined;
          continue;
        }
        // Only across chunks: within one, a label like `**克服策:**` is reused on purpose. An item
        // with no sentence to add (a figure: `**ROI**: (4,000万円 - 1,500万円) ÷ 1,500万円…`) only
        // when it writes a cut-off earlier copy whole.
        // A new sentence that rewords one of the first copy's (`…への取り組み。` / `…への取り組みが具体的に
        // どう行われているか。`) is that sentence again. As in prose, the copy with more words inside
        // it is kept in the first one's place, unless a `**` opened inside it and left unclosed
        // (`「機密**情報を…」はもちろんのこと、…`) garbles it.
        if (first && first.node.block.chunk < b.chunk && fresh.length > 0) {
          const own = itemSentences(first.unit);
          for (let k = fresh.length - 1; k >= 0; k--) {
            const t = fresh[k]!;
            const was = own.find((o) => nearCopy(o.key, t.key));
            if (was === undefined) continue;
            fresh.splice(k, 1);
            const at = first.unit.text.indexOf(was.text);
            if (at !== -1 && writesMore(t.key, was.key) && countBold(t.text) % 2 === 0) {
              first.unit.text =
                first.unit.text.slice(0, at) + t.text + first.unit.text.slice(at + was.text.length);
              place(t.key, first);
              ctx.fixes.push({
                kind: 'reworded-repeat',
                detail: `removed ${quote(was.text, 400)}, written again with more words as ${quote(t.text)}`,
                line: b.line,
              });
            } else
              reworded.push([
                { ...u, text: t.text, key: t.key },
                { ...first.unit, text: was.text, key: was.key },
              ]);
          }
          if (fresh.length === 0) {
            dropped.push(u);
            lastNew = undefined;
            continue;
          }
        }
        if (
          first &&
          first.node.block.chunk < b.chunk &&
          (fresh.length > 0 ||
            (!endsCleanly(first.unit.text) &&
              u.text.length > first.unit.text.length &&
              keyOf(stripListMarker(u.text)).startsWith(keyOf(stripListMarker(first.unit.text)))))
        ) {
          // The earlier copy was cut off (`**要点:** 本文の途`) and this one is it whole: it takes its place.
          const earlier = keyOf(stripListMarker(first.unit.text));
          const cut = !endsCleanly(first.unit.text) || isBareLabel(first.unit.text);
          const whole = cut && keyOf(stripListMarker(u.text)).startsWith(earlier);
          first.unit.text = whole
            ? u.text
            : `${first.unit.text.trimEnd()}${fresh.map((t) => t.text).join('')}`;
          for (const t of fresh) place(t.key, first);
          dropped.push(u);
          ctx.fixes.push({
            kind: 'merge-later-version',
            detail: whole
              ? `replaced the cut-off earlier copy of list item ${quote(u.text.split('\n')[0]!, 40)} by this whole one`
              : `added ${fresh.length} new sentence(s) to the earlier copy of list item ${quote(u.text.split('\n')[0]!, 40)}`,
            line: b.line,
          });
          // What comes next in this copy of the list comes after that item.
          cursor = first;
          cursorNode = first.node;
          lastSeenHere = true;
          lastNew = undefined;
          continue;
        }
        if (fresh.length < inner.length) {
          const gone = inner.filter((t) => seenAs(t.key) !== undefined).map((t) => t.text);
          for (const t of gone) u.text = u.text.replace(t, '');
          u.text = u.text
            .replace(/[ \t]+$/gm, '')
            .replace(/\n{2,}/g, '\n')
            .trimEnd();
          ctx.fixes.push({
            kind: 'duplicate-sentences',
            detail: `removed ${gone.length} repeated sentence(s) from a list item: ${quote(gone.join(' '), 80)}`,
            line: b.line,
          });
          inner = fresh;
        }
      }
      if (hit !== undefined) {
        echoesTop ??= hit === null || hit.node === head.next;
        const firstHit = !blockHit;
        blockHit = true;
        extending = undefined;
        if (rewording && nearRewording && keepsFuller(rewording, u, b.line)) {
          seen[u.id] = rewording;
        } else if (rewording) {
          reworded.push([u, rewording.unit]);
          seen[u.id] = rewording;
        } else if (hit !== null && cutOf !== undefined && hit === seen[cutOf.whole.id]) {
          ctx.fixes.push({
            kind: 'truncated-chunk',
            detail: `removed the cut-off copy ${quote(u.text)} of a sentence written whole: ${quote(hit.unit.text)}`,
            line: b.line,
          });
          // Its other copies (in the echo) are repeats of the whole sentence too.
          seen[u.id] = hit;
          cutDropped.push(u);
          // Unless it opens a paragraph written again, it says nothing of where the text is: the
          // whole sentence may stand anywhere (the article's first, for an echo's opening), and
          // what follows the tail goes on as if it were not there.
          if (!cutOf.again) continue;
        } else dropped.push(u);
        // A sentence repeated on its own (the model reuses a line) is dropped without moving the
        // cursor; only block starts, headings and runs of repeats say where we are.
        const next = ui + 1 < units.length ? units[ui + 1] : allUnits[bi + 1]?.[0];
        // Re-emission happens in a later chunk; a repeat within one chunk is the author
        // repeating a line, which must not pull what follows back to the first copy.
        // The title moves the cursor to the top only when the article restarts after it;
        // otherwise it is just dropped (new text after it is not a new introduction).
        const restarts = () => {
          if (next === undefined) return false;
          const n = lookup(next);
          if (!n) return false;
          const saved = cursor;
          const savedNode = cursorNode;
          cursor = null;
          cursorNode = head;
          const near = shortlyAfterCursor(n.unit, 12);
          cursor = saved;
          cursorNode = savedNode;
          return near;
        };
        // A chunk writing new text that ends a new paragraph with sentences of an earlier section
        // (`…新しい文。` + three sentences of section 1) and goes on with new text: the model
        // reused a passage. Following it would carry the rest of the new section into section 1.
        if (hit !== null && firstHit && ui > 0 && afterNew && b.chunk > 0 && b.kind === 'paragraph')
          reused = reusedPassage(units, ui, allUnits[bi + 1], blocks[bi + 1], b.chunk);
        // A rewording says less of where the chunk is than a copy: it leaves the cursor where it is
        // (the sentence it rewords may be the article's own summary of a later section, which would
        // pull the rest of the chunk up there).
        const follows = nearRewording
          ? hit !== null && (hit.unit === cursor?.unit || shortlyAfterCursor(hit.unit))
          : !reused &&
            ((hit === null && restarts()) ||
              (hit !== null && (hit.unit === cursor?.unit || shortlyAfterCursor(hit.unit))) ||
              (hit !== null &&
                hit.node.block.chunk < b.chunk &&
                // A section's heading written again says where the later chunk is, whatever follows it.
                (hit.node.kind === 'heading' ||
                  prevMoved ||
                  (next !== undefined && lookup(next) !== undefined))));
        if (!follows) {
          lastNew = undefined;
          lastSeenHere = false;
          prevMoved = false;
          continue;
        }
        prevMoved = true;
        chunkFollowed = true;
        if (hit === null) {
          cursor = null;
          cursorNode = head;
        } else if (hit.node.kind === 'heading') {
          // A repeated heading restarts its section: what follows it and is new continues the
          // section, so it goes after the section's last block, not between heading and body.
          let end = hit.node;
          while (end.next && end.next.kind !== 'heading') end = end.next;
          cursorNode = end;
          cursor = { node: end, unit: end.units[end.units.length - 1]! };
        } else {
          cursor = hit;
          cursorNode = hit.node;
        }
        lastNew = undefined;
        lastSeenHere = true;
        continue;
      }
      prevMoved = false;
      // The echo flattens a list item cut at a seam and runs on with the rest of it: the item gets
      // its sentence whole, and what follows it in the echo, instead of a paragraph after the list.
      if (b.kind === 'paragraph' && !u.heading && key !== '') {
        // The item the echo had reached, or the next one when the cut came in its first sentence:
        // looked up only when the cursor stands in or right before a list.
        if (
          extending === undefined &&
          cursor &&
          (cursor.node.kind === 'list' || cursor.node.next?.kind === 'list')
        ) {
          const here: Loc = cursor;
          const at = here.node.units.indexOf(here.unit);
          const next: Loc | undefined =
            at + 1 < here.node.units.length
              ? { node: here.node, unit: here.node.units[at + 1]! }
              : here.node.next?.units[0] && { node: here.node.next, unit: here.node.next.units[0] };
          for (const item of [here, next]) {
            if (item?.node.kind !== 'list') continue;
            const whole = completesItem(item.unit.text, u.text, ctx);
            if (whole === undefined) continue;
            ctx.fixes.push({
              kind: 'chunk-join',
              detail: `completed the cut-off list item ${quote(item.unit.text.split('\n').pop()!, 40)} with ${quote(u.text, 40)} from a later chunk`,
              line: b.line,
            });
            item.unit.text = whole;
            extending = item;
            cursor = item;
            cursorNode = item.node;
            seen[u.id] = item;
            break;
          }
          if (extending !== undefined) continue;
        } else if (extending !== undefined && u.sentence) {
          extending.unit.text += u.sep + u.text;
          seen[u.id] = extending;
          continue;
        }
        extending = undefined;
      }
      // A later chunk's new sentence that would stand right next to the sentence it rewords, the
      // same words at both ends and a word or two changed between (`…その真価を存分に発揮するでしょう。`
      // / `…その真価を発揮するでしょう。`): the same sentence twice in a row to a reader.
      if (cursor && lastSeenHere && u.sentence && !u.heading && b.kind === 'paragraph' && key.length >= 25) {
        const after = unitAfterCursor();
        const near = [cursor.unit, after].find((x) => x?.sentence && nearCopy(x.key, key));
        const at =
          near === cursor.unit
            ? cursor
            : near && cursor.node.units.includes(near)
              ? { node: cursor.node, unit: near }
              : undefined;
        // In one chunk too: the sentence before was written again, so this block writes a passage
        // again (an echo the pipeline put inside the chunk it echoes, a paragraph the model wrote
        // twice with no seam between).
        if (at !== undefined && (at.node.block.chunk < b.chunk || at.node.block.line < b.line)) {
          // The copy with words the other lacks inside it (`…治療履歴、さらにはリアルタイムの生体データ
          // など…`) is the one kept, in the first copy's place; not one that only adds an opener
          // (`正直なところ、`).
          // Nor is a copy with a stretch the model stuttered (`インドネネシア`, `eコマモモール`).
          if (!keepsFuller(at, u, b.line)) reworded.push([u, at.unit]);
          seen[u.id] = at;
          continue;
        }
      }
      let loc: Loc;
      const multi = b.kind === 'paragraph' || b.kind === 'list';
      if (u.heading) {
        const text = /^#{1,6}\s/.test(u.text)
          ? u.text
          : (headingLine.get(u.key) ?? `## ${headingContent(u.text)}`);
        const hu = unit(text, u.key, u.id, '', undefined);
        const node: Node = {
          kind: 'heading',
          block: { ...b, kind: 'heading', text },
          units: [hu],
          next: undefined,
        };
        const after = placeNew(bi, b, true);
        if (after !== tail && (after !== lastTouched || after !== cursorNode)) placedEarlier++;
        insertNode(after, node);
        chunkAdded = true;
        if (key !== '') seen[u.id] = { node, unit: hu };
        cursor = { node, unit: hu };
        cursorNode = node;
        lastNew = undefined;
        lastSeenHere = false;
        lastTouched = node;
        continue;
      }
      if (multi && lastNew) {
        const us = lastNew.node.units;
        // Usually the unit placed last ends its node: append without searching the node.
        if (us[us.length - 1] === lastNew.unit) us.push(u);
        else us.splice(us.indexOf(lastNew.unit) + 1, 0, u);
        loc = { node: lastNew.node, unit: u };
      } else if (
        b.kind === 'paragraph' &&
        u.flat !== -1 &&
        lastSeenHere &&
        cursor?.node.kind === 'paragraph' &&
        cursor.node.units[cursor.node.units.length - 1] === cursor.unit &&
        FLATTENED_ITEM_START.test(u.text)
      ) {
        // A list item the echo flattened onto the text before its list, new: the list's first copy was
        // cut off at the seam (`今後、AIは、 * **要点**: 本文。`). It is the list again, under that
        // paragraph, not words of it. An item whose label the post has, with only the ending's
        // modality changed (`…重要になるはずです。` / `…重要になるでしょう。`), is that item again.
        const same = itemOf(u);
        if (same !== undefined) {
          const w = wordingKey(keyOf(stripListMarker(u.text)));
          if (w !== undefined && w === wordingKey(keyOf(stripListMarker(same.unit.text)))) {
            reworded.push([u, same.unit]);
            seen[u.id] = same;
            continue;
          }
        }
        const node: Node = {
          kind: 'list',
          block: { ...b, kind: 'list', gap: '\n\n' },
          units: [u],
          next: undefined,
        };
        insertNode(cursor.node, node);
        loc = { node, unit: u };
        placedEarlier++;
      } else if (
        b.kind === 'paragraph' &&
        u.flat !== -1 &&
        lastSeenHere &&
        cursor?.node.kind === 'list' &&
        FLATTENED_ITEM_START.test(u.text) &&
        (following === undefined || FLATTENED_ITEM_START.test(following.text))
      ) {
        // A new item the echo flattened right after items of a list it repeats (`… * **データ:** …。
        // * **倫理:** …。`): the list's next item, after the one the echo had reached. Only an item
        // of one sentence: with more, the echo may have run the item on into prose.
        const us = cursor.node.units;
        us.splice(us.indexOf(cursor.unit) + 1, 0, u);
        loc = { node: cursor.node, unit: u };
        placedEarlier++;
      } else if (
        b.kind === 'paragraph' &&
        lastSeenHere &&
        cursor !== null &&
        cursor.node.units[cursor.node.units.length - 1] === cursor.unit &&
        isBoldLabel(cursor.node)
      ) {
        // Text after a label set in bold on its own line is the paragraph under it, not more of the
        // label's line.
        const node: Node = { kind: 'paragraph', block: { ...b, gap: '\n\n' }, units: [u], next: undefined };
        insertNode(cursor.node, node);
        loc = { node, unit: u };
        placedEarlier++;
      } else if (multi && lastSeenHere && cursor && cursor.node.kind === b.kind) {
        const us = cursor.node.units;
        us.splice(us.indexOf(cursor.unit) + 1, 0, u);
        loc = { node: cursor.node, unit: u };
        placedEarlier++;
      } else {
        const after = placeNew(bi, b, b.kind === 'heading');
        const node: Node = { kind: b.kind, block: b, units: [u], next: undefined };
        if (after !== tail && (after !== lastTouched || after !== cursorNode)) placedEarlier++;
        insertNode(after, node);
        loc = { node, unit: u };
      }
      if (key !== '') seen[u.id] = loc;
      chunkAdded = true;
      if (chunked && u.sentence && b.kind === 'paragraph' && mayReword(key)) {
        const start = startHash(key);
        const list = byStart.get(start);
        if (list === undefined) byStart.set(start, [loc]);
        else list.push(loc);
        const rest = withoutOpener(key);
        if (rest !== undefined && !openerless.has(rest)) openerless.set(rest, loc);
        if (rest !== undefined && CONNECTIVE.test(key) && !swapped.has(rest)) swapped.set(rest, loc);
      }
      if (u.bare !== undefined && u.bare !== '' && seen[idOf(u.bare)] === undefined) seen[idOf(u.bare)] = loc;
      for (const t of inner) if (seenAs(t.key) === undefined) place(t.key, loc);
      if (b.kind === 'list') {
        const label = itemLabel(u);
        if (label !== undefined && seen[idOf(label)] === undefined) seen[idOf(label)] = loc;
        else if (label !== undefined && !endsCleanly(u.text)) {
          cutItems ??= new Map();
          cutItems.set(label, loc);
        }
      }
      cursor = loc;
      cursorNode = loc.node;
      lastNew = loc;
    }
    if (lastNew) lastTouched = lastNew.node;
    if (dropped.length > 0) report(b, units.length, dropped, ctx);
    lastRepeated = b.chunk > 0 && units.length > 0 && dropped.length === units.length;
    for (const [u, earlier] of reworded) {
      ctx.fixes.push({
        kind: 'reworded-repeat',
        detail: `removed ${quote(u.text, 400)}, written before as ${quote(earlier.text)}`,
        line: b.line,
      });
    }
    if (placedEarlier > 0) {
      const droppedSet = new Set([...dropped, ...cutDropped, ...reworded.map(([u]) => u)]);
      ctx.fixes.push({
        kind: 'merge-later-version',
        detail: `placed ${units.length - droppedSet.size} new ${b.kind === 'paragraph' ? 'sentence(s)' : 'block(s)'} from a later chunk after what they follow there ${quote(units.find((x) => !droppedSet.has(x))?.text ?? '', 40)}`,
        line: b.line,
      });
    }
  }

  const out: Block[] = [];
  for (let n = head.next; n; n = n.next) {
    if (n.units.length === 0) continue;
    const text = n.kind === 'paragraph' || n.kind === 'list' ? joinUnits(n) : n.units[0]!.text;
    let gap = out.length === 0 ? '' : n.block.gap === '' ? '\n\n' : n.block.gap;
    // Prose placed right under a list (its block stood under a heading in the echo) would read as
    // the list's last item going on.
    if (n.kind === 'paragraph' && out[out.length - 1]?.kind === 'list' && !gap.includes('\n\n')) gap = '\n\n';
    out.push({ kind: n.kind, text, line: n.block.line, chunk: n.block.chunk, gap });
  }
  return out;
}

/**
 * The endings a sentence is written again with, politeness and modality only (`です` / `でしょう` /
 * `だ` / `だろう` / `はずだ`, `ません` / `ない`): what is left of the kana before them must match
 * exactly, so a verb spelt otherwise (`秘めています` / `秘ている`) is no rewording.
 */
const AUXILIARY =
  /(?:ではありませんでした|ではありません|ではなかった|ではない|かもしれません|かもしれない|でしょう|だろう|はずです|はずだ|なんです|なんだ|のです|んです|のだ|んだ|ませんでした|ました|ません|ます|でした|です|だった|である|だ)(?:ね|よ)?$/;
/** A negative ending: `ではありません`, `とは言えない` (not `はずだ`). */
const NEGATIVE = /ない|なかった|ません/;
/** An ending a seam garbled (`重要ですです`, `大切ですす`): which copy is right is the seam repair's question. */
const GARBLED = /(..?)\1/;

/**
 * A sentence's words with its ending's politeness and modality left out, and whether that ending
 * is negative: two sentences of 20+ characters that differ only there (`…重要です。` /
 * `…重要でしょう。`, `…大きくなるだろう。` / `…大きくなるはずだ。`) say the same thing. Undefined
 * for short sentences, questions and endings that are not such an auxiliary.
 */
function wordingKey(key: string): string | undefined {
  const end = key.length - 1;
  if (end < 19 || key.charCodeAt(end) !== 0x3002 /* 。 */) return undefined;
  // The kana before the `。`, read backwards: a regex anchored at the end would try every start.
  let from = end;
  while (from > 0 && isKana(key.charCodeAt(from - 1))) from--;
  if (from === end) return undefined;
  const kana = key.slice(from, end);
  const aux = AUXILIARY.exec(kana);
  if (aux === null || GARBLED.test(kana)) return undefined;
  const words = from + aux.index;
  if (words < 16) return undefined;
  return (NEGATIVE.test(aux[0]) ? '-' : '+') + key.slice(0, words);
}

/**
 * A number for the first 12 characters of a key, which find the sentences it may be a rewording
 * of: a number keys the index without a string made for every sentence placed.
 */
function startHash(key: string): number {
  let h = 0;
  for (let i = 0; i < 12; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h;
}

/**
 * `key` without the connective or lead-in before its first comma (`しかし、`, `例えば、`,
 * `技術者としては、`: at most 8 characters), when 20+ characters follow; undefined otherwise.
 */
function withoutOpener(key: string): string | undefined {
  const comma = key.indexOf('、');
  if (comma < 1 || comma > 8) return undefined;
  const rest = key.slice(comma + 1);
  return rest.length >= 20 ? rest : undefined;
}

/**
 * A connective or lead-in opening a sentence, which a later chunk may swap for another (`しかし、` /
 * `でも、`, `また、` / `さらに、`). Only these: the first words before a comma may be the sentence's
 * own subject or the first of a list (`この判決が、` / `この敗訴が、`), another sentence.
 */
const CONNECTIVE =
  /^(?:しかし|でも|ですが|だが|ただ|ただし|また|さらに|そして|一方|一方で|例えば|たとえば|特に|さて|実は|もちろん|正直なところ|個人的には|つまり|なお|結局|結局のところ|だからこそ|同時に|加えて|むしろ|確かに|とはいえ|それでも|そこで|その上で|要するに)、/;

/** Whether `wordingKey` may be defined for `key`: 20+ characters ending in `。`. */
function mayReword(key: string): boolean {
  return key.length >= 20 && key.charCodeAt(key.length - 1) === 0x3002;
}

/**
 * `key` with the one to three characters before its final `。` written once when they are written
 * twice (`…重要ですです。`, `…大切ですす。`), or undefined when they are not.
 */
function undoubled(key: string): string | undefined {
  const end = key.length - 1;
  if (key.charCodeAt(end) !== 0x3002) return undefined;
  // Compared in place: every sentence the merge meets anew asks, and most are not doubled.
  for (let d = 1; d <= 3 && end - 2 * d >= 4; d++) {
    let i = 0;
    while (i < d && key.charCodeAt(end - d + i) === key.charCodeAt(end - 2 * d + i)) i++;
    if (i === d) return `${key.slice(0, end - d)}。`;
  }
  return undefined;
}

/**
 * Whether two sentence keys are one sentence with a word or two changed: 25+ characters each,
 * commas aside the same, or one the other with an opener before it (`しかし、今回の` + `EUの…`),
 * or the same first and last 8 and four in five of their character pairs shared.
 */
function nearCopy(a: string, b: string): boolean {
  if (a.length < 25 || b.length < 25 || a === b) return false;
  const x = a.replace(COMMAS, '');
  const y = b.replace(COMMAS, '');
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (long.length - short.length <= 12 && long.endsWith(short)) return true;
  // One copy goes on past the other's stop with a clause of comment (`…不可欠です。` / `…不可欠ですし、
  // そうあるべきだと私は強く感じています。`): what it says first is the shorter word for word.
  if (
    short.length * 4 >= long.length * 3 &&
    long.startsWith(short.slice(0, -1)) &&
    isHiragana(long.charCodeAt(short.length - 1))
  )
    return true;
  // A kanji written in its other form (`未曾有` / `未曽有`) is the same word; so is a word with a
  // capital only at the start of a sentence (`Interoperability` / `interoperability`).
  if (
    x.length === y.length &&
    (withKanjiFolded(x) === withKanjiFolded(y) || x.toLowerCase() === y.toLowerCase())
  )
    return true;
  // Words set in quotes in one copy only (`「データのバイアスを検出し、それを軽減する」技術` / `データの…技術`).
  if (Math.abs(x.length - y.length) <= 4 && x.replace(QUOTES, '') === y.replace(QUOTES, '')) return true;
  const change = changedStretch(x, y);
  // So is a word turned into Latin letters by the model's slip (`匹敵` / `匹jakan`).
  if (change !== undefined && (rewordsInKana(x, y, change) || figureForVague(change) || garbled(x, change)))
    return true;
  if (!sharesPrefix(x, y, 8)) return false;
  for (let i = 1; i <= 8; i++) if (x.charCodeAt(x.length - i) !== y.charCodeAt(y.length - i)) return false;
  const pairs = charPairs(x);
  const own = charPairs(y);
  let shared = 0;
  for (const p of own) if (pairs.has(p)) shared++;
  return shared / (pairs.size + own.size - shared) >= 0.8;
}

/** Whether two keys end in the same four characters. */
function endsAlike(a: string, b: string): boolean {
  return a.length >= 4 && b.length >= 4 && a.endsWith(b.slice(-4));
}

/**
 * Whether `key`, a rewording of `earlier` (`nearCopy`), has words the other lacks inside it
 * (`…治療履歴、さらにはリアルタイムの生体データなど…`): not one that only adds an opener (`正直なところ、`),
 * nor a stretch the model stuttered (`インドネネシア`).
 */
function writesMore(key: string, earlier: string): boolean {
  return (
    key.length >= earlier.length + 4 &&
    !key.replace(COMMAS, '').endsWith(earlier.replace(COMMAS, '')) &&
    !stutters(key, earlier) &&
    !garbledCopy(key, earlier)
  );
}

/** Whether `key` is `earlier` with a word garbled (`garbled`): the model's slip, not words it added. */
function garbledCopy(key: string, earlier: string): boolean {
  const change = changedStretch(earlier, key);
  return change !== undefined && garbled(key, change);
}

/**
 * Whether the one stretch two keys differ in (`change`, `text` either of them) is a Japanese word
 * in one and Latin letters in the other (`…商用モデルに匹敵する…` / `…匹jakanする…`): one to three
 * kana or kanji turned into lowercase letters, Japanese on both sides of it.
 */
function garbled(text: string, change: Change): boolean {
  const latinInY = /^[a-z]+$/.test(change.midY);
  const latin = latinInY ? change.midY : change.midX;
  const word = latinInY ? change.midX : change.midY;
  return (
    /^[a-z]+$/.test(latin) &&
    /^[\u3040-\u30ff\u4e00-\u9fff]{1,3}$/.test(word) &&
    /[\u3040-\u30ff\u4e00-\u9fff]$/.test(text.slice(0, change.p)) &&
    /^[\u3040-\u30ff\u4e00-\u9fff]/.test(text.slice(text.length - change.s))
  );
}

/**
 * Whether two chunk openings are one continuation written twice (`nearCopy`), the second time
 * with words dropped, added or changed inside it: not two sentences that only end alike, one with
 * an opener and one with the words before a cut (`また、倫理的な…` / `…の進歩と同時に、倫理的な…`).
 */
function continuesAlike(a: string, b: string): boolean {
  if (!nearCopy(a, b)) return false;
  const change = changedStretch(a.replace(COMMAS, ''), b.replace(COMMAS, ''));
  return change === undefined || change.p >= 4 || change.midX === '' || change.midY === '';
}

const COMMAS = /[、，,]/g;
const QUOTES = /[「」『』]/g;

/**
 * Kanji with another form in use for the same word (`曾` / `曽` in `未曾有`, old forms such as `國`,
 * `關`, `髙`), each to the one form: the model writes a sentence again and may spell a word with
 * either. Not characters that differ in meaning.
 */
const KANJI_FORMS: ReadonlyMap<string, string> = new Map(
  '曾曽 國国 學学 體体 關関 會会 發発 與与 戰戦 髙高 﨑崎 嶋島 邊辺 邉辺 澤沢 齋斎 齊斉 濱浜 廣広 惠恵 條条 眞真'
    .split(' ')
    .map((p) => [p[0]!, p[1]!]),
);

function withKanjiFolded(key: string): string {
  let out = '';
  for (const c of key) out += KANJI_FORMS.get(c) ?? c;
  return out;
}

/**
 * Whether two keys (commas removed), parted by `change`, are one sentence with one small stretch
 * written otherwise, where one side of the change is kana alone or nothing: an ending (`増してきます` / `増してくる`,
 * `足りません` / `しすぎることはありません`), a particle (`高精度に` / `高精度で`), an opener
 * (`しかし` / `でも`), or words added (`「週末に旅行に…」`, `…重要ですし、私自身も注目している点です`).
 * A change of words on both sides (`投資家にとって` / `技術者にとって`, parallel sentences an author
 * writes on purpose) is no copy, nor is one that turns the sentence negative.
 */
function rewordsInKana(x: string, y: string, change: Change): boolean {
  const { p, s, midX, midY } = change;
  if (Math.max(midX.length, midY.length) > 16) return false;
  if (!isKanaOnly(midX) && !isKanaOnly(midY)) return false;
  // With the kana around the change: `ありま|す` / `ありま|せん` turns on more than the change itself.
  const around = (k: string) => k.slice(Math.max(0, p - 3), k.length - s + 3);
  return NEGATIVE.test(around(x)) === NEGATIVE.test(around(y));
}

/**
 * Whether two keys (commas removed), parted by `change`, are one sentence but for a figure the
 * pipeline put in for a vague amount (`多くの企業では…` / `75%以上の企業では…`): the same sentence.
 */
function figureForVague({ midX, midY }: Change): boolean {
  return (VAGUE.test(midX) && FIGURE.test(midY)) || (VAGUE.test(midY) && FIGURE.test(midX));
}

/** Where two keys part: `p` characters the same at the start, `s` at the end, and what each has between. */
interface Change {
  readonly p: number;
  readonly s: number;
  readonly midX: string;
  readonly midY: string;
}

/** The `Change` between two keys; undefined when they share less than three quarters of the longer at their ends. */
function changedStretch(x: string, y: string): Change | undefined {
  const min = Math.min(x.length, y.length);
  const p = commonStart(x, y);
  let s = 0;
  while (s < min - p && x.charCodeAt(x.length - 1 - s) === y.charCodeAt(y.length - 1 - s)) s++;
  if ((p + s) * 4 < Math.max(x.length, y.length) * 3) return undefined;
  return { p, s, midX: x.slice(p, x.length - s), midY: y.slice(p, y.length - s) };
}

const VAGUE = /^(?:多く|多数|大半|大多数|ほとんど|一部|数多く)$/;
const FIGURE = /^(?:約)?[0-9.]+%(?:以上|以下|近く|超|程度|も)?$/;

/**
 * Whether `a` is `b` with one stretch written twice in a row (`インドネネシア` / `インドネシア`,
 * `…重要ですです。` / `…重要です。`): a stutter of the model, never how the author spells it.
 */
function stutters(a: string, b: string): boolean {
  const extra = a.length - b.length;
  if (extra < 1 || extra > 3) return false;
  const p = commonStart(a, b);
  // The doubled stretch starts where the copies part, or up to its length before (`ネ|ネシア`).
  for (let at = Math.max(extra, p - extra + 1); at <= p; at++) {
    if (a.startsWith(b.slice(at), at + extra) && a.slice(at - extra, at) === a.slice(at, at + extra))
      return true;
  }
  return false;
}

/** Empty, or hiragana and `ー` alone: an ending, a particle or an opener, never a word that names something. */
function isKanaOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isKana(text.charCodeAt(i))) return false;
  return true;
}

/** What ends a clause or a sentence: a sentence starting after it is no cut-off tail. */
const CLAUSE_END = /[、，,。！？!?」』）)]/;

/** Hiragana and the long-vowel mark. */
function isKana(c: number): boolean {
  return isHiragana(c) || c === 0x30fc;
}

/**
 * The list item `item`, cut mid-sentence, with its cut sentence replaced by `sentence` when that
 * is the same sentence whole (`…スキルセットを` → `…スキルセットをアップデートしていく…。`); else undefined.
 */
function completesItem(item: string, sentence: string, ctx: Pick<PassContext, 'split'>): string | undefined {
  // Items flattened onto one line (`… 9,000万円 - **コスト**: …`) are a list, not this item whole.
  const last = item.slice(item.lastIndexOf('\n') + 1);
  if ((endsCleanly(item) && !isBareLabel(last)) || FLATTENED_ITEM_INSIDE.test(sentence)) return undefined;
  const pieces = ctx.split(item);
  // A stop inside a quote the cut left open ends no sentence (`**提案**: 「…〇〇%です。来週の`).
  let fi = pieces.length - 1;
  while (fi > 0 && endsInsideOpenBracket(pieces[fi - 1]!)) fi--;
  const cut = pieces.slice(fi).join('');
  // Cut in its first sentence, the item's marker is in the piece; the echo may have kept it too.
  const first = fi === 0;
  const text = first ? stripListMarker(sentence) : sentence;
  const cutKey = keyOf(first ? stripListMarker(cut) : cut);
  const key = keyOf(text);
  if (cutKey === '' || key.length <= cutKey.length || !key.startsWith(cutKey)) return undefined;
  const marker = first ? cut.slice(0, cut.length - stripListMarker(cut).length) : '';
  return pieces.slice(0, fi).join('') + marker + text;
}

/** Whether `a` starts with the first `n` characters of `b` (which has at least `n`). */
function sharesPrefix(a: string, b: string, n: number): boolean {
  if (a.length < n) return false;
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** A short bold label that leads into what follows: `**具体的な実装内容**:`, `**克服策:**`. */
const SECTION_LABEL = /^\*\*[^*\n]{1,30}(?:\*\*\s*[:：]|[:：]\*\*)$/;

/** A sentence of prose ends in `。` (titles and taglines end in `？`, `！` or nothing). */
const PROSE_END = /。[」』）)]*(\*\*)?$/;

/** A rule the echo flattened into a line, with the space after it: before more text, or last in its piece. */
const FLAT_RULE = /^(?:-{3,}|\*{3,}|_{3,})(?:\s+(?=\S)|\s*$)/;

/** How a whole line may end without a sentence end (`（A社 部長）`, `ポイント：`); a cut one stops mid-word. */
const LINE_END = /[」』）)】\]：:！？!?…]$/;

/** A paragraph of one line longer than this is read as the article flattened by the echo. */
const FLAT = 600;

/** Characters of a key that find the longer keys it may be the start of. */
const PREFIX = 8;

/** A list item of a link cut before its address: `- [記事の題`. */
const CUT_LINK_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[[^\]]*$/;

/** Connectives the model opens a cut sentence with when it writes it again (see `cutLine`), as keys. */
const RESTART_OPENERS = ['そして、', 'また、', 'さらに、', 'しかし、', '特に、', 'だからこそ、'].map(keyOf);

/** The least a cut-off paragraph of one clause must hold (see the merge): twice a cut prefix. */
const CUT_LINE = 16;

/** Whether `key`, cut where `rest` goes on, stops inside a clause: after `、` or before kana that carries it on. */
function cutInClause(key: string, rest: string): boolean {
  return key.charCodeAt(key.length - 1) === 0x3001 /* 、 */ || isHiragana(rest.charCodeAt(0));
}

/** The keys of the post's sentences and list items, by their first `PREFIX` characters. */
function prefixIndex(
  allUnits: readonly (readonly Unit[])[],
  itemSentences: (u: Unit) => readonly Sentence[],
): ReadonlyMap<string, Unit[]> {
  const index = new Map<string, Unit[]>();
  const add = (key: string, u: Unit) => {
    if (key.length <= PREFIX) return;
    const start = key.slice(0, PREFIX);
    const list = index.get(start);
    if (list === undefined) index.set(start, [u]);
    else list.push(u);
  };
  for (const units of allUnits) {
    for (const u of units) {
      if (!u.key.startsWith('li:')) {
        if (u.sentence) add(u.key, u);
        continue;
      }
      add(u.key.slice(3), u);
      // The item's later sentences too: the echo flattens an item and may be cut inside one.
      const inner = itemSentences(u);
      for (let i = 1; i < inner.length; i++)
        add(inner[i]!.key, { ...u, text: inner[i]!.text, key: inner[i]!.key });
    }
  }
  return index;
}

/**
 * The least a piece cut off at a paragraph's end must hold to be looked up at all (`特に、新`,
 * `デバイスに`): shorter, it is the start of too many sentences to say which it was.
 */
const SHORT_CUT = 3;

/** The units of a `prefixIndex` by their first `SHORT_CUT` characters, for pieces shorter than `PREFIX`. */
function shortIndex(index: ReadonlyMap<string, Unit[]>): ReadonlyMap<string, Unit[]> {
  const short = new Map<string, Unit[]>();
  for (const [start, units] of index) {
    const k = start.slice(0, SHORT_CUT);
    const list = short.get(k);
    if (list === undefined) short.set(k, [...units]);
    else list.push(...units);
  }
  return short;
}

/** The key of a sentence or a list item without its `li:` mark (see `prefixIndex`). */
function textKey(u: Unit): string {
  return u.key.startsWith('li:') ? u.key.slice(3) : u.key;
}

/** `…常に「なぜ？` then `…常に「なぜ？」…`: the first is the second cut off and started again. */
function restarts(cut: Unit, whole: Unit): boolean {
  const a = keyOf(cut.text);
  const b = keyOf(whole.text);
  return b.length > a.length && b.startsWith(a);
}

/**
 * Whether `whole` starts as `cut` does but for its last word's first characters: the sentence cut
 * mid-word and started again. Only a long start: short ones open many sentences alike.
 */
function restartsOtherwise(cut: string, whole: string | undefined): boolean {
  if (whole === undefined || whole.length <= cut.length || cut.length < RESTART + 1) return false;
  return sharesPrefix(whole, cut, Math.max(RESTART, cut.length - 2));
}

/** The least start a cut-off piece and the paragraph restarting it share (see `restartsOtherwise`). */
const RESTART = 12;

/** A sentence's tail standing where the sentence stood whole (see `cutCopiesOf`). */
interface CutCopy {
  readonly whole: Unit;
  /** Opening a paragraph written again: the merge goes on from the whole sentence. */
  readonly again: boolean;
}

/** Characters at the end of a sentence's key that find the longer sentences it may be the tail of. */
const TAIL = 8;

/** Scratch space of `cutCopiesOf`, grown as needed: the merge runs on one post at a time. */
let tailHeads = new Int32Array(1024);
let tailChain = new Int32Array(512);
let tailHashes = new Int32Array(512);
let tailBlocks = new Int32Array(512);
let tailIndexes = new Int32Array(512);

/** A hash of the last `TAIL` characters of `key` (at least that long). */
function tailHash(key: string): number {
  let h = 0;
  for (let i = key.length - TAIL; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h;
}

/**
 * A sentence of a paragraph that is the tail of a sentence written whole elsewhere in the post,
 * standing where the whole one stood: the pipeline cut a chunk's text and wrote it again from
 * inside that sentence (the continuation prompt quotes the article's last characters, and the
 * model starts over from there): `…、あなたはどう捉えていますか？` then a paragraph `あなたはどう
 * 捉えていますか？`; `…を提供` + `提供しています。…を提供しています。`; a paragraph written again
 * without its opener (`正直なところ、X。Y。` → `X。Y。`); the sentence split in two where the echo
 * joined the title and the article with a space (`タイトル 正直なところ、…「ABILI` + `Buddy」を…`).
 *
 * Ending the same way is not enough: authors close on the same words on purpose (`…。あなたはどう
 * 思いますか？` in two sections), and a later version may say a sentence again with fewer words.
 * The tail must stand where its whole copy stood: right after it (across a seam or a rule too),
 * right before a copy of it, right after the rest of it, or opening a paragraph before the same
 * sentence that follows the whole one (`again`: only then is the tail where the text is, so the
 * merge goes on from the whole one). One index on the sentences' last characters: one lookup per
 * sentence, no pairs.
 */
function cutCopiesOf(
  blocks: readonly Block[],
  allUnits: readonly (readonly Unit[])[],
  completes: ReadonlyMap<Unit, Unit>,
  /** Continuations the seam repair joined: their copies are the merge's already (see `lookup`). */
  continuations: ReadonlyMap<string, string>,
): ReadonlyMap<Unit, CutCopy> {
  const out = new Map<Unit, CutCopy>();
  /** The last unit before block `block`, skipping rules. */
  const lastBefore = (block: number): Unit | undefined => {
    for (let j = block - 1; j >= 0; j--) {
      if (blocks[j]!.kind === 'hr') continue;
      const us = allUnits[j]!;
      return us[us.length - 1];
    }
    return undefined;
  };
  /** The unit after the one at `block`/`index` in the post (across blocks), skipping rules. */
  const nextOf = (block: number, index: number): Unit | undefined => {
    const here = allUnits[block]![index + 1];
    if (here !== undefined) return here;
    for (let j = block + 1; j < allUnits.length; j++) {
      if (blocks[j]!.kind === 'hr') continue;
      return allUnits[j]![0];
    }
    return undefined;
  };
  // The sentences of the post chained by a hash of their last `TAIL` characters, in typed arrays
  // reused from post to post (no map, no sliced strings: this runs on every post in every round):
  // `chain` links those of one bucket, latest first; `units` says which sentence each is.
  let total = 0;
  for (const us of allUnits) total += us.length;
  const size = 1 << (32 - Math.clz32(total * 2 + 1));
  if (tailHeads.length < size) tailHeads = new Int32Array(size);
  if (tailChain.length < total) {
    tailChain = new Int32Array(total * 2);
    tailHashes = new Int32Array(total * 2);
    tailBlocks = new Int32Array(total * 2);
    tailIndexes = new Int32Array(total * 2);
  }
  const heads = tailHeads.fill(-1, 0, size);
  const chain = tailChain;
  const hashes = tailHashes;
  const blockOf = tailBlocks;
  const indexOf = tailIndexes;
  const flat: Unit[] = [];
  for (let block = 0; block < allUnits.length; block++) {
    const us = allUnits[block]!;
    for (let at = 0; at < us.length; at++) {
      const unit = us[at]!;
      if (!unit.sentence || unit.key.length < TAIL) continue;
      const h = tailHash(unit.key);
      const slot = h & (size - 1);
      const k = flat.length;
      hashes[k] = h;
      chain[k] = heads[slot]!;
      heads[slot] = k;
      blockOf[k] = block;
      indexOf[k] = at;
      flat.push(unit);
    }
  }
  const n = flat.length;
  for (let c = 0; c < n; c++) {
    const h = hashes[c]!;
    const cut = flat[c]!;
    // Most sentences share their ending with no other, or only with their own copies (the echo).
    let longer = false;
    for (let d = heads[h & (size - 1)]!; d !== -1 && !longer; d = chain[d]!) {
      if (hashes[d] === h && flat[d]!.key.length > cut.key.length) longer = true;
    }
    if (!longer) continue;
    const i = blockOf[c]!;
    const ui = indexOf[c]!;
    if (blocks[i]!.kind !== 'paragraph' || cut.heading || completes.has(cut) || continuations.has(cut.key))
      continue;
    const units = allUnits[i]!;
    const before = ui > 0 ? units[ui - 1] : lastBefore(i);
    const after = nextOf(i, ui);
    // The first whole copy in the post that the tail stands in place of (the chain runs latest first).
    let found: CutCopy | undefined;
    for (let d = heads[h & (size - 1)]!; d !== -1; d = chain[d]!) {
      if (hashes[d] !== h) continue;
      const w = flat[d]!;
      const whole = w.key;
      if (whole.length <= cut.key.length || !whole.endsWith(cut.key)) continue;
      // Quoted whole inside the longer one (`…のあり方を「本文。`): no cut.
      if (isBlockOpen(whole.charCodeAt(whole.length - cut.key.length - 1))) continue;
      const next = nextOf(blockOf[d]!, indexOf[d]!);
      const again =
        ui === 0 &&
        after?.sentence === true &&
        next?.sentence === true &&
        after !== next &&
        after.key.length >= TAIL &&
        after.key === next.key;
      if (
        again ||
        w === before ||
        after?.key === whole ||
        before?.key.endsWith(whole.slice(0, whole.length - cut.key.length)) === true
      )
        found = { whole: w, again };
    }
    if (found !== undefined) out.set(cut, found);
  }
  return out;
}

/** A long single-line paragraph that is mostly sentences already placed: the flattened echo. */
function isEcho(b: Block, total: number, dropped: number): boolean {
  return (
    b.kind === 'paragraph' &&
    b.text.length > 600 &&
    dropped >= 5 &&
    dropped * 5 >= total * 4 &&
    / \S/.test(b.text) &&
    !b.text.includes('\n')
  );
}

function report(b: Block, total: number, dropped: readonly Unit[], ctx: PassContext): void {
  let kind: string;
  if (b.kind === 'heading') kind = 'repeated-heading';
  else if (isEcho(b, total, dropped.length)) kind = 'flattened-echo';
  else if (dropped.length === total)
    kind = b.kind === 'paragraph' ? 'duplicate-paragraph' : 'duplicate-block';
  else kind = b.kind === 'list' ? 'duplicate-items' : 'duplicate-sentences';
  const what =
    kind === 'flattened-echo'
      ? `${dropped.length} sentences echoing the article`
      : `${dropped.length} of ${total}`;
  const text = quoteJoined(
    dropped.map((u) => u.text),
    80,
  );
  ctx.fixes.push({ kind, detail: `removed ${what}: ${text}`, line: b.line });
}

/** A paragraph that is a label set in bold on its own line (`**技術者へ：AIは「ツール」だ。…を磨け**`). */
function isBoldLabel(node: Node): boolean {
  return node.kind === 'paragraph' && node.units.length <= 3 && isBoldLine(joinUnits(node));
}

/** A paragraph that is one bold span and nothing else (`**見出しのような一行**`). */
function isBoldLine(text: string): boolean {
  const t = text.trim();
  return t.length > 4 && t.startsWith('**') && t.endsWith('**') && t.indexOf('**', 2) === t.length - 2;
}
