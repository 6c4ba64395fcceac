import type { CleanResult } from '@kiji/clean';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIdentity } from '../src/mapping.js';
import { createMemoryState } from '../src/state.js';
import { syncPosts } from '../src/sync.js';
import {
  adminClient,
  bySource,
  corpusFiles,
  edited,
  examplesDir,
  load,
  publishable,
  readAsReader,
  variant,
} from './helpers.js';

let examples: CleanResult[];
let corpus: CleanResult[];

beforeAll(async () => {
  examples = await load([examplesDir]);
  corpus = await load(corpusFiles(6, 400));
});

describe('syncPosts against a real Ghost', () => {
  it('creates every publishable post once, as a reader sees it, and a re-run makes zero writes', async () => {
    const posts = variant([...examples, ...corpus], 'create');
    const client = adminClient();
    const first = await syncPosts(client, posts);
    const expected = publishable(posts);
    expect(first.counts.created).toBe(expected.length);
    expect(first.counts.failed ?? 0).toBe(0);
    expect(first.counts.quarantine ?? 0).toBe(posts.length - expected.length);

    for (const r of expected) {
      const item = first.items.find((i) => i.id === r.post.id)!;
      const seen = await readAsReader(item.slug!);
      const isDraft = r.post.draft;
      if (isDraft) continue;
      expect(seen, r.post.sourcePath).toBeDefined();
      expect(seen!.title).toBe(r.post.title);
      expect(seen!.slug).toBe(r.post.slug);
      expect(seen!.custom_excerpt).toBe(r.post.excerpt);
      expect(Date.parse(seen!.published_at)).toBe(r.post.date.epochMs);
      // Categories first: the first category is the primary tag; #kiji stays internal (not public).
      expect(seen!.primary_tag?.name).toBe(r.post.categories[0] ?? r.post.tags[0]);
      const publicTags = seen!.tags.filter((t) => t.visibility === 'public').map((t) => t.name);
      expect(seen!.tags.find((t) => t.name === '#kiji')?.visibility).toBe('internal');
      expect(publicTags.slice(0, r.post.categories.length)).toEqual([...new Set(r.post.categories)]);
      for (const t of seen!.tags) expect(t.slug).toMatch(/^[a-z0-9-]+$/);
      // Ghost stored the body (source=html), not an empty post.
      expect(seen!.html.length).toBeGreaterThan(r.post.html.length / 3);
      const firstParagraph = /<p>([^<]{10,40})/.exec(r.post.html)?.[1];
      if (firstParagraph) expect(seen!.html).toContain(firstParagraph);
    }
    // 投資分析 gets a romaji slug, not Ghost's Mandarin reading.
    const invest = first.items.find((i) => i.status === 'created' && i.id.includes('62c5189bcd6da4fa'))!;
    expect((await readAsReader(invest.slug!))!.primary_tag!.slug).not.toBe('tou-zi-fen-xi');

    const again = await syncPosts(client, posts);
    expect(again.writes).toBe(0);
    expect(again.counts.skipped).toBe(expected.length);
    // One browse page of #kiji posts + tags + users + nothing per post.
    expect(again.requests).toBeLessThanOrEqual(6);
    const ids = await bySource(client, 'create');
    expect([...ids.values()].every((v) => v.length === 1)).toBe(true);
    expect(ids.size).toBe(expected.length);
  });

  it('sends one edit for one changed source, and a title change keeps the same Ghost post', async () => {
    const posts = publishable(variant(examples, 'edit'));
    const client = adminClient();
    const state = createMemoryState();
    const first = await syncPosts(client, posts, { state });
    const changed = [edited(posts[0]!, '追記しました。'), ...posts.slice(1)];
    const second = await syncPosts(client, changed, { state });
    expect(second.writes).toBe(1);
    expect(second.counts.updated).toBe(1);
    expect(second.counts.skipped).toBe(posts.length - 1);
    const ghostId = first.items.find((i) => i.id === posts[0]!.post.id)!.ghostId;
    expect(second.items.find((i) => i.status === 'updated')!.ghostId).toBe(ghostId);
    expect((await readAsReader(posts[0]!.post.slug))!.html).toContain('追記しました。');

    const retitled: CleanResult = {
      ...changed[0]!,
      post: {
        ...changed[0]!.post,
        title: '新しいタイトル',
        slug: `${posts[0]!.post.slug.split('-')[0]}-atarashii-taitoru`,
        contentHash: 'a'.repeat(64),
      },
    };
    const third = await syncPosts(client, [retitled, ...posts.slice(1)], { state });
    const updated = third.items.find((i) => i.status === 'updated')!;
    expect(updated.ghostId).toBe(ghostId);
    expect(updated.slug).toBe(retitled.post.slug);
    expect((await readAsReader(retitled.post.slug))!.title).toBe('新しいタイトル');
    expect(await readAsReader(posts[0]!.post.slug)).toBeUndefined();
    expect((await bySource(client, 'edit')).size).toBe(posts.length);
  });

  it("reports an editor's change in Ghost as a conflict and leaves it, until --force", async () => {
    const [post] = publishable(variant(examples, 'conflict'));
    const client = adminClient();
    const state = createMemoryState();
    const first = await syncPosts(client, [post!], { state });
    const ghostId = first.items.find((i) => i.id === post!.post.id)!.ghostId!;
    // An editor fixes the title in Ghost's editor.
    const current = await client.request<{ posts: { updated_at: string }[] }>('GET', `posts/${ghostId}/`);
    await client.request('PUT', `posts/${ghostId}/`, {
      body: { posts: [{ title: '編集者が直したタイトル', updated_at: current.posts[0]!.updated_at }] },
    });
    const next = edited(post!, '新しい段落。');
    const conflicted = await syncPosts(client, [next], { state });
    expect(conflicted.counts.conflict).toBe(1);
    expect(conflicted.writes).toBe(0);
    expect(conflicted.hasProblems).toBe(true);
    expect(conflicted.items.find((i) => i.id === post!.post.id)!.message).toMatch(/--force/);
    expect((await readAsReader(post!.post.slug))!.title).toBe('編集者が直したタイトル');

    const forced = await syncPosts(client, [next], { state, force: true });
    expect(forced.counts.updated).toBe(1);
    const seen = await readAsReader(post!.post.slug);
    expect(seen!.title).toBe(post!.post.title);
    expect(seen!.html).toContain('新しい段落。');
    expect((await syncPosts(client, [next], { state })).writes).toBe(0);
  });

  it('detects a body-only edit in Ghost through the updated_at kiji last wrote', async () => {
    const [post] = publishable(variant(examples, 'body'));
    const client = adminClient();
    const state = createMemoryState();
    const first = await syncPosts(client, [post!], { state });
    const ghostId = first.items.find((i) => i.id === post!.post.id)!.ghostId!;
    // Ghost keeps updated_at to the second: an editor's save in the very second of kiji's write
    // would be indistinguishable, so the editor here comes back a moment later, as people do.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const current = await client.request<{ posts: { updated_at: string }[] }>('GET', `posts/${ghostId}/`);
    await client.request('PUT', `posts/${ghostId}/`, {
      query: { source: 'html' },
      body: { posts: [{ html: '<p>編集者の本文</p>', updated_at: current.posts[0]!.updated_at }] },
    });
    const report = await syncPosts(client, [edited(post!, '別の段落。')], { state });
    expect(report.counts.conflict).toBe(1);
    expect((await readAsReader(post!.post.slug))!.html).toContain('編集者の本文');
  });

  it('gives our post a distinct slug when a post that is not ours holds it, and leaves theirs alone', async () => {
    const [post] = publishable(variant(examples, 'slug'));
    const client = adminClient();
    const theirs = await client.request<{ posts: { id: string; slug: string; updated_at: string }[] }>(
      'POST',
      'posts/',
      {
        query: { source: 'html' },
        body: {
          posts: [{ title: '他人の記事', slug: post!.post.slug, html: '<p>他人</p>', status: 'published' }],
        },
      },
    );
    const before = theirs.posts[0]!;
    expect(before.slug).toBe(post!.post.slug);
    const report = await syncPosts(client, [post!]);
    const item = report.items.find((i) => i.id === post!.post.id)!;
    expect(item.status).toBe('created');
    expect(item.slug).toBe(`${post!.post.slug}-2`);
    expect(item.warnings.join(' ')).toMatch(/taken by another Ghost post/);
    const after = await client.request<{ posts: { slug: string; title: string; updated_at: string }[] }>(
      'GET',
      `posts/${before.id}/`,
    );
    expect(after.posts[0]).toMatchObject({
      slug: before.slug,
      title: '他人の記事',
      updated_at: before.updated_at,
    });
    // Stable on re-run: no write, no slug churn.
    const again = await syncPosts(client, [post!]);
    expect(again.writes).toBe(0);
    expect(again.items.find((i) => i.id === post!.post.id)!.slug).toBe(`${post!.post.slug}-2`);
    // And a later edit of ours is an update, not a false conflict over the moved slug.
    const changed = await syncPosts(client, [edited(post!, '後日の追記。')]);
    expect(changed.items.find((i) => i.id === post!.post.id)!.status).toBe('updated');
  });

  it('reports a vanished source and, with prune, unpublishes it without deleting', async () => {
    const posts = publishable(variant(examples, 'prune'));
    const client = adminClient();
    await syncPosts(client, posts);
    const kept = posts.slice(1);
    const report = await syncPosts(client, kept);
    expect(report.items.filter((i) => i.status === 'gone' && i.id === posts[0]!.post.id)).toHaveLength(1);
    const pruned = await syncPosts(client, kept, { prune: true });
    expect(pruned.items.find((i) => i.id === posts[0]!.post.id)?.status).toBe('unpublished');
    const still = (await bySource(client, 'prune')).get(posts[0]!.post.id);
    expect(still).toHaveLength(1);
    const row = await client.request<{ posts: { status: string }[] }>('GET', `posts/${still![0]}/`);
    expect(row.posts[0]!.status).toBe('draft');
  });

  it('credits a mapped Ghost staff user, and warns (not silently credits the owner) for an unknown author', async () => {
    const [post] = publishable(variant(examples, 'author'));
    const client = adminClient();
    const users = await client.request<{ users: { id: string; slug: string }[] }>('GET', 'users/', {
      query: { fields: 'id,slug', limit: 5 },
    });
    const staff = users.users[0]!;
    const unknown = await syncPosts(client, [post!], { dryRun: true });
    expect(unknown.items.find((i) => i.id === post!.post.id)!.warnings.join(' ')).toMatch(
      /author "ALLFORCES編集部" is not a Ghost staff user/,
    );
    const mapped = await syncPosts(client, [post!], { authors: { ALLFORCES編集部: staff.slug } });
    const item = mapped.items.find((i) => i.id === post!.post.id)!;
    expect(item.status).toBe('created');
    expect(item.warnings.join(' ')).not.toMatch(/author/);
    expect((await readAsReader(item.slug!))!.authors.map((a) => a.slug)).toEqual([staff.slug]);
  });

  it('dry run reads Ghost and writes nothing', async () => {
    const posts = publishable(variant(examples, 'dry'));
    const client = adminClient();
    const plan = await syncPosts(client, posts, { dryRun: true });
    expect(plan.writes).toBe(0);
    expect(plan.counts.create).toBe(posts.length);
    expect((await bySource(client, 'dry')).size).toBe(0);
  });

  it('keeps identity in Ghost: a post carries our source id and hash', async () => {
    const [post] = publishable(variant(examples, 'ident'));
    const client = adminClient();
    const r = await syncPosts(client, [post!]);
    const row = await client.request<{ posts: { codeinjection_head: string }[] }>(
      'GET',
      `posts/${r.items.find((i) => i.id === post!.post.id)!.ghostId}/`,
    );
    expect(parseIdentity(row.posts[0]!.codeinjection_head)?.source).toBe(post!.post.id);
  });
});
