import { isCompleteSentence } from '@kiji/ja';

/** Whitespace and inline-markup characters that do not make two sentences different. */
const IGNORABLE = new Uint8Array(0x10000);
for (let c = 0; c <= 32; c++) IGNORABLE[c] = 1;
for (const c of [42 /* * */, 96 /* ` */, 95 /* _ */, 126 /* ~ */, 35 /* # */, 62 /* > */, 124 /* | */])
  IGNORABLE[c] = 1;
for (const c of [0xa0, 0x3000, 0xfeff, 0x2028, 0x2029]) IGNORABLE[c] = 1;
for (let c = 0x2000; c <= 0x200b; c++) IGNORABLE[c] = 1;
/** Full-width digits and Latin letters (`レベル４`, `ＡＩ`): read as their ASCII forms (value 2). */
for (let c = 0xff10; c <= 0xff19; c++) IGNORABLE[c] = 2;
for (let c = 0xff21; c <= 0xff3a; c++) IGNORABLE[c] = 2;
for (let c = 0xff41; c <= 0xff5a; c++) IGNORABLE[c] = 2;

/**
 * The identity of a sentence, heading or item for repeat detection: whitespace and inline
 * markup removed, and full-width digits and letters read as ASCII, so the flattened echo (spaces
 * instead of breaks), the bold/plain variants of one sentence and a copy that writes `レベル４` for
 * `レベル4` meet on the same key. The hottest function of the package: one table lookup per
 * character, and no new string at all for the common sentence that has nothing to change (a
 * memo cost more in hashing and GC than it saved).
 */
export function keyOf(text: string): string {
  const n = text.length;
  let i = 0;
  while (i < n && IGNORABLE[text.charCodeAt(i)] === 0) i++;
  let out = text;
  if (i < n) {
    out = text.slice(0, i);
    let start = i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      const kind = IGNORABLE[c];
      if (kind === 0) continue;
      if (i > start) out += text.slice(start, i);
      if (kind === 2) out += String.fromCharCode(c - 0xfee0);
      start = i + 1;
    }
    if (start < n) out += text.slice(start);
  }
  let lead = 0;
  for (;;) {
    const c = out.charCodeAt(lead);
    if (c !== 0x2026 /* … */ && c !== 0x2025 /* ‥ */ && c !== 0x2e /* . */) break;
    lead++;
  }
  return lead > 0 ? out.slice(lead) : out;
}

/** A hiragana letter (ぁ–ゖ). */
export function isHiragana(c: number): boolean {
  return c >= 0x3041 && c <= 0x3096;
}

/** How many characters `a` and `b` share at their start. */
export function commonStart(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The set of pairs of adjacent characters of `text`: how much two texts share, cheaply. */
export function charPairs(text: string): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) pairs.add(text.slice(i, i + 2));
  return pairs;
}

/**
 * The first two characters of `keyOf(text.slice(from, end))` without building the key. The caller
 * must know that slice has no line break or space `trim` removes and `keyOf` keeps (U+1680,
 * U+202F, U+205F; see `isKeySpecial`), where `keyOf(headingContent(x))` and `keyOf(x)` may differ.
 */
export function keyStart(text: string, from: number, end: number): string {
  let first = -1;
  for (let i = from; i < end; i++) {
    let c = text.charCodeAt(i);
    if (IGNORABLE[c] === 1) continue;
    if (IGNORABLE[c] === 2) c -= 0xfee0;
    if (first === -1) {
      // keyOf drops the dots that open the key, not later ones.
      if (c !== 0x2026 && c !== 0x2025 && c !== 0x2e) first = c;
    } else return String.fromCharCode(first, c);
  }
  return first === -1 ? '' : String.fromCharCode(first);
}

/** A line break, or a space that `trim` removes and `keyOf` keeps. */
export function isKeySpecial(c: number): boolean {
  return c === 10 || c === 0x1680 || c === 0x202f || c === 0x205f;
}

/**
 * Characters of text that are not whitespace, counted until there are `stopAt` (the gate needs
 * to know only whether a body reaches its minimum, and most pass it in their first paragraphs).
 */
