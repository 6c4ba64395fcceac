import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JaError } from './errors.js';
import { buildTokenizer, createSlugifier, latinWord, mayCarryAccents, normalise, slugify } from './slug.js';

const shared = process.env.KIJI_SHARED_DIR ?? resolve(import.meta.dirname, '../../../../shared');

function corpusTitles(): string[] {
  const [header, ...rows] = readFileSync(join(shared, 'corpus/manifest.tsv'), 'utf8').trimEnd().split('\n');
  const column = header!.split('\t').indexOf('title');
  expect(column).toBeGreaterThanOrEqual(0);
  return rows.map((row) => row.split('\t')[column] ?? '');
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('slugify on real titles', () => {
  // Each slug read and checked by hand against the title.
  const cases: [string, string][] = [
    ['AI記事自動生成システムの紹介', 'ai-kiji-jidou-seisei-shisutemu-no-shoukai'],
    [
      '日本企業のAI導入本格化と特定セグメントの成長機会',
      'nihon-kigyou-no-ai-dounyuu-honkakuka-to-tokutei-segumento-no-seichou-kikai',
    ],
    [
      'MSとNebiusの194億ドルAI契約、その真意はどこにあるのか？',
      'ms-to-nebius-no-194-oku-doru-ai-keiyaku-sono-shini-wa-doko-ni-aru-no-ka',
    ],
    [
      '**Nscaleの11億ドル調達、AIインフラの未来をどう変えるのか？**',
      'nscale-no-11-oku-doru-choutatsu-ai-infura-no-mirai-o-dou-kaeru-no-ka',
    ],
    ['Anthropic ClaudeとMS 365連携の真意', 'anthropic-claude-to-ms-365-renkei-no-shini'],
    ['ByteDanceの画像生成AI「Seedream」', 'bytedance-no-gazou-seisei-ai-seedream'],
    [
      'PwC Japanの「AI Factory」発足、その真意はどこにあるのか？',
      'pwc-japan-no-ai-factory-hossoku-sono-shini-wa-doko-ni-aru-no-ka',
    ],
    [
      'ツクリンクのAIマッチング機能、建設業界に何をもたらすのか？',
      'tsukurinku-no-ai-matchingu-kinou-kensetsu-gyoukai-ni-nani-o-motarasu-no-ka',
    ],
    [
      'アリババ、AIクラウドに巨額投資：その戦略の深層と市場への影響とは？',
      'aribaba-ai-kuraudo-ni-kyogaku-toushi-sono-senryaku-no-shinsou-to-shijou-e-no',
    ],
    [
      '北朝鮮のAIドローン開発、その真意と技術的挑戦とは？',
      'kitachousen-no-ai-doron-kaihatsu-sono-shini-to-gijutsuteki-chousen-to-wa',
    ],
    ['ソフトバンクの可能性とは？', 'sofutobanku-no-kanousei-to-wa'],
    [
      'AIの「98%」は本当？バイアス検出の真実とは？',
      'ai-no-98-percent-wa-hontou-baiasu-kenshutsu-no-shinjitsu-to-wa',
    ],
    [
      'EU AI Act完全施行は2026年8月！日本企業が知るべき影響とAI活用の現実解とは？',
      'eu-ai-act-kanzen-shikou-wa-2026-nen-8-gatsu-nihon-kigyou-ga-shirubeki-eikyou-to',
    ],
    [
      'Copilot、エンタープライズ導入率50%突破、何が起きているのか？',
      'copilot-entapuraizu-dounyuuritsu-50-percent-toppa-nani-ga-okiteiru-no-ka',
    ],
    [
      'パナソニックLaViDaがAI生成を2倍速に、その真意と市場への影響とは？',
      'panasonikku-lavida-ga-ai-seisei-o-2-bai-soku-ni-sono-shini-to-shijou-e-no-eikyou',
    ],
    [
      'MicrosoftのBing 7.0、検索の未来は本当に変わるのか？',
      'microsoft-no-bing-7-0-kensaku-no-mirai-wa-hontouni-kawaru-no-ka',
    ],
    [
      'Inflection AIの新モデル、人間らしさとは何を目指すのか？',
      'inflection-ai-no-shin-moderu-ningenrashisa-to-wa-nani-o-mezasu-no-ka',
    ],
    ['トヨタの自動運転AI、北米で何が変わる？', 'toyota-no-jidou-unten-ai-hokubei-de-nani-ga-kawaru'],
    ['AI倫理指数、欧州トップに何が見える？', 'ai-rinri-shisuu-oushuu-toppu-ni-nani-ga-mieru'],
    [
      '# MetaのLlama 4多言語戦略：見過ごせない技術的野心と市場インパクト。',
      'meta-no-llama-4-tagengo-senryaku-misugosenai-gijutsuteki-yashin-to-shijou',
    ],
    [
      'EU AI法の「高リスク」義務、2027年へ延期。その真意は何か？',
      'eu-ai-hou-no-kou-risuku-gimu-2027-nen-e-enki-sono-shini-wa-nani-ka',
    ],
    ['Samsungの次世代FoldableにAI搭載\ufffd', 'samsung-no-jisedai-foldable-ni-ai-tousai'],
  ];

  it('uses titles that are really in the corpus', () => {
    const titles = new Set(corpusTitles());
    for (const [title] of cases) expect(titles.has(title), title).toBe(true);
  });

  it.each(cases)('%s', async (title, expected) => {
    expect(await slugify(title)).toBe(expected);
  });
});

describe('slugify rules', () => {
  it('never throws: a lone surrogate in Japanese text reads as no word', async () => {
    await expect(slugify('A\ud83dB日本')).resolves.toBe(await slugify('A\uFFFDB日本'));
    await expect(slugify('日本\udc00の未来')).resolves.toBe('nihon-no-mirai');
  });

  it.each([
    ['投資分析', 'toushi-bunseki'], // never Mandarin tou-zi-fen-xi
    ['東京へ行く', 'toukyou-e-iku'], // へ as a particle is e
    ['本を読む', 'hon-o-yomu'], // を is o
    ['AIの未来は明るい', 'ai-no-mirai-wa-akarui'], // は is wa
    ['日本の未来', 'nihon-no-mirai'], // not nippon
    ['東京では雨', 'toukyou-de-wa-ame'],
    ['こんにちは世界', 'konnichiwa-sekai'],
    ['3人で8月1日に', '3-nin-de-8-gatsu-1-nichi-ni'], // counters read as counters
    ['行ってきた', 'ittekita'], // sokuon across tokens, auxiliaries join the verb
    ['3600億ドル超の投資', '3600-oku-doru-chou-no-toushi'], // a suffix after a counter stands apart
    ['生産性と技術的課題', 'seisansei-to-gijutsuteki-kadai'], // other suffixes join their word
    ['ＡＩとＧＰＴ－４', 'ai-to-gpt-4'], // full-width folded
    ['Café & Crème', 'cafe-and-creme'],
    ['  Hello,   World!  ', 'hello-world'],
  ])('%s → %s', async (title, expected) => {
    expect(await slugify(title)).toBe(expected);
  });

  it('cuts at a word boundary within maxLength', async () => {
    const long = '人工知能の未来と社会への影響を考える'.repeat(5);
    const full = await slugify(long, { maxLength: 1000 });
    const cut = await slugify(long);
    expect(cut.length).toBeLessThanOrEqual(80);
    expect(full.startsWith(`${cut}-`)).toBe(true);
    expect(await slugify('投資分析', { maxLength: 8 })).toBe('toushi');
  });

  it('cuts a single word longer than maxLength', async () => {
    expect(await slugify('a'.repeat(100), { maxLength: 10 })).toBe('a'.repeat(10));
  });

  it('is never empty: unreadable titles get a short hash, the same every time', async () => {
    const a = await slugify('？？？');
    expect(a).toMatch(/^post-[0-9a-f]{8}$/);
    expect(await slugify('？？？')).toBe(a);
    expect(await slugify('')).toMatch(/^post-[0-9a-f]{8}$/);
    expect(await slugify('！！！')).not.toBe(a);
  });

  it('keeps the hash fallback within a tiny maxLength', async () => {
    expect(await slugify('？', { maxLength: 5 })).toBe('post');
    expect(await slugify('投資分析', { maxLength: 0.5 })).toBe('t');
  });

  it('rejects a bad maxLength with a JaError', async () => {
    await expect(slugify('x', { maxLength: 0 })).rejects.toThrow(JaError);
    await expect(createSlugifier({ maxLength: Number.POSITIVE_INFINITY })).rejects.toThrow(/maxLength/);
  });
});

describe('createSlugifier over the whole corpus', () => {
  it('gives every title a valid, deterministic slug of at most 80 characters', async () => {
    const titles = corpusTitles();
    expect(titles.length).toBeGreaterThan(1500);
    const [one, two] = await Promise.all([createSlugifier(), createSlugifier()]);
    const long = await createSlugifier({ maxLength: 10_000 });
    for (const title of titles) {
      const slug = one(title);
      if (!SLUG.test(slug) || slug.length > 80)
        throw new Error(`bad slug ${JSON.stringify(slug)} for ${title}`);
      if (two(title) !== slug) throw new Error(`not deterministic: ${title}`);
      const full = long(title);
      if (full !== slug && !full.startsWith(`${slug}-`)) throw new Error(`not cut at a word: ${title}`);
    }
  });
});

describe('dictionary errors', () => {
  it('names the directory, says what to do and keeps the cause', async () => {
    const missing = join(shared, 'no-such-dictionary');
    const error = await buildTokenizer(missing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JaError);
    const jaError = error as JaError;
    expect(jaError.code).toBe('dictionary-load');
    expect(jaError.message).toContain(missing);
    expect(jaError.message).toMatch(/^@kiji\/ja: /);
    expect(jaError.hint).toMatch(/npm ci/);
    expect(jaError.cause).toBeDefined();
  });
});

describe('normalise', () => {
  const roundTrip = (text: string) =>
    text
      .normalize('NFKC')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC');

  it('skips the accent round trip only where NFD cannot add an accent, for every BMP character', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (!mayCarryAccents(ch) && /[\u0300-\u036f]/.test(ch.normalize('NFD')))
        throw new Error(`U+${c.toString(16)} decomposes to an accent`);
      if (normalise(ch) !== roundTrip(ch)) throw new Error(`U+${c.toString(16)} normalises differently`);
    }
  });

  it('gives what the full round trip gives', () => {
    const texts = [
      ...corpusTitles(),
      'café の résumé',
      'ＡＩとＧＰＴ－４',
      'ｶﾀｶﾅ',
      '¨´',
      '≠≮',
      'Ｃａｆé',
      '𠮷野家',
      'e\u0301',
      'が',
      'か\u3099',
      '\ud83d',
      '',
    ];
    for (const text of texts) expect(normalise(text), JSON.stringify(text)).toBe(roundTrip(text));
  });
});

describe('latinWord', () => {
  it('says what /^[a-z0-9]+$/ says of the lower-cased text, for every character alone and in a word', () => {
    const reference = (text: string) =>
      /^[a-z0-9]+$/.test(text.toLowerCase()) ? text.toLowerCase() : undefined;
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `Ab${ch}`, `${ch}9`]) {
        if (latinWord(text) !== reference(text))
          expect(latinWord(text), `U+${c.toString(16)}`).toBe(reference(text));
      }
    }
    for (let c = 0x10000; c <= 0x10ffff; c++) {
      if (/[\x00-\x7f]/.test(String.fromCodePoint(c).toLowerCase())) throw new Error(`U+${c.toString(16)}`);
    }
    expect(latinWord('\u212a')).toBe('k'); // the Kelvin sign lower-cases to ASCII
    expect(latinWord('\u212aA\u212a')).toBe('kak');
    expect(latinWord('')).toBeUndefined();
    expect(latinWord('GPT4o')).toBe('gpt4o');
  });
});
