import { describe, expect, it } from 'vitest';
import { JaError } from './errors.js';
import { readingMinutes } from './reading.js';

describe('readingMinutes', () => {
  it('is at least one minute', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes('短い。')).toBe(1);
  });

  it('reads Japanese at 500 characters a minute, rounding up', () => {
    expect(readingMinutes('あ'.repeat(500))).toBe(1);
    expect(readingMinutes('あ'.repeat(501))).toBe(2);
    expect(readingMinutes('漢'.repeat(1500))).toBe(3);
  });

  it('counts katakana, including the long-vowel mark', () => {
    // Ghost counts these as nothing; here 1,000 katakana are two minutes.
    expect(readingMinutes('データー'.repeat(250))).toBe(2);
  });

  it('counts half-width katakana and its long-vowel mark', () => {
    expect(readingMinutes('ﾃﾞｰﾀ'.repeat(126))).toBe(2); // 504 characters (ﾃﾞ is two)
  });

  it('does not count punctuation', () => {
    expect(readingMinutes('あ。'.repeat(500))).toBe(1);
  });

  it('reads Latin words at 200 a minute', () => {
    expect(readingMinutes('word '.repeat(200))).toBe(1);
    expect(readingMinutes('word '.repeat(201))).toBe(2);
    expect(readingMinutes('GPT-4o 3.5 don’t '.repeat(200))).toBe(3);
  });

  it('mixes both: AIモデル is one word and three characters', () => {
    // 250 × (1 word + 3 chars) = 250 words (1.25 min) + 750 chars (1.5 min) → 3
    expect(readingMinutes('AIモデル'.repeat(1).concat('、').repeat(250))).toBe(3);
  });

  it('takes its rates from options', () => {
    expect(readingMinutes('あ'.repeat(1000), { charsPerMinute: 1000 })).toBe(1);
    expect(readingMinutes('a '.repeat(100), { wordsPerMinute: 50 })).toBe(2);
  });

  it('rejects rates that are not positive numbers', () => {
    expect(() => readingMinutes('x', { charsPerMinute: 0 })).toThrow(JaError);
    expect(() => readingMinutes('x', { wordsPerMinute: -1 })).toThrow(/wordsPerMinute/);
  });
});

describe('readingMinutes beyond the BMP', () => {
  it('counts a kanji outside the BMP once', () => {
    expect(readingMinutes('𠮷'.repeat(501))).toBe(2);
  });
});

describe('readingMinutes at the end of the text', () => {
  it('counts a word followed by a joining mark that ends the text', () => {
    // `.`, `-`, `'`, `’` and `,` join words only when a letter follows; at the very end there is
    // none, and the lookahead must not read past the text.
    for (const end of ['.', '-', "'", '’', ',']) {
      expect(readingMinutes(`the devastation${end}`)).toBe(1);
      expect(readingMinutes(`${'word '.repeat(200)}word${end}`)).toBe(2);
    }
  });

  it('counts text ending in a word joiner after a joining mark', () => {
    expect(readingMinutes('…devastation.\u2060')).toBe(1);
    expect(readingMinutes(`${'word '.repeat(200)}devastation.\u2060`)).toBe(2);
  });
});
