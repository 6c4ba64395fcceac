import { positiveOption } from './errors.js';

// Sentence splitting for Japanese prose with Latin words, numbers and URLs mixed in.
// Rules (documented in the README, proven in sentences.test.ts):
// 1. A sentence ends after a run of 。！？!?． plus any closing brackets/quotes that follow it,
//    and after a line break. Whitespace after the end stays with the sentence, so the pieces
//    join back to the input exactly.
// 2. A terminator inside brackets that are closed on the same line within 80 characters
//    (「そうだ。」と彼は言った。) does not end the outer sentence; a longer span is quoted prose whose
//    sentences are split as usual. When the closing bracket comes right after the terminator,
//    the sentence ends there unless a particle follows (と, って, など, …), which means the quote
//    is part of a longer sentence, or another quote opens right after a `！` or `？` (a list of
//    quoted questions: `「…か？」「…か？」と問う`). Brackets never closed on their line (a chunk cut
//    mid-quote) are ignored, so one stray 「 cannot swallow a paragraph.
// 3. ASCII `!` `?` `.` end a sentence only before whitespace, the end, or non-ASCII text; `.` also
//    not in decimals (3.5), single-letter abbreviations (U.S., e.g.), a few titles (Dr., Inc.),
//    list and heading numbers (`1. `, `### 6. `) or ellipses (`...`). `…` never ends a sentence.
//    URLs are skipped whole, up to a `)` that closes a Markdown link.
// 4. A `**` right after the terminator closes bold opened earlier on the line and stays with it.

const OPEN_TO_CLOSE: ReadonlyMap<number, number> = new Map(
  [
    ['「', '」'],
    ['『', '』'],
    ['（', '）'],
    ['(', ')'],
    ['【', '】'],
    ['〔', '〕'],
    ['［', '］'],
    ['[', ']'],
    ['〈', '〉'],
    ['《', '》'],
    ['“', '”'],
    ['‘', '’'],
  ].map(([o, c]) => [o!.charCodeAt(0), c!.charCodeAt(0)]),
);
const CLOSERS = new Set<number>([...OPEN_TO_CLOSE.values(), 0x22 /* " */, 0x27 /* ' */, 0xbb /* » */]);

const CJK_TERMINATORS = new Set<number>([0x3002 /* 。 */, 0xff01 /* ！ */, 0xff1f /* ？ */, 0xff0e /* ． */]);
const BANG = 0x21;
const QUESTION = 0x3f;
const DOT = 0x2e;
const NL = 0x0a;
const STAR = 0x2a;

// Words that end in a dot without ending the sentence. Kept short on purpose: a false "no split"
// merges two sentences, which is safer downstream than cutting one in two.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'vs',
  'etc',
  'no',
  'fig',
  'vol',
  'inc',
  'ltd',
  'corp',
  'co',
  'approx',
]);

// After a quote that ends in a terminator, these mean the sentence goes on (「…。」と述べた).
const CONTINUATIONS = [
  'と',
  'って',
  'など',
  'の',
  'を',
  'が',
  'は',
  'も',
  'に',
  'で',
  'や',
  'か',
  'へ',
  'より',
  'まで',
  // Quoting what people say (`「…が劇的に向上！」なんてニュース`, `「…！」みたいな見出し`).
  'なんて',
  'なんか',
  'みたい',
  '、',
  '，',
  ',',
];

function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0d ||
    c === 0x0a ||
    c === 0x3000 ||
    c === 0xa0 ||
    c === 0x0c ||
    c === 0x0b
  );
}

function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

/** `！` `？` `!` `?`. */
function isMark(c: number): boolean {
  return c === 0xff01 || c === 0xff1f || c === BANG || c === QUESTION;
}

