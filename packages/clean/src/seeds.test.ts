import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { splitSentences } from '@kiji/ja';
import { parsePost } from '@kiji/jekyll';
import { beforeAll, describe, expect, test } from 'vitest';
import { seedFiles } from '../test/corpus.js';
import type { CleanResult } from './index.js';
import { createCleaner } from './index.js';

/**
 * The five seed posts end to end. What the right article is for each was decided by reading it;
 * the reasoning is in `test/fixtures/seeds/<id>/expected-notes.md`.
 */
interface Expected {
  readonly title: string;
  readonly excerpt: string;
  readonly headings: readonly string[];
  readonly first: string;
  readonly last: string;
  readonly kinds: readonly string[];
}

const expected: Record<string, Expected> = {
  d3448eb173be9d92: {
    title: 'Microsoft Azure、AIインフラ投資、1兆円規模へ',
    excerpt:
      'ねえ、あなたもこのニュースを見て驚いたんじゃないかな？マイクロソフトがAzureのAIインフラに1兆円規模の投資をするって。正直なところ、私も最初にこの数字を見た時、思わず二度見しちゃったよ。「また大規模な投資か…」って。この業界に20年もいると、何度か大きな波を見てきたからね。',
    headings: ['## 投資家としてこの動きをどう見るべきか？', '## 技術者として、私たちは何に備えるべきか？'],
    first: 'ねえ、あなたもこのニュースを見て驚いたんじゃないかな？',
    last: 'これは、単にコードを書くだけでは得られない、人間ならではの深い洞察力と共感力が必要とされる領域だ。',
    kinds: [
      'bold-heading',
      'chunk-join',
      'duplicate-paragraph',
      'end-marker',
      'excerpt',
      'flattened-echo',
      'repeated-heading',
      'title',
      'truncated-ending',
    ],
  },
  '62c5189bcd6da4fa': {
    title: 'MSとNebiusの194億ドルAI契約、その真意はどこにあるのか？',
    excerpt:
      '「MS、Nebiusと194億ドルAI契約」――このヘッドラインを見たとき、正直なところ、私も一瞬目を疑いましたよ。194億ドル、しかもAIコンピューティングパワーの確保のため、ですか。あなたも感じているかもしれませんが、この数字のインパクトは尋常ではありませんよね。',
    headings: [
      '## Microsoftの戦略的意図：なぜ「自社開発」に加えて「外部」なのか？',
      '## ネオクラウドプロバイダーの台頭：なぜ彼らが選ばれるのか？',
      '## AIインフラ競争の激化と今後の展望',
      '## 社会全体への影響：AIインフラの未来が示すもの',
      '## 投資家への示唆：新たな投資機会を見つける',
      '## 技術者への示唆：求められるスキルセットの変化',
    ],
    first:
      '「MS、Nebiusと194億ドルAI契約」――このヘッドラインを見たとき、正直なところ、私も一瞬目を疑いましたよ。',
    last: 'AIの環境負荷が問題視される中で、より少ない計算リソースで同等以上の性能を発揮するモデルの設計や、効率的な推論手法の開発は、倫理的かつ実用的な観点から非常に重要になります。',
    kinds: [
      'bold-heading',
      'chunk-join',
      'duplicate-paragraph',
      'duplicate-sentences',
      'end-marker',
      'excerpt',
      'flattened-echo',
      'merge-later-version',
      'repeated-heading',
      'title-echo',
      'truncated-chunk',
      'truncated-ending',
    ],
  },
  e9483ed01d648355: {
    title: 'AIインフラ投資3600億ドル超、その真意はどこにあるのか？',
    excerpt:
      'いやはや、最近のAI業界の動きには本当に目を見張るものがありますね。あなたも感じているかもしれませんが、この「3600億ドル超」という数字、正直なところ、最初に聞いた時は「またか！」と、少しばかり懐疑的になったものです。',
    headings: [],
    first: 'いやはや、最近のAI業界の動きには本当に目を見張るものがありますね。',
    last: 'そして、その変化の中で、私たちはどのような役割を果たすべきなのでしょうか。',
    kinds: ['excerpt', 'title-echo'],
  },
  c8123a293010547c: {
    title: 'MSとAWS、クラウドAI投資競争の最前線',
    excerpt:
      'マイクロソフトとアマゾンは、クラウドAI分野で熾烈な投資競争を展開しています。両社はデータセンターインフラ、独自AIチップ開発、戦略的パートナーシップに巨額を投じ、急速に拡大するAI市場での主導権確立を目指しています。この動きは、技術革新と市場構造に大きな影響を与えています。',
    headings: [
      '## 概要',
      '## 詳細分析',
      '### マイクロソフトの戦略と投資',
      '### アマゾン（AWS）の戦略と投資',
      '## 市場への影響',
      '## 今後の展望',
    ],
    first: '概要',
    last: '両社は、AI人材の獲得と育成においても激しい競争を繰り広げ、グローバルなAIエコシステム形成を主導していくと見られます。',
    kinds: ['excerpt', 'title-echo'],
  },
  c04c9c3010fcc63b: {
    title: 'Amazon、AWSのAIインフラ投資500億ドル、その真意は何でしょう？',
    excerpt:
      'いやー、このニュース、目に飛び込んできたときは、思わず「ほう」と声が出ちゃいましたよ。AmazonがAWSを通じてAIインフラに500億ドル、これはなかなかインパクトのある数字ですよね。',
    headings: [],
    first: 'いやー、このニュース、目に飛び込んできたときは、思わず「ほう」と声が出ちゃいましたよ。',
    last: '私自身は、この変化の波に乗り遅れないよう、常に学び続け、そして、これまで培ってきた経験と知識を、少しでも多くの人に役立つ形で発信していきたいと思っています。',
    kinds: ['excerpt', 'title-echo'],
  },
};

