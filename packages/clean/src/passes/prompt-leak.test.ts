import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { corpusFiles } from '../../test/corpus.js';
import { removePromptLeakReference } from '../../test/reference/prompt-leak.js';
import { seeded } from '../../test/seeded.js';
import type { Fix } from '../types.js';
import { HEADER, NOTE, removePromptLeak, stripItem, wordsInLines } from './prompt-leak.js';

/** `seeded`'s high bits: its low bits repeat every few draws, which would fix the pieces' order. */
function random(seed: number): () => number {
  const next = seeded(seed);
  return () => next() >> 12;
}

/** Lines built from pieces that trip each rule, half-trip it, or only look like it. */
const PIECES = [
  '本文です。',
  'AI',
  ' ',
  '  ',
  '\t',
  '\u3000',
  '1. ',
  '12) ',
  '- ',
  '* ',
  '```',
  '【要求事項】',
  '【既存の記事の最後の部分】',
  '【続き】',
  '既存の記事の最後の部分から',
  '既存の記事でも触れたように',
  '上記の文章から自然に続くように',
  'AIらしい機械的な表現は避け',
  '記事全体で 3000〜4000 文字程度',
  '続きを書いてください。',
  '（※ご提示の記事の続きです）',
  'はい、承知しました。',
  'かしこまりました',
  '記事の続きを書きます。',
  'The character count is 3000.',
  'I have written the article.',
  'HERE IS THE ARTICLE',
  'word count is 3000',
  'here is your continuation',
  '（文字数：約3000字）',
  '全体の文字数は 4000',
  'もちろん、了解しました。',
  '【注意】',
  'within the 3000-4000 character',
  'WITHIN THE 10–20 CHARACTERS',
  'within',
  '---END---',
  'END',
  'ユーザーの指示で続きを',
  'ユーザーが提供した記事',
  '提供されたテキストの最後',
  'から続きを書きます。',
  '以下の記事「X」が途中で終わっています',
  '「資金調 ---END---」',
  "I'll run a web search now and then answer",
  'Next tool call uses default_api write_file.',
  'I am sorry, quota exceeded for the tool call',
  ' [cite: 参照データ（ナレッジベース）]',
  '[cite：注目発言]',
  '[cite',
  '（Web検索結果：AIチップ 発表）',
  '(文字数確認: 約3900文字)',
];

function body(next: () => number): string {
  const lines: string[] = [];
  const count = next() % 12;
  for (let l = 0; l < count; l++) {
    let line = '';
    const length = next() % 5;
    for (let i = 0; i < length; i++) line += PIECES[next() % PIECES.length];
    lines.push(line);
  }
  return lines.join('\n');
}

function both(text: string): void {
  const fast: Fix[] = [];
  const reference: Fix[] = [];
  const out = removePromptLeak(text, 3, fast);
  expect([text, out, fast]).toEqual([text, removePromptLeakReference(text, 3, reference), reference]);
}

describe('removePromptLeak', () => {
  test('agrees with its reference definition on generated bodies', () => {
    const next = random(5);
    for (let n = 0; n < 20000; n++) both(body(next));
  });

  test('agrees with its reference definition on the corpus files', () => {
    for (const file of corpusFiles()) both(readFileSync(file, 'utf8'));
  });
});

describe('the line-start patterns', () => {
  test('can be tried with the English report under `i`', () => {
    // Joined under `i`, a pattern written without it must have no letter that has a case.
    // Escapes (`\s`, `\d`) mean the same under `i`.
    for (const re of [HEADER, NOTE]) {
      const letters = re.source.replace(/\\./g, '');
      expect(re.flags).toBe('');
      expect(letters).toBe(letters.toLowerCase());
      expect(letters).toBe(letters.toUpperCase());
    }
  });
});

describe('wordsInLines', () => {
  test('finds what `includes` finds, line by line', () => {
    const words = ['ユーザー', '続き', 'END', 'aa', 'a'];
    const pieces = ['ユーザー', 'ユーザ', '続き', '続', 'END', 'EN', 'a', 'aa', '本文', ' ', '\n', '\n\n'];
    const next = random(9);
    for (let n = 0; n < 5000; n++) {
      let text = '';
      const length = next() % 30;
      for (let i = 0; i < length; i++) text += pieces[next() % pieces.length];
      const wordsAt = wordsInLines(text, words);
      let end = -1;
      for (const line of text.split('\n')) {
        const start = end + 1;
        end = start + line.length;
        // Some lines are skipped, as removed reasoning is: the next line must still be right.
        if (next() % 4 === 0) continue;
        const expected = words.reduce((bits, w, i) => (line.includes(w) ? bits | (1 << i) : bits), 0);
        expect([text, line, wordsAt(start, end)]).toEqual([text, line, expected]);
      }
    }
  });
});

describe('stripItem', () => {
  test('is the list-marker regex on trimmed lines', () => {
    const pieces = ['-', '*', '+', '1', '12', '123', '.', ')', '．', ' ', '\u3000', '本文', 'a', '0'];
    const next = random(13);
    for (let n = 0; n < 20000; n++) {
      let line = '';
      const length = next() % 6;
      for (let i = 0; i < length; i++) line += pieces[next() % pieces.length];
      const t = line.trim();
      expect([t, stripItem(t)]).toEqual([t, t.replace(/^([-*+]|\d{1,2}[.)．])\s*/, '')]);
    }
  });
});
