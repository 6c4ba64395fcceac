import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePost } from '@kiji/jekyll';
import { beforeAll, describe, expect, test } from 'vitest';
import { seeded } from '../test/seeded.js';
import { type CleanResult, createCleaner } from './index.js';
import {
  excerptTopic,
  isHeadlineShaped,
  repairTitle,
  seoCore,
  stripTitleMarkup,
  titleProblem,
  unbalanced,
} from './title.js';

describe('unbalanced', () => {
  test('is its split definition on generated titles', () => {
    const pairs = ['「」', '『』', '（）', '()', '【】'];
    const reference = (t: string) => pairs.some(([o, c]) => t.split(o!).length !== t.split(c!).length);
    const pieces = ['「', '」', '『', '』', '（', '）', '(', ')', '【', '】', 'AI', '投資', ' '];
    const next = seeded(43);
    for (let n = 0; n < 20000; n++) {
      let title = '';
      // The high bits: the generator's low bits repeat every few draws.
      const length = (next() >> 12) % 8;
      for (let i = 0; i < length; i++) title += pieces[(next() >> 12) % pieces.length];
      expect([title, unbalanced(title)]).toEqual([title, reference(title)]);
    }
  });
});

describe('titleProblem', () => {
  test('names each damaged form the pipeline produces', () => {
    expect(titleProblem('NuraGridとKimi K2 Thinking ZDRの可能', undefined)).toMatch(/の可能性とは？` tail/);
    expect(titleProblem('Saishin Technologiesの可', undefined)).toMatch(/tail/);
    expect(titleProblem('ねえの可能性とは？', undefined)).toMatch(/first `、`/);
    expect(titleProblem('Getty ImagesとPerplexityの提携：そ', undefined)).toMatch(/after `：`/);
    expect(titleProblem('GoogleのTPUv7「Ironwood」：その真', undefined)).toMatch(/after `：`/);
    expect(titleProblem('その真意は？', undefined)).toMatch(/fragment/);
    expect(titleProblem('やあ、元気かい？', undefined)).toMatch(/model talking/);
    expect(titleProblem("I've established a detailed article stru？", undefined)).toMatch(/model talking/);
    expect(
      titleProblem(
        '2026年Claude 4は、AIの未来をどう変えるのだろうか？による業務効率化と競争力強化',
        undefined,
      ),
    ).toMatch(/SEO/);
    expect(
      titleProblem(
        'ちょっと待ってくださいね。W',
        undefined,
        'ちょっと待ってくださいね。Web検索で調べてみたのですが、どうも情報が逆のようです。',
      ),
    ).toBeDefined();
  });

  test('leaves whole titles alone', () => {
    for (const t of [
      'Qualcomm「Snapdragon X Elite 2」が問いかける、PCの未来とAIの可能性とは？',
      'MSとNebiusの194億ドルAI契約、その真意はどこにあるのか？',
      'Exynos 3500のAI推論2倍、本当に未来を変えるの？',
      '2026年iPhoneのAIチップ搭載、その真意は？',
      'EU AI法：その影響と対策',
    ]) {
      expect([t, titleProblem(t, undefined)]).toEqual([t, undefined]);
    }
    // A title the first line starts with is not "cut from prose" when it ends where a word ends.
    expect(
      titleProblem(
        'Clarity、900万ポンド資金調達',
        undefined,
        '「Clarity、900万ポンド資金調達」というお話、興味深いですね。ただ、情報が見当たらないんです。',
      ),
    ).toBe(undefined);
  });
});

describe('seoCore', () => {
  test('gives back the title the 2026 rewrite wrapped', () => {
    expect(seoCore('2026年Claude 4は、AIの未来をどう変えるのだろうか？による業務効率化と競争力強化')).toBe(
      'Claude 4は、AIの未来をどう変えるのだろうか？',
    );
    expect(seoCore('2026年xAI、メンフィスに10万GPUデータセンター建設｜各業界で進むAI活用の最前線')).toBe(
      'xAI、メンフィスに10万GPUデータセンター建設',
    );
    expect(
      seoCore('2026年AIエージェントが製造業DXを加速（導入事例）（自律化・生産性向上・コスト削減）'),
    ).toBe('AIエージェントが製造業DXを加速');
    // The year stays when the title itself opens with it.
    expect(
      seoCore('2026年、企業アプリの40%にAIエージェント搭載。何が変わるのか？の全貌と実践的な活用法'),
    ).toBe('2026年、企業アプリの40%にAIエージェント搭載。何が変わるのか？');
    expect(seoCore('2026年iPhoneのAIチップ搭載、その真意は？')).toBe(undefined);
  });
});

describe('stripTitleMarkup', () => {
  test('drops quotes around the whole title only', () => {
    expect(stripTitleMarkup('「Amazonの500億ドルAI投資、その真意はどこにあるのか？」')).toBe(
      'Amazonの500億ドルAI投資、その真意はどこにあるのか？',
    );
    expect(stripTitleMarkup('「声」の未来を守るか？')).toBe('「声」の未来を守るか？');
    expect(stripTitleMarkup('タイトル：**X社の挑戦**')).toBe('X社の挑戦');
  });
});

describe('isHeadlineShaped', () => {
  const line = (text: string) => ({ text, marked: false, labelled: false });
  test('a headline, with or without a `。`', () => {
    expect(
      isHeadlineShaped(
        line('トヨタ、自動運転AIに3兆円の巨額投資。この一手が示す、モビリティ変革の行方とは？'),
      ),
    ).toBe(true);
    expect(
      isHeadlineShaped(line('米DOE、AIデータセンター電力加速の真意とは？その裏に潜む巨大な産業変革の兆し。')),
    ).toBe(true);
  });
  test('not the article starting', () => {
    expect(
      isHeadlineShaped(
        line('RISC-V、AIチップの性能を本当に2倍にするのか？ この疑問、あなたも感じているかもしれませんね。'),
      ),
    ).toBe(false);
    expect(isHeadlineShaped(line('「おや、もう1億台か！」'))).toBe(true);
    expect(isHeadlineShaped(line('おや、もう1億台か！'))).toBe(false);
    expect(
      isHeadlineShaped(
        line(
          '「Google DeepMindが創薬AIで300件もの新薬候補を発見したって、あなたもニュースで見たんじゃないかな？」',
        ),
      ),
    ).toBe(false);
  });
});

describe('excerptTopic', () => {
  test("a note after the topic in bold is the pipeline's, not the topic's", () => {
    expect(excerptTopic('**ARM、AIチップ性能3倍向上へ** (半導体/技術革新)について詳細に分析します。')).toBe(
      'ARM、AIチップ性能3倍向上へ',
    );
    expect(excerptTopic('**IBM、AIチップ「Telum 2」発表** (2026-01-06)について詳細に分析します。')).toBe(
      'IBM、AIチップ「Telum 2」発表',
    );
    // Without bold, the brackets are the topic's own.
    expect(excerptTopic('NVIDIA/SK Group、韓国にAI工場建設 (5万基GPU)について詳細に分析します。')).toBe(
      'NVIDIA/SK Group、韓国にAI工場建設 (5万基GPU)',
    );
  });
});

describe('repairTitle', () => {
  const input = { excerpt: undefined, firstHeading: undefined, bodyOpening: undefined, firstLine: undefined };
  const echo = (text: string) => ({ text, marked: false, labelled: false });
  test('a clean title unrelated to the first line stays, and the line with it', () => {
    const r = repairTitle({
      ...input,
      raw: '推論モデルCoTの最新研究動向',
      echo: echo('CoT推論モデルの最前線：AIの「思考プロセス」を解き明かす技術'),
    });
    expect(r).toEqual({
      title: '推論モデルCoTの最新研究動向',
      from: 'as-is',
      problem: undefined,
      headline: false,
    });
  });
  test('a damaged title with an unrelated prose line falls back to the topic', () => {
    const r = repairTitle({
      ...input,
      raw: 'RISC-Vの可能性とは？',
      excerpt: 'AIチップ、RISC-V採用で性能2倍について詳細に分析します。',
      echo: echo(
        'RISC-V、AIチップの性能を本当に2倍にするのか？ この疑問、あなたも感じているかもしれませんね。',
      ),
    });
    expect([r.title, r.from, r.headline]).toEqual(['AIチップ、RISC-V採用で性能2倍', 'excerpt', false]);
  });
});

/**
 * The title stage end to end, one folder per case: `test/fixtures/title/<case>/input.md` is a
 * whole post (front matter and body) through the real parser and cleaner; `output.md` holds the
 * title, excerpt, verdict, the title/echo/excerpt fixes and the body's first blocks. `UPDATE=1`
 * rewrites the outputs; review the diff before committing.
 */
const root = fileURLToPath(new URL('../test/fixtures/title/', import.meta.url));

function summary(r: CleanResult): string {
  const fixes = r.fixes
    .filter((f) => f.kind === 'title' || f.kind === 'title-echo' || f.kind === 'excerpt')
    .map((f) => `${f.line ?? '-'} ${f.kind}: ${f.detail}`);
  const body = r.post.markdown
    .split(/\n{2,}/)
    .slice(0, 3)
    .join('\n\n');
  return [
    `title: ${r.post.title}`,
    `excerpt: ${r.post.excerpt}`,
    `verdict: ${r.verdict.status}${r.verdict.reasons.map((x) => ` ${x.code}`).join('')}`,
    '<!-- fixes',
    ...fixes,
    '-->',
    body,
    '',
  ].join('\n');
}

describe('title stage, one fixture folder per case', () => {
  let clean: Awaited<ReturnType<typeof createCleaner>>;
  beforeAll(async () => {
    clean = await createCleaner();
  });
  for (const name of existsSync(root) ? readdirSync(root).sort() : []) {
    test(name, () => {
      const dir = path.join(root, name);
      const parsed = parsePost(path.join(dir, 'input.md'), readFileSync(path.join(dir, 'input.md')));
      if (!parsed.ok) throw parsed.error;
      const r = clean(parsed.post);
      const actual = summary(r);
      const out = path.join(dir, 'output.md');
      if (process.env.UPDATE === '1') writeFileSync(out, actual);
      expect(actual).toBe(readFileSync(out, 'utf8'));
      // Cleaning the clean post changes nothing.
      const again = clean({
        ...parsed.post,
        title: r.post.title,
        excerpt: r.post.excerpt,
        body: r.post.markdown,
      });
      expect([again.post.title, again.post.excerpt, again.post.markdown]).toEqual([
        r.post.title,
        r.post.excerpt,
        r.post.markdown,
      ]);
    });
  }
  test('there are fixtures', () => {
    expect(readdirSync(root).length).toBeGreaterThan(5);
  });
});
