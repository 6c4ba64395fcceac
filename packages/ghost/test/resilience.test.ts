import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CleanResult } from '@kiji/clean';
import { startGhost } from '@kiji/ghost-dev';
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

type Fault = 'none' | '503' | 'reset' | 'hang' | 'drop-response';

/**
 * A loopback proxy in front of Ghost that injects faults: 503s, connection resets before Ghost
 * sees the request, requests that hang past the client's timeout, and (the nasty one) writes that
 * reach Ghost but whose answer is dropped.
 */
async function faultyProxy(target: string, fault: (n: number, method: string) => Fault) {
  const upstream = new URL(target);
  const hung: ServerResponse[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const f = fault(++n, req.method ?? 'GET');
    if (f === '503') {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"errors":[{"message":"injected 503"}]}');
      return;
    }
    if (f === 'reset') {
      req.socket.destroy();
      return;
    }
    if (f === 'hang') {
      hung.push(res);
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        if (f === 'drop-response') {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => n,
    close: async () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

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
