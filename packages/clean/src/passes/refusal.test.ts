import type { SourcePost } from '@kiji/jekyll';
import { beforeAll, describe, expect, test } from 'vitest';
import { seeded } from '../../test/seeded.js';
import { parseBlocks } from '../blocks.js';
import { createCleaner } from '../index.js';
import { createSentenceCache } from '../sentences.js';
import type { Fix } from '../types.js';
import { createPassContext } from './context.js';
import { splitAtEndMarkers } from './end-markers.js';
import { isRefusal, REFUSAL, removeRefusals } from './refusal.js';

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

/** What the gate is told about a body: the refusal or request found where the article starts. */
function refusalAtStart(body: string): string | undefined {
  const fixes: Fix[] = [];
  const ctx = createPassContext(fixes, createSentenceCache());
  const chunks = splitAtEndMarkers(body, 1, fixes).map((c, i) => parseBlocks(c.text, c.line, i));
  removeRefusals(chunks, ctx);
  return ctx.refusalAtStart;
}

const ARTICLE = Array.from(
  { length: 12 },
  (_, i) => `これは${i + 1}番目の段落で、記事の本文として十分な長さのある文章を書いています。`,
).join('\n\n');

/** The model's side of a clarification dialogue, then its answer to a user who never wrote. */
const DIALOGUE = [
  'ちょっと待ってくださいね。Web検索で「X社、AI活用で1万人再雇用へ」を調べてみたのですが、どうも情報が逆のようです。',
  '検索結果によると、X社は2025年に約1万人の従業員を解雇したと報じられています。',
  'この点について、もう少し詳しく教えていただけますか？「再雇用」ではなく「解雇」という情報に基づいて記事を作成してもよろしいでしょうか？',
  'なるほど、ありがとうございます。やはり私の情報収集に誤りがあったようですね。',
].join('\n\n');

describe('clarification dialogues', () => {
  test('a request for details or for leave to write, before the first heading, is a refusal at the start', () => {
    expect(refusalAtStart(`${DIALOGUE}\n\n### X社の戦略\n\n${ARTICLE}`)).toBe(
      'この点について、もう少し詳しく教えていただけますか？',
    );
    const source = [
      '「Y社、900万ポンド資金調達」というお話、興味深いですね。ただ、この金額に合致する情報が見当たらないんです。',
      'もしよろしければ、どの「Y社」についてお知りになりたいのか、もう少し詳しく教えていただけますでしょうか？そうすれば、より的確な分析ができると思います。',
    ].join('\n\n');
    expect(refusalAtStart(`${source}\n\n${ARTICLE}`)).toMatch(
      /^もしよろしければ.*教えていただけますでしょうか？$/,
    );
    const leave = 'この情報に基づいて記事を執筆してもよろしいでしょうか？';
    expect(refusalAtStart(`${leave}\n\n${ARTICLE}`)).toBe(leave);
  });

  test('an article asking its readers is no dialogue', () => {
    // The request comes after the article's first heading: the readers are asked, not the user.
    expect(
      refusalAtStart(`${ARTICLE}\n\n### まとめ\n\nこの記事の分析について、コメントで教えていただけますか？`),
    ).toBeUndefined();
    // A lead asking its readers, however it names the article.
    expect(
      refusalAtStart(
        `皆さんの会社ではAIをどう活用していますか？ぜひ教えていただけますか？この記事では事例を分析します。\n\n${ARTICLE}`,
      ),
    ).toBeUndefined();
    // Said about the reader's own company, not the task.
    expect(
      refusalAtStart(`あなたの会社ではどうですか？ぜひ教えていただけますか？\n\n${ARTICLE}`),
    ).toBeUndefined();
    // Past the opening paragraphs.
    const late = `${ARTICLE}\n\nこの分析について、もう少し詳しく教えていただけますか？`;
    expect(refusalAtStart(late)).toBeUndefined();
    expect(refusalAtStart(ARTICLE)).toBeUndefined();
  });

  describe('the gate', () => {
    let clean: Awaited<ReturnType<typeof createCleaner>>;
    beforeAll(async () => {
      clean = await createCleaner();
    });
    const post = (body: string): SourcePost => ({
      id: 'dialogue',
      sourcePath: '/posts/dialogue.md',
      title: 'X社、AI活用で1万人再雇用へ',
      date: {
        iso: '2025-11-02T11:22:51+09:00',
        epochMs: 1762050171000,
        offset: '+09:00',
        source: 'front-matter',
      },
      categories: ['実装事例'],
      tags: ['AI'],
      author: 'ALLFORCES編集部',
      excerpt: 'X社、AI活用で1万人再雇用へについて詳細に分析します。',
      readingTime: 8,
      draft: false,
      extra: {},
      body,
      bodyLine: 11,
    });

    test('holds back the dialogue with the article written after it, quoting the request', () => {
      const r = clean(post(`${DIALOGUE}\n\n### X社の戦略\n\n${ARTICLE}`));
      expect(r.verdict.status).toBe('quarantine');
      expect(r.verdict.reasons.map((x) => x.code)).toEqual(['refusal']);
      expect(r.verdict.reasons[0]?.message).toContain('教えていただけますか？');
      // The model's thanks to the user who never wrote is named where the editor reads the post.
      expect(r.fixes).toContainEqual(
        expect.objectContaining({
          kind: 'model-talk',
          detail: expect.stringContaining('なるほど、ありがとうございます。'),
        }),
      );
    });

    test('publishes the article that only asks its readers', () => {
      const r = clean(
        post(`${ARTICLE}\n\n### まとめ\n\nこの記事の分析について、コメントで教えていただけますか？`),
      );
      expect(r.verdict).toEqual({ status: 'publish', reasons: [] });
    });
  });
});
