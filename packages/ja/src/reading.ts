import { positiveOption } from './errors.js';

// Japanese is read by the character: kanji, hiragana, katakana (with ー, which Unicode files under
// "Common" and so Ghost's counter misses) and half-width katakana. Punctuation is not counted.
// Everything else that is a letter or digit is read by the word: `GPT-4o`, `3.5`, `don't` are one each.
const JA_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー〆ｰ]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const JOINERS = new Set([0x2d /* - */, 0x27 /* ' */, 0x2019 /* ’ */, 0x2e /* . */, 0x2c /* , */]);

const OTHER = 0;
const JA = 1;
const WORD = 2;
let table: Uint8Array | undefined;

/** Classes of every BMP character, built on first use (a few ms) so the count is one lookup each. */
function classes(): Uint8Array {
  if (table !== undefined) return table;
  table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    table[c] = JA_CHAR.test(ch) ? JA : WORD_CHAR.test(ch) ? WORD : OTHER;
  }
  return table;
}

function classOf(text: string, i: number, kinds: Uint8Array): number {
  // The joiner lookahead asks about the character after the last one: nothing there joins.
  if (i >= text.length) return OTHER;
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return kinds[c]!;
  const ch = String.fromCodePoint(text.codePointAt(i)!); // kanji beyond the BMP (𠮷) and the like
  return JA_CHAR.test(ch) ? JA : WORD_CHAR.test(ch) ? WORD : OTHER;
}

/**
 * Minutes to read plain text (not Markdown), rounded up and at least 1: Japanese characters at
 * `charsPerMinute` (500), other words at `wordsPerMinute` (200).
 */
export function readingMinutes(
  text: string,
  options?: { charsPerMinute?: number; wordsPerMinute?: number },
): number {
  const cpm = positiveOption('charsPerMinute', options?.charsPerMinute, 500);
  const wpm = positiveOption('wordsPerMinute', options?.wordsPerMinute, 200);
  const kinds = classes();
  let chars = 0;
  let words = 0;
  let inWord = false;
  const n = text.length;
  // One table lookup per character; the slow path only for surrogates and word joiners.
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const high = c >= 0xd800 && c <= 0xdbff;
    const kind = high ? classOf(text, i, kinds) : kinds[c]!;
    if (kind === JA) {
      // Japanese comes in runs: count the run in a tight loop (no surrogates inside it).
      let end = i + 1;
      while (end < n && kinds[text.charCodeAt(end)] === JA) end++;
      chars += end - i;
      i = end - 1;
      inWord = false; // AIモデル: the word ends where the katakana starts
    } else if (kind === WORD) {
      if (!inWord) words++;
      inWord = true;
    } else if (inWord) {
      // `GPT-4o`, `3.5`, `don't`: a joiner between two word characters keeps the word going.
      inWord = JOINERS.has(c) && classOf(text, i + 1, kinds) === WORD;
    }
    if (high) i++;
  }
  return Math.max(1, Math.ceil(chars / cpm + words / wpm));
}
