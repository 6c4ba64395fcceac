// Figures for the local Ghost: install (from the cache record), cold start of a new site
// (boot + migrations + provisioning), restart, reuse, stop, and a bare posts.add loop.
// Usage: npm run build -w packages/ghost-dev && node packages/ghost-dev/bench/start.mjs [posts=100]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import GhostAdminAPI from '@tryghost/admin-api';
import { ensureGhost, NODE_VERSION, readInstallRecord, startGhost } from '../dist/index.js';

const posts = Number(process.argv[2] ?? 100);
const seconds = (from) => ((performance.now() - from) / 1000).toFixed(2);
const line = (label, value) => console.log(`${label.padEnd(34)} ${value}`);

let t = performance.now();
const { ghostDir, nodeBin } = await ensureGhost();
line('ensureGhost (cached)', `${seconds(t)} s`);
const ghostRecord = await readInstallRecord(ghostDir);
const nodeRecord = nodeBin.includes(NODE_VERSION)
  ? await readInstallRecord(nodeBin.slice(0, nodeBin.indexOf(NODE_VERSION) + NODE_VERSION.length))
  : undefined;
if (ghostRecord)
  line('first install of Ghost', `${ghostRecord.seconds} s, ${Math.round(ghostRecord.bytes / 1e6)} MB`);
if (nodeRecord)
  line(
    `first install of Node ${NODE_VERSION}`,
    `${nodeRecord.seconds} s, ${Math.round(nodeRecord.bytes / 1e6)} MB`,
  );

const dataDir = await mkdtemp(path.join(tmpdir(), 'kiji-ghost-bench-'));
try {
  t = performance.now();
  let ghost = await startGhost({ dataDir });
  line('cold start (new site, provisioned)', `${seconds(t)} s`);
  t = performance.now();
  await startGhost({ dataDir });
  line('startGhost on a running site', `${seconds(t)} s`);
  t = performance.now();
  await ghost.stop();
  line('stop (SIGTERM → exit)', `${seconds(t)} s`);
  t = performance.now();
  ghost = await startGhost({ dataDir });
  line('restart (same site and keys)', `${seconds(t)} s`);

  const admin = new GhostAdminAPI({ url: ghost.url, key: ghost.adminKey, version: 'v6.0' });
  t = performance.now();
  for (let i = 0; i < posts; i++) {
    await admin.posts.add(
      { title: `ベンチ ${i}`, html: `<p>本文 ${i}。</p>`, status: 'published', tags: ['#kiji-bench'] },
      { source: 'html' },
    );
  }
  const elapsed = (performance.now() - t) / 1000;
  line(`bare posts.add loop (${posts} posts)`, `${(posts / elapsed).toFixed(1)} posts/s`);
  await ghost.stop();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
