import { describe, expect, test } from 'vitest';
import { seeded } from '../../test/seeded.js';
import { isRefusal, REFUSAL } from './refusal.js';

const PIECES = [
  '申し訳ありませんが',
  '大変申し訳ございません。',
  '申し訳',
  '情報を見つけることができませんでした',
  '検索結果を取得することが出来ませんでした',
  'ませんでした',
  '回答することはできません',
  'することは',
  'お役に立てず',
  '後ほど再度お試し',
  '再度お試し',
  "I'm sorry",
  'I AM UNABLE',
  'i apologise',
  'Sorry, I',
  'UNFORTUNATELY I',
  'exhausted my daily quota',
  'EXHAUSTED THE QUOTA',
  'Quota exceeded',
  'RATE LIMIT REACHED',
  'rate limit',
  'RESOURCE_EXHAUSTED',
  'resource_exhausted',
  'As an AI language model,',
  "I can't browse",
  'I CANNOT WRITE',
  '本文です。',
  ' ',
  '\n',
  '\u3000',
  'I',
];

describe('isRefusal', () => {
  test('is `REFUSAL.some` on the trimmed paragraph', () => {
    const next = seeded(23);
    for (let n = 0; n < 30000; n++) {
      let text = '';
      // The high bits: the generator's low bits repeat every few draws.
      const length = (next() >> 12) % 5;
      for (let i = 0; i < length; i++) text += PIECES[(next() >> 12) % PIECES.length];
      expect([text, isRefusal(text)]).toEqual([text, REFUSAL.some((re) => re.test(text.trim()))]);
    }
  });

  test('the anchored patterns can be tried as one case-insensitive regex', () => {
    // Joined under `i`, a pattern written without it must have no letter that has a case.
    for (const re of REFUSAL.filter((r) => r.source.startsWith('^') && !r.flags.includes('i'))) {
      expect(re.source).toBe(re.source.toLowerCase());
      expect(re.source).toBe(re.source.toUpperCase());
    }
    // Joined by `|`, no pattern may refer to a group by number.
    for (const re of REFUSAL) expect(re.source).not.toMatch(/\\[1-9]/);
  });
});
