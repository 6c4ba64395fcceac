import { positiveOption } from './errors.js';

// Japanese is read by the character: kanji, hiragana, katakana (with ー, which Unicode files under
// "Common" and so Ghost's counter misses) and half-width katakana. Punctuation is not counted.
const JA_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]/gu;
// Everything else that is a letter or digit is read by the word: `GPT-4o`, `3.5`, `don't` are one each.
const WORD = /[\p{L}\p{N}]+(?:[-'’.,][\p{L}\p{N}]+)*/gu;

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
  let chars = 0;
  for (const _ of text.matchAll(JA_CHAR)) chars++;
  // Japanese characters are removed first so a run like `AIモデル` is one word plus three chars.
  let words = 0;
  for (const _ of text.replace(JA_CHAR, ' ').matchAll(WORD)) words++;
  return Math.max(1, Math.ceil(chars / cpm + words / wpm));
}
