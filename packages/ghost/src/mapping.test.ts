import type { CleanPost } from '@kiji/clean';
import { describe, expect, it } from 'vitest';
import { fieldsHash, parseIdentity, postTagNames, renderIdentity, toGhostPost } from './mapping.js';

const post: CleanPost = {
  id: '2025-10-05-62c5189bcd6da4fa',
  sourcePath: 'posts/2025-10-05-62c5189bcd6da4fa.md',
  title: 'MSとNebiusの194億ドルAI契約',
  slug: 'ms-to-nebius-no-194-oku-doru-ai-keiyaku',
  date: {
    iso: '2025-10-05T13:34:57+09:00',
    epochMs: Date.parse('2025-10-05T13:34:57+09:00'),
    offset: '+09:00',
    source: 'front-matter',
  },
  categories: ['投資分析'],
  tags: ['AI', '#secret', 'クラウド', 'ai'],
  author: 'Taro',
  excerpt: 'マイクロソフトがNebiusと契約した。',
  markdown: '本文。',
  html: '<p>本文。</p>',
  text: '本文。',
  readingMinutes: 1,
  draft: false,
  extra: {},
  contentHash: 'f'.repeat(64),
};
const tagSlug = (name: string) =>
  ({ 投資分析: 'toushi-bunseki', AI: 'ai', secret: 'secret', クラウド: 'kuraudo' })[name] ?? 'x';

describe('toGhostPost', () => {
  it('maps title, html, excerpts, date with a colon offset, status, and our slug', () => {
    const g = toGhostPost(post, { tagSlug });
    expect(g.title).toBe(post.title);
    expect(g.html).toBe('<p>本文。</p>');
    expect(g.custom_excerpt).toBe(post.excerpt);
    expect(g.meta_description).toBe(post.excerpt);
    expect(g.published_at).toBe('2025-10-05T13:34:57+09:00');
    expect(g.status).toBe('published');
    expect(g.slug).toBe('ms-to-nebius-no-194-oku-doru-ai-keiyaku');
    expect(g.authors).toBeUndefined();
  });

  it('puts categories first (primary tag), drops duplicates and leading #, and adds #kiji last', () => {
    expect(postTagNames(post)).toEqual(['投資分析', 'AI', 'secret', 'クラウド']);
    expect(toGhostPost(post, { tagSlug }).tags).toEqual([
      { name: '投資分析', slug: 'toushi-bunseki' },
      { name: 'AI', slug: 'ai' },
      { name: 'secret', slug: 'secret' },
      { name: 'クラウド', slug: 'kuraudo' },
      { name: '#kiji', slug: 'hash-kiji' },
    ]);
  });

  it('keeps Jekyll drafts as drafts and can draft everything', () => {
    expect(toGhostPost({ ...post, draft: true }, { tagSlug }).status).toBe('draft');
    expect(toGhostPost(post, { tagSlug, draft: true }).status).toBe('draft');
  });

  it('caps Ghost field lengths without splitting surrogate pairs', () => {
    const long = {
      ...post,
      title: '𠮷'.repeat(300),
      excerpt: 'あ'.repeat(400),
      slug: `${'a-'.repeat(150)}b`,
    };
    const g = toGhostPost(long, { tagSlug });
    expect(Array.from(g.title)).toHaveLength(255);
    expect(g.title.endsWith('𠮷')).toBe(true);
    expect(g.custom_excerpt).toHaveLength(300);
    expect(g.slug.length).toBeLessThanOrEqual(191);
    expect(g.slug.endsWith('-')).toBe(false);
  });

  it('sends the mapped author', () => {
    expect(toGhostPost(post, { tagSlug, authorId: 'u1' }).authors).toEqual([{ id: 'u1' }]);
  });

  it('stores identity in codeinjection_head and reads it back', () => {
    const g = toGhostPost(post, { tagSlug });
    const id = parseIdentity(g.codeinjection_head);
    expect(id?.source).toBe(post.id);
    expect(id?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(id?.fields).toBe(fieldsHash(g));
    expect(parseIdentity('<script>editor stuff</script>')).toBeUndefined();
    expect(parseIdentity(renderIdentity({ source: 'a"b<c>&', hash: 'h', fields: 'f' }))?.source).toBe(
      'a"b<c>&',
    );
  });

  it('changes the hash when what is published changes, not when only the slug is moved aside', () => {
    const hash = (p: CleanPost, slug?: string) =>
      parseIdentity(toGhostPost(p, { tagSlug }, slug).codeinjection_head)?.hash;
    expect(hash(post)).toBe(hash(post));
    expect(hash(post, `${post.slug}-2`)).toBe(hash(post));
    expect(hash({ ...post, contentHash: 'e'.repeat(64) })).not.toBe(hash(post));
    expect(hash({ ...post, draft: true })).not.toBe(hash(post));
    expect(hash({ ...post, tags: ['AI'] })).not.toBe(hash(post));
  });

  it('compares dates by instant in the fields hash (Ghost answers in UTC)', () => {
    const g = toGhostPost(post, { tagSlug });
    expect(fieldsHash({ ...g, published_at: '2025-10-05T04:34:57.000Z' })).toBe(fieldsHash(g));
    expect(fieldsHash({ ...g, title: 'edited' })).not.toBe(fieldsHash(g));
  });
});
