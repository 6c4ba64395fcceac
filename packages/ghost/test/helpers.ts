import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CleanResult, createCleaner } from '@kiji/clean';
import type {} from '@kiji/ghost-dev/vitest-setup';
import { readPosts } from '@kiji/jekyll';
import { inject } from 'vitest';
import { GhostAdminClient } from '../src/client.js';
import { validateConfig } from '../src/config.js';
import { fetchRemotePosts } from '../src/sync.js';

export const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const sharedDir = process.env.KIJI_SHARED_DIR ?? path.resolve(repoRoot, '../shared');
export const examplesDir = path.join(repoRoot, 'examples', 'posts');

export function ghost() {
  return inject('ghost');
}

export function adminClient(conn = ghost(), extra: { timeoutMs?: number; retries?: number } = {}) {
  return new GhostAdminClient(validateConfig({ url: conn.url, adminKey: conn.adminKey, ...extra }), {
    baseDelayMs: 50,
    maxDelayMs: 400,
  });
}

export async function load(paths: string[]): Promise<CleanResult[]> {
  const clean = await createCleaner();
  const out: CleanResult[] = [];
  for await (const r of readPosts(paths)) {
    if (!r.ok) throw r.error;
    out.push(clean(r.post));
  }
  return out;
}

/** A few real corpus posts from 投資分析 (file names from the manifest's category column). */
export function corpusFiles(n: number, skip = 0): string[] {
  const dir = path.join(sharedDir, 'corpus', 'posts');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .slice(skip, skip + n)
    .map((f) => path.join(dir, f));
}

/** Per run, so the suite also passes against a reused Ghost (KIJI_GHOST_DATA_DIR). */
const RUN = Date.now().toString(36).slice(-5);

/**
 * The same posts under ids and slugs unique to one test (and run), so tests sharing one Ghost never touch
 * each other's posts.
 */
export function variant(results: readonly CleanResult[], prefix: string): CleanResult[] {
  return results.map((r) => ({
    ...r,
    post: {
      ...r.post,
      id: `${prefix}${RUN}-${r.post.id}`,
      slug: `${prefix}${RUN}-${r.post.slug}`.slice(0, 80).replace(/-+$/, ''),
      contentHash: createHash('sha256')
        .update(prefix + r.post.contentHash)
        .digest('hex'),
    },
  }));
}

/** Change what is published in one post (its body), as an edited source would. */
export function edited(r: CleanResult, suffix: string): CleanResult {
  return {
    ...r,
    post: {
      ...r.post,
      html: `${r.post.html}\n<p>${suffix}</p>`,
      contentHash: createHash('sha256')
        .update(r.post.contentHash + suffix)
        .digest('hex'),
    },
  };
}

export function publishable(results: readonly CleanResult[]) {
  return results.filter((r) => r.verdict.status === 'publish');
}

export interface ReaderPost {
  id: string;
  title: string;
  slug: string;
  html: string;
  custom_excerpt: string | null;
  excerpt: string;
  published_at: string;
  tags: { name: string; slug: string; visibility: string }[];
  primary_tag: { name: string; slug: string } | null;
  authors: { slug: string }[];
}

/** What a reader's client sees: the public Content API. */
export async function readAsReader(slug: string, conn = ghost()): Promise<ReaderPost | undefined> {
  const url = `${conn.url}/ghost/api/content/posts/slug/${encodeURIComponent(slug)}/?key=${conn.contentKey}&include=tags,authors&formats=html`;
  const res = await fetch(url);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`content API ${res.status}`);
  return ((await res.json()) as { posts: ReaderPost[] }).posts[0];
}

/** Our posts in Ghost, grouped by source id: exactly-once checks. */
export async function bySource(client: GhostAdminClient, prefix: string) {
  const map = new Map<string, string[]>();
  for (const p of await fetchRemotePosts(client)) {
    if (!p.identity.source.startsWith(`${prefix}${RUN}-`)) continue;
    map.set(p.identity.source, [...(map.get(p.identity.source) ?? []), p.id]);
  }
  return map;
}
