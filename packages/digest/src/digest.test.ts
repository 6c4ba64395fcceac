import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createDigestRenderer,
  DEFAULT_TEMPLATES_DIR,
  type DigestCandidate,
  type DigestContent,
  DigestError,
  type DigestPost,
  digestWindow,
  groupByTag,
  selectArticles,
  splitByTag,
} from './index.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-10-08T00:00:00Z');

function post(n: number, over: Partial<DigestPost> = {}): DigestPost {
  return {
    id: `p${n}`,
    title: `記事${n}：半導体株の見通しと<リスク>`,
    slug: `kiji-${n}`,
    date: { iso: new Date(T0 - n * 3_600_000).toISOString(), epochMs: T0 - n * 3_600_000 },
    categories: ['投資分析'],
    tags: ['AI', '最新ニュース', n % 2 ? 'NVIDIA' : '半導体', n % 3 ? '投資' : 'OpenAI'],
    excerpt: `第${n}四半期の決算を読み解く。需要は堅調で、投資家の注目が集まっている。`,
    readingMinutes: 4 + (n % 5),
    ...over,
  };
}
const publish = (p: DigestPost): DigestCandidate => ({ post: p, verdict: { status: 'publish' } });
const window = { sinceMs: T0 - 7 * DAY, untilMs: T0 };

function content(n: number, extra: Partial<DigestContent> = {}): DigestContent {
  const { articles } = selectArticles(
    Array.from({ length: n }, (_, i) => publish(post(i + 1))),
    { window, siteUrl: 'https://example.com' },
  );
  return {
    title: '週刊 投資分析ダイジェスト',
    siteTitle: 'ALLFORCES',
    siteUrl: 'https://example.com/',
    window,
    sections: groupByTag(articles),
    webVersionUrl: 'https://example.com/digest/2025-10-08/',
    ...extra,
  };
}

describe('selectArticles', () => {
  it('keeps publishable posts in the categories and window, never quarantined ones', () => {
    const inWindow = post(1);
    const quarantined = post(2);
    const otherCategory = post(3, { categories: ['AI技術ガイド'] });
    const tooOld = post(4, { date: { iso: '', epochMs: T0 - 8 * DAY } });
    const atStart = post(5, { date: { iso: '', epochMs: window.sinceMs } });
    const atEnd = post(6, { date: { iso: '', epochMs: window.untilMs } });
    const { articles, warnings } = selectArticles(
      [
        publish(inWindow),
        { post: quarantined, verdict: { status: 'quarantine' } },
        publish(otherCategory),
        publish(tooOld),
        publish(atStart),
        publish(atEnd),
      ],
      { window, siteUrl: 'https://example.com/blog' },
    );
    expect(articles.map((a) => a.post.id)).toEqual(['p6', 'p1']);
    expect(articles[1]!.url).toBe('https://example.com/blog/kiji-1/');
    expect(warnings).toEqual([]);
  });

  it('counts the old category name 業界分析 as 投資分析 unless aliases are turned off', () => {
    const old = publish(post(1, { categories: ['業界分析'] }));
    expect(selectArticles([old], { window, siteUrl: 'https://example.com' }).articles).toHaveLength(1);
    expect(
      selectArticles([old], { window, siteUrl: 'https://example.com', categoryAliases: {} }).articles,
    ).toHaveLength(0);
  });

  it('uses Ghost URLs when given and leaves out, with a warning, posts not live yet', () => {
    const { articles, warnings } = selectArticles([publish(post(1)), publish(post(2))], {
      window,
      siteUrl: 'https://example.com',
      ghostUrls: new Map([['kiji-2', 'https://example.com/2025/kiji-2/']]),
    });
    expect(articles.map((a) => a.url)).toEqual(['https://example.com/2025/kiji-2/']);
    expect(warnings).toMatchObject([{ code: 'not-in-ghost', postId: 'p1' }]);
  });

  it('starts the first window a week back, later ones where the last ended', () => {
    expect(digestWindow(undefined, T0)).toEqual({ sinceMs: T0 - 7 * DAY, untilMs: T0 });
    expect(digestWindow(T0 - DAY, T0)).toEqual({ sinceMs: T0 - DAY, untilMs: T0 });
  });

  it('rejects a site URL that is not http(s)', () => {
    expect(() => selectArticles([], { window, siteUrl: 'example.com' })).toThrow(DigestError);
  });
});

describe('groupByTag', () => {
  it('drops tags on more than 80% of articles and puts each article once under its first section', () => {
    const { articles } = selectArticles(
      Array.from({ length: 12 }, (_, i) => publish(post(i + 1))),
      { window, siteUrl: 'https://example.com' },
    );
    const sections = groupByTag(articles);
    const tags = sections.map((s) => s.tag);
    expect(tags).not.toContain('AI');
    expect(tags).not.toContain('最新ニュース');
    const ids = sections.flatMap((s) => s.articles.map((a) => a.post.id));
    expect(ids.sort()).toEqual(articles.map((a) => a.post.id).sort());
    // Most articles first: 投資 (8 of 12) before the rest.
    expect(tags[0]).toBe('投資');
    expect(groupByTag(articles, { tagOrder: ['OpenAI'] })[0]!.tag).toBe('OpenAI');
    expect(splitByTag(articles).has('AI')).toBe(false);
    expect(splitByTag(articles).get('NVIDIA')).toHaveLength(6);
  });
});

