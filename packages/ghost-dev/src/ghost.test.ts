import GhostAdminAPI from '@tryghost/admin-api';
import { describe, expect, inject, it } from 'vitest';
import type {} from './vitest-setup.js';

// These run against the Ghost that ./vitest-setup.ts (the helper other packages use) started.
const ghost = inject('ghost');

async function contentPost(slug: string, key = ghost.contentKey): Promise<Response> {
  return fetch(`${ghost.url}/ghost/api/content/posts/slug/${slug}/?key=${key}&formats=html`);
}

describe('the Ghost from the vitest global setup', () => {
  it('is a Ghost 6 answering on 127.0.0.1 with its own admin and content keys', async () => {
    expect(new URL(ghost.url).hostname).toBe('127.0.0.1');
    const response = await fetch(`${ghost.url}/ghost/api/admin/site/`);
    expect(response.status).toBe(200);
    const { site } = (await response.json()) as { site: { version: string } };
    expect(site.version).toMatch(/^6\.\d+/);
    expect(ghost.adminKey).toMatch(/^[0-9a-f]{24}:[0-9a-f]{64}$/);
    expect(ghost.contentKey).toMatch(/^[0-9a-f]{26}$/);
  });

  it('creates a post with the Admin API key and serves it through the Content API', async () => {
    const admin = new GhostAdminAPI({ url: ghost.url, key: ghost.adminKey, version: 'v6.0' });
    const slug = `kiji-ghost-dev-${Date.now()}`;
    const created = await admin.posts.add(
      { title: '投資分析：テスト記事', slug, html: '<p>本文です。</p>', status: 'published' },
      { source: 'html' },
    );
    expect(created.slug).toBe(slug);
    expect(created.status).toBe('published');

    const response = await contentPost(slug);
    expect(response.status).toBe(200);
    const { posts } = (await response.json()) as { posts: { title: string; html: string }[] };
    expect(posts[0]?.title).toBe('投資分析：テスト記事');
    expect(posts[0]?.html).toContain('本文です。');
  });

  it('refuses a wrong Content API key and a forged Admin API key', async () => {
    const wrong = await contentPost('anything', '0'.repeat(26));
    expect(wrong.status).toBe(401);
    const [id] = ghost.adminKey.split(':');
    const forged = new GhostAdminAPI({ url: ghost.url, key: `${id}:${'ab'.repeat(32)}`, version: 'v6.0' });
    await expect(forged.posts.browse({ limit: 1 })).rejects.toMatchObject({ name: 'UnauthorizedError' });
  });
});