const results = new Map<string, { body: string; result: CleanResult }>();

beforeAll(async () => {
  const clean = await createCleaner();
  for (const file of seedFiles()) {
    const parsed = parsePost(file, readFileSync(file));
    if (!parsed.ok) throw parsed.error;
    results.set(parsed.post.id, { body: parsed.post.body, result: clean(parsed.post) });
  }
});

describe('seeds end to end', () => {
  test('all five seeds are read', () => {
    expect([...results.keys()].sort()).toEqual(Object.keys(expected).sort());
    expect(seedFiles().map((f) => path.basename(f))).toHaveLength(5);
  });

  for (const [id, want] of Object.entries(expected)) {
    test(`${id}: reads like the article`, () => {
      const got = results.get(id);
      expect(got).toBeDefined();
      const { post, fixes, verdict } = got!.result;
      expect(verdict).toEqual({ status: 'publish', reasons: [] });
      expect(post.title).toBe(want.title);
      expect(post.excerpt).toBe(want.excerpt);
      expect(post.excerpt.length).toBeLessThanOrEqual(140);
      expect(post.markdown.split('\n').filter((l) => /^#{1,6} /.test(l))).toEqual(want.headings);
      const sentences = splitSentences(post.text)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      expect(sentences[0]).toBe(want.first);
      expect(sentences[sentences.length - 1]).toBe(want.last);
      expect([...new Set(fixes.map((f) => f.kind))].sort()).toEqual([...want.kinds].sort());
      expect(post.markdown).not.toMatch(/---END---/);
      expect(post.html).not.toMatch(/\*\*/);
      expect(post.readingMinutes).toBeGreaterThanOrEqual(1);
    });
  }

  test('62c5189bcd6da4fa: the later chunk’s extra section lands in order, each section once', () => {
    const md = results.get('62c5189bcd6da4fa')!.result.post.markdown;
    const social = md.indexOf('## 社会全体への影響');
    expect(social).toBeGreaterThan(md.indexOf('そして、ソフトウェア層の重要性も忘れてはなりません。'));
    expect(social).toBeLessThan(md.indexOf('## 投資家への示唆'));
    // The cut "…今回登場" + "るGB300…" seam is the sentence that exists whole, kept once.
    expect(md.split('今回登場するGB300チップは').length).toBe(2);
    expect(md).toContain('総額330億ドル以上もの投資をコミットしているのでしょうか？');
  });

  test('d3448eb173be9d92: the flattened echo of the article is gone, its title rebuilt from the excerpt', () => {
    const { post, fixes } = results.get('d3448eb173be9d92')!.result;
    expect(post.markdown.split('ねえ、あなたもこのニュースを見て驚いたんじゃないかな？').length).toBe(2);
    expect(fixes.find((f) => f.kind === 'title')?.detail).toContain('ねえの可能性とは？');
    expect(post.slug).toMatch(/^[a-z0-9-]+$/);
  });
});