describe('createDigestRenderer', () => {
  it('renders a Japanese email with links, dates, reading time, excerpts, chips and a text part', async () => {
    const renderer = await createDigestRenderer();
    const digest = await renderer.render(content(6));
    expect(digest.omitted).toBe(0);
    expect(digest.shown).toBe(6);
    expect(digest.html).toMatch(/<html[^>]*lang="ja"/);
    expect(digest.html).toContain('Hiragino Sans');
    expect(digest.html).toContain('href="https://example.com/kiji-1/"');
    expect(digest.html).toContain('記事1：半導体株の見通しと&lt;リスク&gt;');
    expect(digest.html).toMatch(/約 \d 分で読めます/);
    expect(digest.html).toContain('<span class="chip">NVIDIA</span>');
    expect(digest.html).not.toContain('<span class="chip">AI</span>'); // on every article: no chip
    expect(digest.html).toContain('(prefers-color-scheme: dark)');
    expect(digest.html).toContain('.chip{display:inline-block;'); // CSS minified, not silently skipped
    expect(digest.html).toContain('&#847;');
    // Minified: no indentation left outside Outlook's conditional comments.
    expect(digest.html.replace(/<!--\[if[\s\S]*?<!\[endif\]-->/g, '')).not.toContain('\n  ');
    expect(digest.text).toContain('記事1：半導体株の見通しと<リスク>');
    expect(digest.text).toContain('https://example.com/kiji-1/');
    expect(digest.bytes).toBeLessThan(100_000);
    const message = digest.personalise({
      name: '山田 <b>太郎</b>',
      unsubscribeUrl: 'https://example.com/unsubscribe/?uuid=abc&key=k"1',
    });
    expect(message.html).toContain('山田 &lt;b&gt;太郎&lt;/b&gt;さま');
    expect(message.html).toContain('href="https://example.com/unsubscribe/?uuid=abc&amp;key=k%221"');
    expect(message.text).toContain('配信停止: https://example.com/unsubscribe/?uuid=abc&key=k%221');
    expect(message.html).not.toMatch(/kijiph/);
    expect(digest.personalise({ unsubscribeUrl: 'https://x.test/u' }).text).toContain('読者の皆さま');
    expect(() => digest.personalise({ unsubscribeUrl: 'javascript:alert(1)' })).toThrow(DigestError);
  });

  it('shows the most articles that fit and a "N more" link when the digest is too large', async () => {
    const renderer = await createDigestRenderer({ maxBytes: 40_000 });
    const digest = await renderer.render(content(80, { moreUrl: 'https://example.com/tag/toushi/' }));
    expect(digest.bytes).toBeLessThanOrEqual(40_000);
    expect(Buffer.byteLength(digest.html)).toBeLessThan(40_000);
    expect(digest.omitted).toBeGreaterThan(0);
    expect(digest.shown + digest.omitted).toBe(80);
    expect(digest.html).toContain(`ほかに ${digest.omitted} 本の記事があります`);
    expect(digest.html).toContain('href="https://example.com/tag/toushi/"');
    expect(digest.text).toContain(
      `ほかに ${digest.omitted} 本の記事があります: https://example.com/tag/toushi/`,
    );
    // One more article would not have fitted.
    const tighter = await createDigestRenderer({ maxBytes: digest.bytes - 1 });
    expect((await tighter.render(content(80))).shown).toBeLessThan(digest.shown);
  });
});

describe('bad templates', () => {
  async function templates(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'kiji-digest-tpl-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    for (const [name, body] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), body);
    }
    return dir;
  }

  it('reports a Handlebars syntax error with the file and line', async () => {
    const dir = await templates({ 'partials/article.mjml.hbs': '<mj-section>\n<mj-column>\n{{#if title}\n' });
    const error = await createDigestRenderer({ templatesDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestError);
    expect(error).toMatchObject({
      code: 'template-syntax',
      file: join(dir, 'partials/article.mjml.hbs'),
      line: 3,
    });
  });

  it('reports an unknown field (strict mode) in a partial with its file and line', async () => {
    const dir = await templates({
      'partials/footer.mjml.hbs':
        '<mj-section>\n<mj-column><mj-text>{{nope}}</mj-text></mj-column></mj-section>\n',
    });
    const renderer = await createDigestRenderer({ templatesDir: dir });
    const error = await renderer.render(content(2)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'template-data',
      file: join(dir, 'partials/footer.mjml.hbs'),
      line: 2,
    });
    expect(String((error as Error).message)).toContain('nope');
  });

  it('reports invalid MJML in the main template with its line', async () => {
    const main = (await import('node:fs/promises')).readFile(
      join(DEFAULT_TEMPLATES_DIR, 'digest.mjml.hbs'),
      'utf8',
    );
    const lines = (await main).split('\n');
    const at = lines.findIndex((l) => l.includes('<mj-body')) + 1;
    lines.splice(at, 0, '<mj-section><mj-column><mj-image /></mj-column></mj-section>', '<mj-bogus />');
    const dir = await templates({ 'digest.mjml.hbs': lines.join('\n') });
    const renderer = await createDigestRenderer({ templatesDir: dir });
    const error = (await renderer.render(content(2)).catch((e: unknown) => e)) as DigestError;
    expect(error).toMatchObject({ code: 'mjml-invalid', file: join(dir, 'digest.mjml.hbs') });
    expect([at + 1, at + 2]).toContain(error.line);
  });

  it('reports invalid MJML in a partial with the partial file and line', async () => {
    const dir = await templates({
      'partials/more.mjml.hbs': '',
      'partials/footer.mjml.hbs':
        '<mj-section>\n<mj-column>\n<mj-text colour="red">x</mj-text></mj-column></mj-section>\n',
    });
    const renderer = await createDigestRenderer({ templatesDir: dir });
    const error = (await renderer.render(content(2)).catch((e: unknown) => e)) as DigestError;
    // The partial the bad element came from, at its own line.
    expect(error).toMatchObject({
      code: 'mjml-invalid',
      file: join(dir, 'partials/footer.mjml.hbs'),
      line: 3,
    });
    expect(error.message).toContain('colour');
  });
});
