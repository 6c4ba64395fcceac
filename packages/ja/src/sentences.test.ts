import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JaError } from './errors.js';
import { isCompleteSentence, leadExcerpt, splitSentences } from './sentences.js';

const shared = process.env.KIJI_SHARED_DIR ?? resolve(import.meta.dirname, '../../../../shared');

describe('splitSentences', () => {
  const cases: [string, string, string[]][] = [
    [
      'Japanese terminators',
      'AIは進化した。次に何が来るか？誰も知らない！',
      ['AIは進化した。', '次に何が来るか？', '誰も知らない！'],
    ],
    ['terminator runs stay together', '本当か？！そうだ。。。', ['本当か？！', 'そうだ。。。']],
    ['full-width period', '結果は良好．次へ進む．', ['結果は良好．', '次へ進む．']],
    [
      'quote followed by a particle is one sentence',
      '「そうだ。」と彼は言った。次だ。',
      ['「そうだ。」と彼は言った。', '次だ。'],
    ],
    [
      'quote closing a sentence ends it',
      '「AIは重要だ。」これが結論だ。',
      ['「AIは重要だ。」', 'これが結論だ。'],
    ],
    [
      'quoted questions listed one after another are one sentence',
      '常に「本当に正しいのか？」「情報源はどこか？」と問う。「史上最高！」「性能2倍！」といった見出しが踊る。',
      [
        '常に「本当に正しいのか？」「情報源はどこか？」と問う。',
        '「史上最高！」「性能2倍！」といった見出しが踊る。',
      ],
    ],
    [
      'a quote of what people say goes on with なんて or みたいな',
      '「性能が劇的に向上！」なんてニュースは多い。「これが決定版だ！」みたいな見出しも多い。',
      ['「性能が劇的に向上！」なんてニュースは多い。', '「これが決定版だ！」みたいな見出しも多い。'],
    ],
    [
      'a quote ending in a stop before another quote still ends',
      '彼は言った。「そうだ。」「違う。」',
      ['彼は言った。', '「そうだ。」', '「違う。」'],
    ],
    [
      'terminators inside a quote do not split',
      '彼は「速い。安い。」など語った。',
      ['彼は「速い。安い。」など語った。'],
    ],
    [
      'closing bracket without opener stays with the sentence',
      '続きの文です。）次の文。',
      ['続きの文です。）', '次の文。'],
    ],
    [
      'parenthetical note closes the sentence',
      '（注：数値は推計です。）本文に戻る。',
      ['（注：数値は推計です。）', '本文に戻る。'],
    ],
    [
      'unclosed bracket is ignored',
      '「引用が切れた。次の文。最後。',
      ['「引用が切れた。', '次の文。', '最後。'],
    ],
    [
      'line breaks split and carry the newline',
      '見出し\n本文です。\n\n次の段落',
      ['見出し\n', '本文です。\n\n', '次の段落'],
    ],
    [
      'decimals stay whole',
      '成長率は3.5%だった。GPT-4.5も出た。',
      ['成長率は3.5%だった。', 'GPT-4.5も出た。'],
    ],
    [
      'U.S. and e.g. are not ends',
      'The U.S. economy grew, e.g. in Q3. Next sentence.',
      ['The U.S. economy grew, e.g. in Q3. ', 'Next sentence.'],
    ],
    [
      'English sentences split at ". "',
      'I am sorry. I cannot help! Why? Because.',
      ['I am sorry. ', 'I cannot help! ', 'Why? ', 'Because.'],
    ],
    [
      'titles are not ends',
      'Dr. Smith of Apple Inc. said so. Done.',
      ['Dr. Smith of Apple Inc. said so. ', 'Done.'],
    ],
    [
      'URLs are skipped whole',
      '詳細は https://example.com/a?b=1&c=2.html を参照。次。',
      ['詳細は https://example.com/a?b=1&c=2.html を参照。', '次。'],
    ],
    [
      'URL at the end of an English sentence',
      'See https://example.com/x. Then go.',
      ['See https://example.com/x. ', 'Then go.'],
    ],
    [
      'ellipses are not ends',
      'それは…まだ分からない。Wait... what?',
      ['それは…まだ分からない。', 'Wait... what?'],
    ],
    [
      'ASCII marks inside words are not ends',
      'Yahoo!Japanではなく、?q=1 も同じ。',
      ['Yahoo!Japanではなく、?q=1 も同じ。'],
    ],
    [
      'ASCII marks before Japanese end a sentence',
      '本当に可能なのか?次に見ていく!',
      ['本当に可能なのか?', '次に見ていく!'],
    ],
    [
      'bold closed after the terminator stays',
      '**重要なのは速度だ。**次に価格だ。',
      ['**重要なのは速度だ。**', '次に価格だ。'],
    ],
    [
      'bold opened after the terminator starts the next',
      '速度だ。**価格も重要だ。**',
      ['速度だ。', '**価格も重要だ。**'],
    ],
    ['full-width decimals stay whole', '利率は３．５％だ。', ['利率は３．５％だ。']],
    ['Node.js and v1.0 are not ends', 'Node.jsのv1.0版を使う。', ['Node.jsのv1.0版を使う。']],
    ['leading whitespace joins the first sentence', '\n\n  始め。終わり', ['\n\n  始め。', '終わり']],
    ['trailing whitespace joins the last sentence', '文。\n\n', ['文。\n\n']],
    [
      'a long quote is prose: its sentences split',
      `「${'あ'.repeat(40)}。${'い'.repeat(40)}。」と述べた。次。`,
      [`「${'あ'.repeat(40)}。`, `${'い'.repeat(40)}。」と述べた。`, '次。'],
    ],
    [
      'a Markdown link URL does not leave its bracket open',
      '**[本](https://example.com/s?k=a%2Bb&tag=x-22)** 解説です。次の文。',
      ['**[本](https://example.com/s?k=a%2Bb&tag=x-22)** 解説です。', '次の文。'],
    ],
    [
      'a URL in parentheses ends at the parenthesis',
      '出典（https://example.com/a）。次。',
      ['出典（https://example.com/a）。', '次。'],
    ],
    [
      'list and heading numbers are not ends',
      '1. 最初の項目です。\n### 6. 未来への視座',
      ['1. 最初の項目です。\n', '### 6. 未来への視座'],
    ],
    [
      'a flattened list keeps its numbers',
      '項目です。 2. 次の項目です。',
      ['項目です。 ', '2. 次の項目です。'],
    ],
    [
      'a year ending an English sentence is an end',
      'Revenue grew in 2025. Next year too.',
      ['Revenue grew in 2025. ', 'Next year too.'],
    ],
    ['ideographic space after a terminator', '一つ。　二つ。', ['一つ。　', '二つ。']],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(splitSentences(input)).toEqual(expected);
    expect(splitSentences(input).join('')).toBe(input);
  });

  it('returns nothing for empty text and keeps whitespace-only text whole', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n ')).toEqual([' \n ']);
  });

  it('is lossless on every corpus body', () => {
    const dir = join(shared, 'corpus/posts');
    const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(1000);
    let sentences = 0;
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const pieces = splitSentences(text);
      if (pieces.join('') !== text) throw new Error(`not lossless: ${file}`);
      for (const piece of pieces) if (piece.trim() === '') throw new Error(`empty piece in ${file}`);
      sentences += pieces.length;
    }
    expect(sentences).toBeGreaterThan(files.length * 10);
  });
});

