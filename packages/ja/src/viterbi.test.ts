import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyser, buildTokenizer } from './slug.js';
import { type FastTokenize, fastTokenizer, type Token } from './viterbi.js';

const shared = process.env.KIJI_SHARED_DIR ?? resolve(import.meta.dirname, '../../../../shared');

type Built = Awaited<ReturnType<typeof buildTokenizer>>;
let built: Built;
let fast: FastTokenize;

beforeAll(async () => {
  built = await buildTokenizer();
  const made = fastTokenizer(built);
  // If a kuromoji upgrade changes its internals, slugs silently take the slow path: say so here.
  if (made === undefined) throw new Error('fastTokenizer does not recognise this kuromoji');
  fast = made;
});

function corpusTitles(): string[] {
  const [header, ...rows] = readFileSync(join(shared, 'corpus/manifest.tsv'), 'utf8').trimEnd().split('\n');
  const column = header!.split('\t').indexOf('title');
  return rows.map((row) => row.split('\t')[column] ?? '');
}

const fields = (tokens: readonly Token[]) =>
  tokens.map((t) => [t.surface_form, t.pos, t.pos_detail_1, t.pos_detail_2, t.reading]);

/** kuromoji's own answer, or the error it throws. */
function reference(text: string): ReturnType<typeof fields> | Error {
  try {
    return fields(built.tokenize(text));
  } catch (error) {
    return error as Error;
  }
}

/** The fast path answers and agrees with kuromoji, or declines where kuromoji throws. */
function expectSame(text: string): void {
  const expected = reference(text);
  const got = fast(text);
  if (expected instanceof Error) {
    expect(got, `${JSON.stringify(text)}: kuromoji throws, so the fast path must decline`).toBeUndefined();
    return;
  }
  expect(got, `${JSON.stringify(text)}: the fast path declined`).toBeDefined();
  expect(fields(got!), JSON.stringify(text)).toEqual(expected);
}

describe('fastTokenizer gives kuromoji’s tokens', () => {
  it.each([
    [''],
    ['投資分析'],
    ['AI記事自動生成システムの紹介'],
    ['、。'],
    ['。。、、日本、'],
    ['ｶﾀｶﾅのﾃｽﾄ'],
    ['ＡＩとＧＰＴ４ｏ'],
    ['café の résumé'],
    ['１０％増、２倍速'],
    ['2026年8月！'],
    ['　全角　スペース　'],
    ['①②③ と ㈱、Ⅻ章'],
    ['ΑΒγ абв と 日本'],
    ['𠮷野家の牛丼'], // a surrogate pair the dictionary does not know
    ['😀'],
    // A run of one character class holding surrogate pairs is measured in UTF-16 units, so its
    // node ends past the next character: 未来 is read as 来 alone.
    ['AI😀😀の未来'],
    ['3場ウ😀🚀γaけガｴ響真ｲそｱⅫ😀'],
    // Nothing reaches the last characters, so the end of the sentence takes the best predecessor of
    // the node searched before it (kuromoji's hoisted `var`): two tokens instead of none.
    ['😀𠮷1😀𠮷・'],
    ['1 𠮷😀ｱ😀𠮷・'],
    ['日本\udc00語'], // a lone low surrogate is a character of its own
    ['\udc00'],
    ['ーーー日本'],
    ['こんにちは世界'],
    ['日本語のタイトル、'.repeat(30)],
    ['x'.repeat(300)],
    ['ア'.repeat(300)],
    ['漢'.repeat(300)],
    ['%&+%&+ 100%'],
  ])('%j', (text) => {
    expectSame(text);
  });

  it('pins the two kuromoji quirks the cases above name', () => {
    expect(fields(fast('AI😀😀の未来')!).map((t) => t[0])).toEqual(['AI', '😀😀', '来']);
    expect(fields(fast('😀𠮷1😀𠮷・')!).map((t) => t[0])).toEqual(['😀𠮷', '𠮷']);
  });

  it('declines a lone high surrogate, which kuromoji’s UTF-8 encoder rejects', () => {
    for (const text of ['A\ud83dB日本', '\ud83d', '日本\ud83d', '\ud83d\ud83d\ude00']) {
      expect(fast(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('agrees on every corpus title, as written and as the slugifier normalises it', () => {
    const titles = corpusTitles();
    expect(titles.length).toBeGreaterThan(1500);
    for (const title of titles) {
      expectSame(title);
      expectSame(title.normalize('NFKC'));
    }
  });

  it('agrees on every corpus title when its tables are tiny and emptied all the time', () => {
    const tiny = fastTokenizer(built, { memoBits: 3, lines: 2 })!;
    for (const title of corpusTitles()) {
      const got = tiny(title);
      expect(got, title).toBeDefined();
      expect(fields(got!), title).toEqual(reference(title));
    }
  });

  it('agrees on 20,000 seeded random strings mixing every script and class', () => {
    const pools = [
      [
        ...'あいうえおかがきくけこさしすせそたちつてとなにぬねのはばぱひふへほまみむめもやゆよらりるれろわをんっゃゅょー',
      ],
      [
        ...'アイウエオカガキクケコサシスセソタチツテトナニヌネノハバパヒフヘホマミムメモヤユヨラリルレロワヲンッャュョーヴ',
      ],
      [...'日本語投資分析市場未来技術企業戦略真意影響生成人工知能東京月日人年時倍億円'],
      [...'abcXYZ0123456789'],
      [...'ｱｲｳｴｵｶﾞﾟｰｯｬ'],
      [...'、。！？「」・　 %&+-.,:;()'],
      ['😀', '𠮷', '🚀', '\udc00', '\u0301', '\ufffd'],
      [...'①②Ⅻ㈱ΑΒγабв〜'],
    ];
    let seed = 20_260_401;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let k = random(40); k > 0; k--) {
        const pool = pools[random(pools.length)]!;
        text += pool[random(pool.length)]!;
      }
      expectSame(text);
    }
  });
});

describe('analyser', () => {
  it('falls back to kuromoji where the fast path declines, errors included', () => {
    const tokenize = analyser(built);
    expect(fields(tokenize('日本の未来'))).toEqual(reference('日本の未来'));
    const text = 'A\ud83dB日本';
    const expected = reference(text);
    expect(expected).toBeInstanceOf(Error);
    expect(() => tokenize(text)).toThrow((expected as Error).constructor as new () => Error);
  });

  it('uses kuromoji alone when its internals are not the expected ones', () => {
    const calls: string[] = [];
    const stranger = {
      tokenize: (text: string): Token[] => {
        calls.push(text);
        return [{ surface_form: text, pos: '名詞', pos_detail_1: '一般', pos_detail_2: '*' }];
      },
    };
    expect(fastTokenizer(stranger)).toBeUndefined();
    expect(analyser(stranger)('日本')).toEqual([
      { surface_form: '日本', pos: '名詞', pos_detail_1: '一般', pos_detail_2: '*' },
    ]);
    expect(calls).toEqual(['日本']);
  });
});
