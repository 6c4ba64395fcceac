import type { SourcePost } from '@kiji/jekyll';
import { beforeAll, describe, expect, test } from 'vitest';
import { cleanPost, createCleaner } from './index.js';

const prose = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `これは${i + 1}番目の段落で、記事の本文として十分な長さのある文章を書いています。`,
  ).join('\n\n');

function post(over: Partial<SourcePost>): SourcePost {
  return {
    id: 'test-post',
    sourcePath: '/posts/test-post.md',
    title: 'テスト記事のタイトル',
    date: {
      iso: '2025-10-05T13:34:57+09:00',
      epochMs: 1759639097000,
      offset: '+09:00',
      source: 'front-matter',
    },
    categories: ['投資分析'],
    tags: ['AI'],
    author: 'ALLFORCES編集部',
    excerpt: '**テスト記事**について詳細に分析します。',
    readingTime: 8,
    draft: false,
    extra: {},
    body: prose(12),
    bodyLine: 11,
    ...over,
  };
}

let clean: Awaited<ReturnType<typeof createCleaner>>;
beforeAll(async () => {
  clean = await createCleaner();
});

describe('the gate', () => {
  test('an ordinary article is published', () => {
    const r = clean(post({}));
    expect(r.verdict).toEqual({ status: 'publish', reasons: [] });
    expect(r.post.readingMinutes).toBeGreaterThanOrEqual(1);
    expect(r.post.slug).toMatch(/^[a-z0-9-]+$/);
  });

  test('conflict markers hold the post back, naming the lines', () => {
    const body = `${prose(6)}\n\n<<<<<<< Updated upstream\n新しい段落です。\n=======\n古い段落です。\n>>>>>>> Stashed changes\n\n${prose(6)}`;
    const r = clean(post({ body }));
    expect(r.verdict.status).toBe('quarantine');
    expect(r.verdict.reasons.map((x) => x.code)).toContain('conflict-markers');
    expect(r.verdict.reasons[0]!.message).toMatch(/line\(s\) \d+/);
  });

  test('a body that is mostly LaTeX junk is held back; a little is removed', () => {
    const latex =
      '\\frac{\\partial L}{\\partial w} = \\sum_{i} \\alpha_i \\beta_i \\gamma_i \\delta_i \\mathbb{E}[X] '.repeat(
        40,
      );
    const junky = clean(post({ body: `${prose(2)}\n\n${latex}\n\n${prose(1)}` }));
    expect(junky.verdict.reasons.map((x) => x.code)).toContain('junk');
    const light = clean(post({ body: `${prose(30)}\n\n${latex.slice(0, 300)}` }));
    expect(light.verdict.status).toBe('publish');
    expect(light.fixes.map((f) => f.kind)).toContain('junk');
    expect(light.post.markdown).not.toContain('\\frac');
  });

  test('a broken title with nothing to rebuild it from is untitled', () => {
    const r = clean(post({ title: 'AIインフラ投資の新しい局\uFFFD', excerpt: 'AIの最新動向です。' }));
    expect(r.verdict.reasons.map((x) => x.code)).toContain('untitled');
    expect(r.fixes.find((f) => f.kind === 'title')?.detail).toMatch(/could not rebuild/);
    expect(r.post.title).not.toContain('\uFFFD');
  });

  test('a refusal opening the body is held back; the article text after it is not published', () => {
    const body = `申し訳ありませんが、「X社の発表」に関する具体的な情報を見つけることができませんでした。\n\n${prose(12)}`;
    const r = clean(post({ body }));
    expect(r.verdict.reasons.map((x) => x.code)).toEqual(['refusal']);
  });

  test('too little text after cleaning is too-short', () => {
    const r = clean(post({ body: '短い本文です。' }));
    expect(r.verdict.reasons.map((x) => x.code)).toEqual(['too-short']);
  });
});

describe('render and safety', () => {
  test('raw HTML in the body is escaped, unsafe link schemes are not linked', () => {
    const body = `${prose(10)}\n\n<script>alert(1)</script>\n\n[クリック](javascript:alert(1)) と [記事](/2025/10/05/x/) と [外部](https://example.com/)。`;
    const { html } = clean(post({ body })).post;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('href="/2025/10/05/x/"');
    expect(html).toContain('href="https://example.com/"');
  });

  test('bold next to Japanese brackets renders as bold', () => {
    const { html } = clean(
      post({ body: `${prose(10)}\n\nこれは**AGI（汎用人工知能）**への一歩です。` }),
    ).post;
    expect(html).toContain('<strong>AGI（汎用人工知能）</strong>への');
  });

  test('contentHash covers what is published, and only that', () => {
    const a = clean(post({}));
    expect(a.post.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(clean(post({})).post.contentHash).toBe(a.post.contentHash);
    expect(clean(post({ sourcePath: '/elsewhere.md' })).post.contentHash).toBe(a.post.contentHash);
    expect(clean(post({ title: '別のタイトルの記事' })).post.contentHash).not.toBe(a.post.contentHash);
  });

  test('the boilerplate excerpt becomes the lead; a real one is kept as plain text', () => {
    const lead = [1, 2, 3]
      .map((i) => `これは${i}番目の段落で、記事の本文として十分な長さのある文章を書いています。`)
      .join('');
    expect(clean(post({})).post.excerpt).toBe(lead);
    expect(clean(post({ excerpt: '**AI**の現在地を**短く**まとめます。' })).post.excerpt).toBe(
      'AIの現在地を短くまとめます。',
    );
  });

  test('cleanPost is createCleaner in one call', async () => {
    const one = await cleanPost(post({}));
    expect(one.post).toEqual(clean(post({})).post);
  });
});
