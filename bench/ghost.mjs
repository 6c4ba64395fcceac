// Publishing to a real local Ghost: first-run posts/s beside a bare `posts.add` loop of the same
// posts, and the no-op re-run (requests, seconds) beside reading each post by slug.
// KIJI_BENCH_LIMIT=n publishes only the first n posts (quick runs); figures are printed, not asserted.

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCleaner } from '@kiji/clean';
import { GhostAdminClient, syncPosts, toGhostPost, validateConfig } from '@kiji/ghost';
import { startGhost } from '@kiji/ghost-dev';
import { readPosts } from '@kiji/jekyll';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const shared = process.env.KIJI_SHARED_DIR ?? path.resolve(root, '../shared');
const limit = Number(process.env.KIJI_BENCH_LIMIT ?? Number.POSITIVE_INFINITY);

// The 1,218 投資分析 posts of the raw snapshot, as the manifest lists them.
const manifest = readFileSync(path.join(shared, 'corpus', 'manifest.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1);
const files = manifest
  .map((line) => line.split('\t'))
  .filter((cols) => cols[4] === 'raw-snapshot:投資分析')
  .map((cols) => path.join(shared, 'corpus', 'posts', cols[0]))
  .slice(0, limit);

const clean = await createCleaner();
const results = [];
for await (const r of readPosts(files)) if (r.ok) results.push(clean(r.post));
const publishable = results.filter((r) => r.verdict.status === 'publish');
console.log(
  `posts: ${files.length} files, ${publishable.length} publishable (${results.length - publishable.length} quarantined)`,
);

const dataDir = await mkdtemp(path.join(tmpdir(), 'kiji-bench-ghost-'));
const ghost = await startGhost({ dataDir, onProgress: (l) => console.error(`[ghost-dev] ${l}`) });
try {
  const config = validateConfig({ url: ghost.url, adminKey: ghost.adminKey });

  // 1. Bare loop: one POST per post, nothing else (no plan, no slug checks, no retries), own slugs.
  const bare = new GhostAdminClient({ ...config, retries: 1 });
  const tagSlug = (name) => `bare-${Buffer.from(name).toString('hex').slice(0, 40)}`;
  let t = performance.now();
  for (const r of publishable) {
    const input = toGhostPost(r.post, { tagSlug }, `bare-${r.post.slug}`.slice(0, 191));
    const { codeinjection_head, ...plain } = input;
    await bare.request('POST', 'posts/', {
      query: { source: 'html' },
      body: { posts: [{ ...plain, tags: plain.tags.filter((x) => x.slug !== 'hash-kiji') }] },
    });
  }
  const bareS = (performance.now() - t) / 1000;
  const bareRate = publishable.length / bareS;
  console.log(
    `bare posts.add loop:   ${publishable.length} posts in ${bareS.toFixed(1)} s = ${bareRate.toFixed(1)} posts/s`,
  );

  // 2. kiji sync, first run (creates everything).
  const client = new GhostAdminClient(config);
  const first = await syncPosts(client, results);
  const firstRate = (first.counts.created ?? 0) / (first.ms / 1000);
  console.log(
    `sync first run:        ${first.counts.created ?? 0} created in ${(first.ms / 1000).toFixed(1)} s = ${firstRate.toFixed(1)} posts/s ` +
      `(${first.requests} requests, ${first.writes} writes, ${first.retries} retries, failed ${first.counts.failed ?? 0}) = ${((firstRate / bareRate) * 100).toFixed(0)}% of bare`,
  );

  // 3. No-op re-run.
  const again = await syncPosts(client, results);
  console.log(
    `sync no-op re-run:     ${again.requests} requests, ${again.writes} writes, ${(again.ms / 1000).toFixed(2)} s ` +
      `(skipped ${again.counts.skipped ?? 0})`,
  );

  // 4. Reading each post by slug, the naive way to check what is there.
  const reader = new GhostAdminClient(config);
  t = performance.now();
  for (const item of first.items) {
    if (item.slug && item.status === 'created') await reader.request('GET', `posts/slug/${item.slug}/`);
  }
  const bySlugS = (performance.now() - t) / 1000;
  console.log(
    `read each by slug:     ${reader.stats.requests} requests, ${bySlugS.toFixed(2)} s → no-op re-run is ${(bySlugS / (again.ms / 1000)).toFixed(0)}× faster`,
  );
} finally {
  await ghost.stop();
  await rm(dataDir, { recursive: true, force: true });
}