export function visibleLength(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (let i = 0; i < text.length && n < stopAt; i++) {
    const c = text.charCodeAt(i);
    if (!(c <= 32 || c === 0x3000 || c === 0xa0)) n++;
  }
  return n;
}

/**
 * Markup and line breaks out of an excerpt or lead. The rewrites that scan by `\s` run only when
 * the text has a character all their matches hold: the lead runs to hundreds of characters, and
 * a scan by `\s` costs several times one by `includes`.
 */
export function plainInline(s: string): string {
  let t = s.replace(/\*\*|__|`/g, '');
  if (t.includes('#')) t = t.replace(/(^|\s)#{1,6}\s+/g, '$1');
  if (t.includes('](')) t = t.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  if (t.includes('\n')) t = t.replace(/\s*\n\s*/g, '');
  return t.replace(/\s{2,}/g, ' ').trim();
}

/** Strip a list marker (`- `, `1. `) from an item's first line. */
/**
 * Particles that quote or list what came before (`という`, `といった`, `として`, `との`, `など`, `や、`):
 * no sentence opens with them, so a chunk that does goes on with the cut.
 */
export const QUOTING_PARTICLE = /^(?:と(?:いう|いった|して|の)|など|や[、，])/;

/** Words that open a sentence (`この`, `しかし`), never the rest of one cut after a noun. */
export const SENTENCE_OPENER =
  /^(?:この|その|これ|それ|あの|しかし|そして|したがって|また、|さらに|つまり|例えば|なお|ただし|もちろん|実は|さて|一方|そうすれば|そうなれば)/;

/**
 * Whether `text` goes on with a sentence begun elsewhere: it opens with punctuation
 * (`。`, `、`) or with kana (`を示唆しています。`, `るようになる`) other than a word that opens a
 * sentence (`この…`, `しかし、`).
 */
export function startsMidSentence(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c >= 0x3040 && c <= 0x309f) return !SENTENCE_OPENER.test(text);
  return /^[。、，,．.！？!?」』）)】\]]/.test(text);
}

/**
 * Whether `text` opens with what only goes on with a sentence: a particle or kana that never
 * opens one (`を`, `が`, `に`, `の`, `っ`, `ー`), a verb ending (`している`, `ていく`), or
 * punctuation (`、`, `。`). Narrower than `startsMidSentence`: `あなたも…`, `いやはや、…` open
 * sentences.
 */
export function startsMidWord(text: string): boolean {
  return MID_WORD.test(text);
}

/** The forms of する and the `て` form going on (`している`, `される`, `ていく`) too. */
const MID_WORD =
  /^(?:[をがにのへるれっゃゅょぁぃぅぇぉー、。，）」』]|し(?!たがって)[てたなまよ]|さ[れせ]|て[いおきくしもた])/;

/** A list item that is its bold label and colon alone (`* **要点**：`, `1. **要点:**`): its text is still to come. */
export function isBareLabel(item: string): boolean {
  return BARE_LABEL.test(item);
}

const BARE_LABEL = /^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\*\*[^*\n]+(?:\*\*\s*[:：]|[:：]\s*\*\*)\s*$/;

export function stripListMarker(item: string): string {
  return item.replace(/^\s{0,3}([-*+]|\d{1,9}[.)])\s+/, '');
}

/**
 * Whether a paragraph may stop here: a complete sentence, or a lead-in to what follows
 * (`以下の通りです：`). Used at generation seams, where anything else was cut off. It looks at the
 * end by index: an end-anchored regex is tried at every position of a long paragraph.
 */

/**
 * Whether the first `**` of `t` closes a bold opened in the chunk before: after some text, inside
 * the first sentence or right after its end (`）**の役割は…`, `…のか？** 本文`), not opening one.
 */
function closesCarriedBold(t: string): boolean {
  const bold = t.indexOf('**');
  if (bold <= 0) return false;
  const end = t.search(/[。！？]/);
  if (end === -1 || bold < end) return true;
  return bold === end + 1 && /^\*\*(\s|$)/.test(t.slice(bold));
}

export function endsCleanly(text: string): boolean {
  const t = text.trimEnd();
  if (t === '') return true;
  // A kramdown attribute list closing the block (`[お問い合わせ](/contact/)` + `{: .cta-link}`) is
  // the blog's markup, not a sentence cut off.
  if (t.endsWith('}') && attributeList(t.slice(t.lastIndexOf('\n') + 1)) !== undefined) return true;
  // An odd `**` is left open, unless the paragraph closes one a cut chunk opened (`）**の役割は…`).
  if (countBold(t) % 2 === 1 && !closesCarriedBold(t)) return false;
  let end = t.length;
  while (end > 0 && (t.charCodeAt(end - 1) === 42 /* * */ || t.charCodeAt(end - 1) === 95) /* _ */) end--;
  const plain = t.slice(0, end).trimEnd();
  // A figure cut at its decimal point (`…「GPT-5.` + `5」や…`) ends no sentence.
  if (plain.endsWith('.') && isDigit(plain.charCodeAt(plain.length - 2))) return false;
  return (
    isCompleteSentence(plain) ||
    softEnd(t) ||
    (plain.endsWith(')') && plain.includes('](')) ||
    endsWithAttribution(plain)
  );
}

/**
 * Who said it or where it is from, in brackets after a sentence or a quote ends (`…ました。」（A社
 * 生産管理部 担当者）`): the paragraph is whole. Found by index, as `endsCleanly` must be.
 */
function endsWithAttribution(t: string): boolean {
  const last = t.charCodeAt(t.length - 1);
  if (last !== 0xff09 /* ） */ && last !== 0x29 /* ) */) return false;
  const open = Math.max(t.lastIndexOf('（'), t.lastIndexOf('('));
  if (open <= 0 || t.length - open > 40) return false;
  const inner = t.slice(open + 1, -1);
  if (inner.includes('（') || inner.includes('(') || inner.includes('。')) return false;
  let e = open;
  while (e > 0 && isWhite(t.charCodeAt(e - 1))) e--;
  // After a quote, only one that ends a sentence: `「用語」（説明）` glosses a term mid-sentence.
  if (t.charAt(e - 1) === '」' || t.charAt(e - 1) === '』') e--;
  return e > 0 && '。．！？!?'.includes(t.charAt(e - 1));
}

const ATTRIBUTE_LIST = /^[ \t]*\{:([^{}\n]*)\}$/;

/**
 * What a line that is only a kramdown attribute list holds (`{: .consulting-cta-link}` →
 * ` .consulting-cta-link`), or undefined for any other line.
 */
export function attributeList(line: string): string | undefined {
  return ATTRIBUTE_LIST.exec(line)?.[1];
}

/** `/[：:…]\s*(\*\*)?\s*$/`: a colon or ellipsis at the end, perhaps inside a closing `**`. */
function softEnd(t: string): boolean {
  let e = t.length;
  while (e > 0 && isWhite(t.charCodeAt(e - 1))) e--;
  if (e >= 2 && t.charCodeAt(e - 1) === 42 && t.charCodeAt(e - 2) === 42) {
    e -= 2;
    while (e > 0 && isWhite(t.charCodeAt(e - 1))) e--;
  }
  const c = t.charCodeAt(e - 1);
  // Dots trail off a paragraph, but not inside a quote the cut left open (`最初は「またEUの厳しい規制か…`).
  if (c === 0x2026 /* … */) return t.lastIndexOf('「', e) <= t.lastIndexOf('」', e);
  if (c !== 0xff1a /* ： */ && c !== 0x3a /* : */) return false;
  // Not inside a bracket the cut left open (`…LTV（Life Time Value：`): a gloss goes on.
  return (
    Math.max(t.lastIndexOf('（', e), t.lastIndexOf('(', e)) <=
    Math.max(t.lastIndexOf('）', e), t.lastIndexOf(')', e))
  );
}

export function countBold(text: string): number {
  let n = 0;
  let i = text.indexOf('**');
  while (i !== -1) {
    n++;
    i = text.indexOf('**', i + 2);
  }
  return n;
}

/** Shorten a quote for a fix detail, keeping both ends readable. */
export function quote(text: string, max = 60): string {
  const half = Math.floor((max - 1) / 2);
  // A removed echo can be many kilobytes: collapse only as much of each end as is shown.
  if (text.length > 4 * max && countVisible(text, max) > max)
    return `「${head(text, half)}…${tail(text, half)}」`;
  const t = collapse(text).trim();
  if (t.length <= max) return `「${t}」`;
  return `「${t.slice(0, half)}…${t.slice(-half)}」`;
}

/** What `String.prototype.trim` and `\s` take as whitespace, taken from `trim` itself. */
/**
 * `key` without the dashes that set a line off (`― タイトル`, the echo's way of writing the
 * title), or `key` itself when it opens with none: asked of every unit the merge looks up.
 */
export function withoutLeadingDash(key: string): string {
  let i = 0;
  while (key.charCodeAt(i) === 0x2015 /* ― */ || key.charCodeAt(i) === 0x2014 /* — */) i++;
  return i === 0 ? key : key.slice(i);
}

const WHITE = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) if (String.fromCharCode(c).trim() === '') WHITE[c] = 1;

export function isWhite(c: number): boolean {
  return WHITE[c] === 1;
}

/**
 * `text.replace(/\s+/g, ' ')` by the `trim` table: the regex's test for `\s` cost more per
 * character, and fix details are quoted by the thousand (a new string only where one changes).
 */
export function collapse(text: string): string {
  const n = text.length;
  let out = '';
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (WHITE[text.charCodeAt(i)] === 0) continue;
    let j = i + 1;
    while (j < n && WHITE[text.charCodeAt(j)] === 1) j++;
    // A lone space stays as it is.
    if (j - i > 1 || text.charCodeAt(i) !== 32) {
      out += `${text.slice(start, i)} `;
      start = j;
    }
    i = j - 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/**
 * `quote(parts.join(' '), max)` without joining a long list (a removed echo has hundreds of
 * sentences): only as many parts from each end are joined as the shown ends need. A run with at
 * least `n` visible characters gives the same first (or last) `n` collapsed characters as the whole.
 */
export function quoteJoined(parts: readonly string[], max = 60): string {
  let length = parts.length - 1;
  for (const part of parts) length += part.length;
  if (length <= 4 * max) return quote(parts.join(' '), max);
  const half = Math.floor((max - 1) / 2);
  let front = 0;
  let visible = 0;
  while (front < parts.length && visible <= max) visible += countVisible(parts[front++]!);
  if (front === parts.length) return quote(parts.join(' '), max);
  let back = parts.length;
  visible = 0;
  while (back > front && visible < half) visible += countVisible(parts[--back]!);
  if (visible < half) return quote(parts.join(' '), max);
  const start = parts.slice(0, front).join(' ');
  const end = parts.slice(back).join(' ');
  return `「${head(start, half)}…${tail(end, half)}」`;
}

/**
 * Characters of `text` that are not whitespace, counted until there are more than `stopAbove`:
 * more than `max` means the collapsed form is longer than `max`.
 */
function countVisible(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= stopAbove; i++) if (!isWhite(text.charCodeAt(i))) n++;
  return n;
}

/** The first `n` characters of `text.replace(/\s+/g, ' ').trim()`, which is longer than `n`. */
function head(text: string, n: number): string {
  let i = 0;
  while (isWhite(text.charCodeAt(i))) i++;
  const start = i;
  for (let count = 0; count < n; count++) {
    if (isWhite(text.charCodeAt(i))) while (isWhite(text.charCodeAt(i))) i++;
    else i++;
  }
  return collapse(text.slice(start, i));
}

/** The last `n` characters of `text.replace(/\s+/g, ' ').trim()`, which is longer than `n`. */
function tail(text: string, n: number): string {
  let i = text.length - 1;
  while (isWhite(text.charCodeAt(i))) i--;
  const end = i + 1;
  for (let count = 0; count < n; count++) {
    if (isWhite(text.charCodeAt(i))) while (isWhite(text.charCodeAt(i))) i--;
    else i--;
  }
  return collapse(text.slice(i + 1, end));
}

function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}
