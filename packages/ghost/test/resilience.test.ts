import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CleanResult } from '@kiji/clean';
import { startGhost } from '@kiji/ghost-dev';
import { faultyProxy } from '@kiji/ghost-dev/fault-proxy';
import { beforeAll, describe, expect, it } from 'vitest';
import { syncPosts } from '../src/sync.js';
import {
  adminClient,
  bySource,
  corpusFiles,
  examplesDir,
  ghost,
  load,
  publishable,
  variant,
} from './helpers.js';

let posts: CleanResult[];

beforeAll(async () => {
  posts = await load([examplesDir, ...corpusFiles(10, 200)]);
});

describe('resilience', () => {
  it('retries 5xx, resets and timeouts through a faulty proxy and still creates each post exactly once', async () => {
    const mine = variant(posts, 'proxy');
    let posts_ = 0;
    const proxy = await faultyProxy(ghost().url, (n, method) => {
      if (method === 'POST') {
        posts_++;
        // The 2nd and 5th creates land in Ghost but the answer is lost: a blind retry would duplicate.
        if (posts_ === 2 || posts_ === 6) return 'drop-response';
      }
      if (n > 80) return 'none';
      if (n % 5 === 1) return '503';
      if (n % 7 === 3) return 'reset';
      if (n % 11 === 4) return 'hang';
      return 'none';
    });
    try {
      const client = adminClient({ ...ghost(), url: proxy.url }, { timeoutMs: 2_000, retries: 8 });
      const report = await syncPosts(client, mine);
      expect(report.counts.failed ?? 0).toBe(0);
      expect(report.counts.created).toBe(publishable(mine).length);
      expect(report.retries).toBeGreaterThan(5);
      const ids = await bySource(adminClient(), 'proxy');
      expect(ids.size).toBe(publishable(mine).length);
      for (const [source, ghostIds] of ids) expect(ghostIds, source).toHaveLength(1);
      const again = await syncPosts(client, mine);
      expect(again.writes).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('finishes the job after Ghost is killed mid-run and restarted on the same data: every post exactly once', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kiji-ghost-kill-'));
    let local = await startGhost({ dataDir });
    try {
      const mine = variant(posts, 'kill');
      const expected = publishable(mine).length;
      const client = () => adminClient(local, { timeoutMs: 5_000, retries: 2 });
      let created = 0;
      const first = await syncPosts(client(), mine, {
        concurrency: 3,
        onItem: (item) => {
          if (item.status === 'created' && ++created === 4) process.kill(local.pid, 'SIGKILL');
        },
      });
      expect(first.counts.failed ?? 0).toBeGreaterThan(0);
      expect(first.counts.created ?? 0).toBeLessThan(expected);

      local = await startGhost({ dataDir });
      const second = await syncPosts(client(), mine);
      expect(second.counts.failed ?? 0).toBe(0);
      expect((second.counts.created ?? 0) + (second.counts.skipped ?? 0)).toBe(expected);
      const ids = await bySource(client(), 'kill');
      expect(ids.size).toBe(expected);
      for (const [source, ghostIds] of ids) expect(ghostIds, source).toHaveLength(1);
    } finally {
      await local.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