/** `「` or `『`. */
function opensQuote(c: number): boolean {
  return c === 0x300c || c === 0x300e;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

// One lookup per character: almost all text is PLAIN and skipped at once.
const PLAIN = 0;
const NEWLINE = 1;
const OPEN = 2;
const CLOSE = 3;
const TERM = 4; // 。！？． ! ?
const DOT_KIND = 5;
const STAR_KIND = 6;
const COLON = 7; // a possible `http://`
const KIND = new Uint8Array(0x10000);
KIND[NL] = NEWLINE;
for (const c of OPEN_TO_CLOSE.keys()) KIND[c] = OPEN;
for (const c of CLOSERS) KIND[c] = CLOSE;
for (const c of CJK_TERMINATORS) KIND[c] = TERM;
KIND[BANG] = TERM;
KIND[QUESTION] = TERM;
KIND[DOT] = DOT_KIND;
KIND[STAR] = STAR_KIND;
KIND[0x3a] = COLON;

// Longest bracketed span (UTF-16 units, brackets included) whose terminators stay inside one sentence.
const MAX_QUOTE = 80;

// Scratch space for `matchBrackets`, reused across calls: a fresh zeroed array per paragraph cost
// as much as the split itself. Only the marked positions are cleared afterwards.
let marks = new Uint8Array(4096);
const marked: number[] = [];
const openers: number[] = [];

/**
 * Marks (in `marks`) brackets that are closed on their own line; unmatched ones take no part in
 * nesting. Returns whether any was marked; the caller clears them with `clearMarks`.
 */
function matchBrackets(text: string): boolean {
  if (marks.length < text.length) marks = new Uint8Array(Math.max(text.length, marks.length * 2));
  openers.length = 0;
  for (let i = 0; i < text.length; i++) {
    const kind = KIND[text.charCodeAt(i)];
    if (kind === NEWLINE) openers.length = 0;
    else if (kind === OPEN) openers.push(i);
    else if (kind === CLOSE && openers.length > 0) {
      const c = text.charCodeAt(i);
      // The nearest opener of this kind closes; openers above it were never closed.
      for (let s = openers.length - 1; s >= 0; s--) {
        const at = openers[s]!;
        if (OPEN_TO_CLOSE.get(text.charCodeAt(at)) === c) {
          // A long bracketed span is quoted prose (a paragraph in 「」), whose sentences are sentences.
          if (i - at < MAX_QUOTE) {
            marks[at] = 1;
            marks[i] = 1;
            marked.push(at, i);
          }
          openers.length = s;
          break;
        }
      }
    }
  }
  return marked.length > 0;
}

function clearMarks(): void {
  for (const at of marked) marks[at] = 0;
  marked.length = 0;
}

const URL_BODY = /[A-Za-z0-9\-._~:/?#@!$&()+,;=%]+/y;

/**
 * End of the URL whose body goes on at i. A `)` with no `(` in the URL closes a Markdown link, and
 * trailing punctuation belongs to the prose.
 */
function urlEnd(text: string, i: number): number {
  URL_BODY.lastIndex = i;
  if (!URL_BODY.test(text)) return i;
  let end = URL_BODY.lastIndex;
  let open = 0;
  for (let m = i; m < end; m++) {
    const c = text.charCodeAt(m);
    if (c === 0x28) open++;
    else if (c === 0x29 && open-- === 0) {
      end = m;
      break;
    }
  }
  while (end > i && '.,!?'.includes(text[end - 1]!)) end--;
  return end;
}

/** Start of a URL scheme (`http`/`https`) just before the `:` at i, or -1. */
function schemeBefore(text: string, i: number): number {
  if (text.charCodeAt(i + 1) !== 0x2f || text.charCodeAt(i + 2) !== 0x2f) return -1;
  if (i >= 5 && text.startsWith('https', i - 5)) return i - 5;
  if (i >= 4 && text.startsWith('http', i - 4)) return i - 4;
  return -1;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `1. ` opening a list item or `### 6. ` numbering a heading: 1–3 digits after a line start, `#` or `。`. */
function isEnumerator(text: string, dot: number): boolean {
  let start = dot - 1;
  while (start > 0 && isAsciiDigit(text.charCodeAt(start - 1))) start--;
  if (dot - start > 3) return false;
  let before = start - 1;
  while (before >= 0 && (text.charCodeAt(before) === 0x20 || text.charCodeAt(before) === 0x09)) before--;
  if (before < 0) return true;
  const c = text.charCodeAt(before);
  // A flattened list runs items on after the previous sentence: `です。 2. 次の項目`.
  return c === NL || c === 0x23 /* # */ || CJK_TERMINATORS.has(c);
}

/** Whether the `.` at i ends a sentence (the caller knows it is a lone dot, not `..`). */
function dotEnds(text: string, i: number, after: number): boolean {
  const next = after < text.length ? text.charCodeAt(after) : -1;
  const prev = i > 0 ? text.charCodeAt(i - 1) : -1;
  if (next !== -1 && !isSpace(next) && next < 0x80) return false;
  if (next !== -1 && !isSpace(next) && prev < 0x80) return false; // `v1.0版`, `Node.js`
  if (isAsciiDigit(prev)) return !isEnumerator(text, i);
  if (!isAsciiLetter(prev)) return true;
  let start = i - 1;
  while (start > 0 && isAsciiLetter(text.charCodeAt(start - 1))) start--;
  const word = text.slice(start, i);
  if (word.length === 1) return false; // U.S., e.g., J. Smith
  return !ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Splits text into sentences, losslessly: `splitSentences(t).join('') === t`. Each piece is a
 * sentence with the whitespace that follows it; whitespace before the first sentence stays with it.
 */
export function splitSentences(text: string): string[] {
  if (text.length === 0) return [];
  const any = matchBrackets(text);
  try {
    return split(text, any);
  } finally {
    if (any) clearMarks();
  }
}

/**
 * Ends the piece that began at `start` at `end`, unless it is whitespace alone (that waits for the
 * next sentence, or joins the last). Returns where the next piece begins.
 */
function cut(text: string, pieces: string[], start: number, end: number): number {
  let s = start;
  while (s < end && isSpace(text.charCodeAt(s))) s++;
  if (s === end) return start;
  pieces.push(text.slice(start, end));
  return end;
}

function continuesAt(text: string, at: number): boolean {
  for (const p of CONTINUATIONS) if (text.startsWith(p, at)) return true;
  return false;
}

function split(text: string, matched: boolean): string[] {
  const n = text.length;
  const pieces: string[] = [];
  let start = 0;
  let depth = 0;
  let bold = false;
  let afterUrl = -1;

  // No closures over `text` here: a captured string is read through the closure's context on
  // every character, which made this loop twice as slow as a plain scan.
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const kind = KIND[c];
    if (kind === PLAIN) {
      // Most characters are plain: a tight loop over the run, which V8 compiles far better than
      // a pass round the whole loop per character.
      i++;
      while (i < n && KIND[text.charCodeAt(i)] === PLAIN) i++;
      continue;
    }
    if (kind === NEWLINE) {
      let j = i + 1;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      start = cut(text, pieces, start, j);
      depth = 0;
      bold = false;
      i = j;
      continue;
    }
    if (kind === COLON || (kind === DOT_KIND && i >= 3 && text.startsWith('www', i - 3))) {
      const url = kind === COLON ? schemeBefore(text, i) >= 0 : !isAsciiLetter(text.charCodeAt(i - 4));
      const end = url ? urlEnd(text, i) : i;
      if (end > i + 1) {
        // Brackets paired across the URL still count, so a skipped `)` cannot leave a quote open.
        if (matched) {
          for (let m = i; m < end; m++) {
            if (marks[m] === 1)
              depth = KIND[text.charCodeAt(m)] === OPEN ? depth + 1 : Math.max(0, depth - 1);
          }
        }
        afterUrl = i = end;
        continue;
      }
      if (kind === COLON) {
        i++;
        continue;
      }
    }
    if (kind === OPEN || kind === CLOSE) {
      if (matched && marks[i] === 1) depth = kind === OPEN ? depth + 1 : Math.max(0, depth - 1);
      i++;
      continue;
    }
    if (kind === STAR_KIND) {
      if (text.charCodeAt(i + 1) === STAR) {
        bold = !bold;
        i += 2;
      } else i++;
      continue;
    }

    let j = i + 1;
    if (kind === TERM) {
      while (j < n && KIND[text.charCodeAt(j)] === TERM) j++;
    } else {
      while (j < n && text.charCodeAt(j) === DOT) j++;
      if (j - i > 1) {
        i = j; // an ellipsis, not an end
        continue;
      }
    }

    const insideBefore = depth > 0;
    let k = j;
    while (k < n) {
      const t = text.charCodeAt(k);
      if (KIND[t] === CLOSE) {
        if (matched && marks[k] === 1) depth = Math.max(0, depth - 1);
        k++;
      } else if (bold && t === STAR && text.charCodeAt(k + 1) === STAR) {
        bold = false;
        k += 2;
      } else break;
    }

    let ends: boolean;
    const last = text.charCodeAt(j - 1);
    if (depth > 0) ends = false;
    else if (insideBefore && k === j) ends = false;
    else if ((insideBefore || k > j) && continuesAt(text, k)) ends = false;
    else if (insideBefore && k > j && isMark(last) && opensQuote(text.charCodeAt(k))) {
      // A quoted question or exclamation right before another quote is one of a list of them in
      // one sentence (`「本当に正しいのか？」「情報源はどこか？」と、…`).
      ends = false;
    } else if (c === DOT && i === afterUrl) ends = k >= n || isSpace(text.charCodeAt(k));
    else if (c === DOT) ends = dotEnds(text, i, k);
    else if (last === BANG || last === QUESTION || c === BANG || c === QUESTION) {
      // ASCII marks: `?q=1`, `Yahoo!Japan` are not ends; a full-width mark in the run always is.
      let allAscii = true;
      for (let m = i; m < j; m++) if (text.charCodeAt(m) >= 0x80) allAscii = false;
      const next = k < n ? text.charCodeAt(k) : -1;
      ends = !allAscii || next === -1 || isSpace(next) || next >= 0x80;
    } else if (c === 0xff0e) {
      // ３．５ is a number, not an end.
      const prev = i > 0 ? text.charCodeAt(i - 1) : -1;
      const next = k < n ? text.charCodeAt(k) : -1;
      ends = !(isDigit(prev) && isDigit(next));
    } else ends = true;

    if (!ends) {
      i = k;
      continue;
    }
    while (k < n && isSpace(text.charCodeAt(k))) {
      if (text.charCodeAt(k) === NL) {
        depth = 0;
        bold = false;
      }
      k++;
    }
    start = cut(text, pieces, start, k);
    i = k;
  }
  if (start < n) {
    const rest = text.slice(start);
    if (rest.trim() === '' && pieces.length > 0) pieces[pieces.length - 1] += rest;
    else pieces.push(rest);
  }
  return pieces;
}

/** What `String.prototype.trim` removes. */
function isTrimmed(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** True when the trimmed sentence ends with terminal punctuation, optionally followed by closers. */
export function isCompleteSentence(sentence: string): boolean {
  // Index arithmetic instead of trim + a `$`-anchored regex (which V8 tries at every position):
  // this runs for every sentence at every seam and list item.
  let start = 0;
  let end = sentence.length;
  while (start < end && isTrimmed(sentence.charCodeAt(start))) start++;
  while (end > start && isTrimmed(sentence.charCodeAt(end - 1))) end--;
  // Closing brackets/quotes and `**` pairs after the terminator (`…です。」**`).
  while (end > start) {
    const c = sentence.charCodeAt(end - 1);
    if (CLOSERS.has(c)) end--;
    else if (c === STAR && end - 2 >= start && sentence.charCodeAt(end - 2) === STAR) end -= 2;
    else break;
  }
  if (end - start < 2) return false;
  const last = sentence.charCodeAt(end - 1);
  if (CJK_TERMINATORS.has(last) || last === BANG || last === QUESTION) return true;
  return last === DOT && sentence.charCodeAt(end - 2) !== DOT;
}

// CJK letters and full-width punctuation: a line break between two of them is not a space.
const CJK_EDGE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー\u3000-\u303f\uff00-\uffef]/u;

/** One line: whitespace runs become one space, or nothing between two Japanese characters. */
function appendExcerpt(out: string, raw: string, gap: boolean): string {
  const part = raw.replace(/\s+/g, ' ').trim();
  if (part === '') return out;
  if (out === '') return part;
  // Sentences written back to back stay so (`述べた。Dr. Smith`); a space or line break between them
  // becomes one space, or nothing between Japanese.
  if (!gap || (CJK_EDGE.test(out.at(-1)!) && CJK_EDGE.test(part[0]!))) return out + part;
  return `${out} ${part}`;
}

/** Cuts at a code point boundary so no surrogate pair is split. */
function cutAt(text: string, max: number): string {
  let end = Math.min(max, text.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * The longest run of whole leading sentences that fits in `max` UTF-16 units (default 140), on
 * one line. Only when the first sentence alone is longer is it cut, at max-1, with `…` added.
 */
export function leadExcerpt(text: string, options?: { max?: number }): string {
  const max = Math.max(1, Math.floor(positiveOption('max', options?.max, 140)));
  // Only the first lines are split, whole lines so brackets pair up as they would in the full text;
  // more are taken only when everything so far fits (long runs of whitespace).
  for (let limit = max * 4 + 256; ; limit *= 4) {
    const newline = limit >= text.length ? -1 : text.indexOf('\n', limit);
    const whole = newline === -1;
    let best = '';
    let gap = false;
    for (const sentence of splitSentences(whole ? text : text.slice(0, newline + 1))) {
      const candidate = appendExcerpt(best, sentence, gap);
      gap = /\s$/.test(sentence);
      if (candidate.length > max) {
        if (best !== '') return best;
        // The first sentence alone is too long: the one case where a sentence is cut.
        return max === 1 ? '…' : `${cutAt(candidate, max - 1).trimEnd()}…`;
      }
      best = candidate;
    }
    if (whole) return best;
  }
}
