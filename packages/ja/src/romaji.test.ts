import { describe, expect, it } from 'vitest';
import { romanize, toKatakana } from './romaji.js';

describe('romanize (modified Hepburn, ASCII)', () => {
  it.each([
    ['しんぶん', 'shinbun'], // ん is always n
    ['ちず', 'chizu'],
    ['つなみ', 'tsunami'],
    ['ふじ', 'fuji'],
    ['じしん', 'jishin'],
    ['ぢ', 'ji'],
    ['づ', 'zu'],
    ['トウシ', 'toushi'], // long vowels spelt with kana are kept
    ['キュウ', 'kyuu'],
    ['データ', 'deta'], // ー is dropped
    ['サーバー', 'saba'],
    ['きって', 'kitte'], // っ doubles the consonant
    ['マッチャ', 'matcha'], // …and is t before ch
    ['ざっし', 'zasshi'],
    ['あっ', 'a'], // nothing to double at the end
    ['シャ', 'sha'],
    ['ジョ', 'jo'],
    ['ファイル', 'fairu'],
    ['ティー', 'ti'],
    ['ウィキ', 'wiki'],
    ['ヴァイオリン', 'vaiorin'],
    ['ヲ', 'o'],
    ['AIモデル', 'AImoderu'], // non-kana passes through
  ])('%s → %s', (kana, expected) => {
    expect(romanize(kana)).toBe(expected);
  });

  it('maps hiragana to katakana and leaves the rest', () => {
    expect(toKatakana('ひらがなとカタカナ、漢字')).toBe('ヒラガナトカタカナ、漢字');
  });
});