describe('isCompleteSentence', () => {
  it.each([
    ['終わった。', true],
    ['本当か？！', true],
    ['「そうだ。」', true],
    ['**重要だ。**', true],
    ['Done.  ', true],
    ['Really?', true],
    ['（注：推計です。）\n', true],
    ['社会全体の', false],
    ['**社会全体', false],
    ['…総', false],
    ['以下の通りです：', false],
    ['Wait...', false],
    ['', false],
    ['。', false],
  ])('%j → %s', (input, expected) => {
    expect(isCompleteSentence(input)).toBe(expected);
  });
});

describe('leadExcerpt', () => {
  const text = 'AIは急速に進化している。企業は投資を拡大した。\n\nしかし課題も多い。';

  it('keeps whole leading sentences that fit', () => {
    expect(leadExcerpt(text)).toBe('AIは急速に進化している。企業は投資を拡大した。しかし課題も多い。');
    expect(leadExcerpt(text, { max: 24 })).toBe('AIは急速に進化している。企業は投資を拡大した。');
    expect(leadExcerpt(text, { max: 23 })).toBe('AIは急速に進化している。');
  });

  it('joins Latin sentences with a space and flattens line breaks', () => {
    expect(leadExcerpt('First line.\nSecond   line.')).toBe('First line. Second line.');
  });

  it('cuts the first sentence only when it alone is too long', () => {
    const long = `${'あ'.repeat(200)}。`;
    const out = leadExcerpt(long);
    expect(out).toBe(`${'あ'.repeat(139)}…`);
    expect(out.length).toBe(140);
  });

  it('never splits a surrogate pair', () => {
    const out = leadExcerpt('😀'.repeat(10), { max: 6 });
    expect(out).toBe('😀😀…');
    expect(out.length).toBeLessThanOrEqual(6);
  });

  it('is empty for empty text', () => {
    expect(leadExcerpt('')).toBe('');
    expect(leadExcerpt('  \n')).toBe('');
  });

  it('rejects a bad max with a JaError naming the option', () => {
    expect(() => leadExcerpt(text, { max: 0 })).toThrow(JaError);
    expect(() => leadExcerpt(text, { max: Number.NaN })).toThrow(/option max/);
  });
});

describe('leadExcerpt on long text', () => {
  it('gives the same lead as splitting the whole text', () => {
    const para = 'これは最初の段落の文です。「引用。」と述べた。\n';
    const text = `${'\n'.repeat(2000)}${para.repeat(500)}`;
    // Reference: whole sentences of the fully split text while they fit.
    let expected = '';
    for (const sentence of splitSentences(text)) {
      if (expected.length + sentence.trim().length > 140) break;
      expected += sentence.trim();
    }
    expect(expected.length).toBe(138);
    expect(leadExcerpt(text)).toBe(expected);
    expect(leadExcerpt(text).length).toBeLessThanOrEqual(140);
    expect(leadExcerpt(text).startsWith('これは最初の段落の文です。「引用。」と述べた。これは')).toBe(true);
  });
});
