import { type ChildProcess, spawn } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {} from '@kiji/ghost-dev/vitest-setup';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';

const appDir = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const cli = path.join(appDir, 'dist', 'cli.js');
const examples = path.resolve(appDir, '../../examples/posts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env;
}

function run(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd, env: baseEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh temp dir, removed when the current test ends (pass or fail). */
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Per run, so the suite also passes against a reused Ghost (KIJI_GHOST_DATA_DIR). */
const RUN = Date.now().toString(36).slice(-5);

/** A copy of the example posts under ids unique to one test and run (the id is the file name). */
async function site(tag: string): Promise<{ dir: string; posts: string; env: Record<string, string> }> {
  const dir = await tempDir('kiji-sync-cli-');
  const posts = path.join(dir, 'posts');
  await mkdir(posts);
  for (const f of await readdir(examples)) {
    await cp(path.join(examples, f), path.join(posts, f.replace(/\.md$/, `-${tag}${RUN}.md`)));
  }
  const g = inject('ghost');
  return { dir, posts, env: { GHOST_URL: g.url, GHOST_ADMIN_API_KEY: g.adminKey } };
}

const secretOf = (key: string) => key.split(':')[1]!;

describe('kiji-sync', () => {
  let empty: string;
  beforeAll(async () => {
    empty = await mkdtemp(path.join(tmpdir(), 'kiji-sync-empty-'));
  });
  afterAll(async () => {
    if (empty) await rm(empty, { recursive: true, force: true });
  });

  it('exits 2 for usage errors and refuses a key on the command line without echoing it', async () => {
    expect((await run([], { cwd: empty })).code).toBe(2);
    expect((await run(['frobnicate'], { cwd: empty })).code).toBe(2);
    expect((await run(['push'], { cwd: empty })).code).toBe(2);
    const leaked = await run(['push', 'posts', '--admin-api-key=0123456789abcdef01234567:deadbeefsecret'], {
      cwd: empty,
    });
    expect(leaked.code).toBe(2);
    expect(leaked.stderr).toMatch(/never taken from the command line/);
    expect(leaked.stdout + leaked.stderr).not.toContain('deadbeefsecret');
  });

  it('exits 2 when no Ghost is configured, and on a malformed key without printing it', async () => {
    const none = await run(['push', examples], { cwd: empty });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/GHOST_URL/);
    const bad = await run(['push', examples], {
      cwd: empty,
      env: { GHOST_URL: 'http://127.0.0.1:9', GHOST_ADMIN_API_KEY: 'not-a-key-but-secret' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain('not-a-key-but-secret');
  });

  it('doctor exits 2 when Ghost rejects the key, and 1 when Ghost cannot be reached', async () => {
    const g = inject('ghost');
    const wrong = `${'0'.repeat(24)}:${'e'.repeat(64)}`;
    const rejected = await run(['doctor'], {
      cwd: empty,
      env: { GHOST_URL: g.url, GHOST_ADMIN_API_KEY: wrong },
    });
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toMatch(/GHOST_ADMIN_API_KEY/);
    expect(rejected.stdout + rejected.stderr).not.toContain('e'.repeat(64));
    const down = await run(['doctor'], {
      cwd: empty,
      env: { GHOST_URL: 'http://127.0.0.1:9', GHOST_ADMIN_API_KEY: wrong },
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/ECONNREFUSED|failed/);
  });

  it('inspect --json prints one line per post, a broken file included with verdict error', async () => {
    const { dir, posts } = await site('inspect');
    await writeFile(
      path.join(posts, '2025-01-01-broken.md'),
      '---\ntitle: "unclosed\ndate: 2025-01-01\n---\n本文\n',
    );
    const r = await run(['inspect', posts, '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(6);
    const fields = [
      'sourcePath',
      'id',
      'verdict',
      'reasons',
      'title',
      'slug',
      'date',
      'categories',
      'tags',
      'author',
      'excerpt',
      'markdown',
      'html',
      'text',
      'readingMinutes',
      'fixes',
    ];
    for (const l of lines) expect(Object.keys(l).sort()).toEqual([...fields].sort());
    const broken = lines.find((l) => String(l.sourcePath).endsWith('broken.md'))!;
    expect(broken.verdict).toBe('error');
    expect(JSON.stringify(broken.reasons)).toMatch(/broken\.md/);
    const good = lines.find((l) => String(l.id) === `2025-10-05-62c5189bcd6da4fa-inspect${RUN}`)!;
    expect(good.verdict).toBe('publish');
    expect(good.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(good.slug).toMatch(/^[a-z0-9-]+$/);
    expect((good.fixes as { kind: string; detail: string }[]).length).toBeGreaterThan(0);
    // Sorted path order, the broken file in its place.
    expect(lines.map((l) => l.sourcePath)).toEqual([...lines.map((l) => l.sourcePath)].sort());
    const human = await run(
      ['inspect', path.join(posts, `2025-10-05-62c5189bcd6da4fa-inspect${RUN}.md`), '--diff'],
      { cwd: dir },
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^- .*---END---/m);
  });

  it('push publishes, a second push writes nothing, plan agrees, and the key never shows', async () => {
    const { dir, posts, env } = await site('push');
    const first = await run(['push', posts], { cwd: dir, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^created /m);
    const second = await run(['push', posts, '--json'], { cwd: dir, env });
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as { writes: number; counts: Record<string, number> };
    expect(report.writes).toBe(0);
    expect(report.counts.skipped).toBeGreaterThan(0);
    const plan = await run(['plan', posts], { cwd: dir, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/unchanged/);
    expect(plan.stdout).not.toMatch(/would create/);
    const doctor = await run(['doctor'], { cwd: dir, env });
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/ghost\s+6\./);
    for (const r of [first, second, plan, doctor]) {
      expect(r.stdout + r.stderr).not.toContain(secretOf(env.GHOST_ADMIN_API_KEY!));
    }
  });

  it('push goes on past a broken file, names it, and exits 1', async () => {
    const { dir, posts, env } = await site('broken');
    await writeFile(path.join(posts, '2025-01-02-broken.md'), '---\ntitle: [unclosed\n---\n本文\n');
    const r = await run(['push', posts], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED\s+\S*2025-01-02-broken\.md/m);
    expect(r.stdout.match(/^created /gm)?.length).toBe(5);
  });

  it('exits 1 when a post is in conflict with an edit made in Ghost', async () => {
    const { dir, posts, env } = await site('conflict');
    const json = await run(['push', posts, '--json'], { cwd: dir, env });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { items: { id: string; ghostId?: string; status: string }[] };
    const target = report.items.find((i) => i.id === `2025-11-02-e9483ed01d648355-conflict${RUN}`)!;
    const g = inject('ghost');
    const { GhostAdminClient, validateConfig } = await import('@kiji/ghost');
    const client = new GhostAdminClient(validateConfig({ url: g.url, adminKey: g.adminKey }));
    const now = await client.request<{ posts: { updated_at: string }[] }>('GET', `posts/${target.ghostId}/`);
    await client.request('PUT', `posts/${target.ghostId}/`, {
      body: { posts: [{ title: '編集部が直した', updated_at: now.posts[0]!.updated_at }] },
    });
    const file = path.join(posts, `2025-11-02-e9483ed01d648355-conflict${RUN}.md`);
    await appendFile(file, '\n\n追記の段落です。編集後の本文。\n');
    const r = await run(['push', posts], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CONFLICT/);
    const forced = await run(['push', posts, '--force'], { cwd: dir, env });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^updated /m);
    expect(await readFile(file, 'utf8')).toContain('追記の段落');
  });

  it('start publishes to the configured Ghost and prints the site and each post URL', async () => {
    const { dir, posts, env } = await site('start');
    const r = await run(['start', '--posts', posts], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Site: ${env.GHOST_URL}/`);
    expect(r.stdout).toMatch(/^ {2}created /m);
    expect(r.stdout).toMatch(new RegExp(`${env.GHOST_URL}/[a-z0-9-]+/`));
    expect(r.stdout + r.stderr).not.toContain(secretOf(env.GHOST_ADMIN_API_KEY!));
    const again = await run(['start', '--posts', posts], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/^ {2}created /m);
    expect(again.stdout).toMatch(/^ {2}unchanged /m);
  });

  it('a push killed mid-run and run again publishes every post exactly once', async () => {
    const dir = await tempDir('kiji-sync-kill-');
    const posts = path.join(dir, 'posts');
    await mkdir(posts);
    const corpus = path.resolve(
      process.env.KIJI_SHARED_DIR ?? path.resolve(appDir, '../../../shared'),
      'corpus/posts',
    );
    const files = (await readdir(corpus))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .slice(600, 616);
    for (const f of files)
      await cp(path.join(corpus, f), path.join(posts, f.replace(/\.md$/, `-kill${RUN}.md`)));
    const g = inject('ghost');
    const env = { GHOST_URL: g.url, GHOST_ADMIN_API_KEY: g.adminKey, KIJI_CONCURRENCY: '1' };
    const child = spawn(process.execPath, [cli, 'push', posts], { cwd: dir, env: baseEnv(env) });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      // Killed right after the third post, with the fourth likely in flight.
      if ((out.match(/^created /gm)?.length ?? 0) >= 3) child.kill('SIGKILL');
    });
    await new Promise((resolve) => child.on('close', resolve));
    const firstCreated = out.match(/^created /gm)?.length ?? 0;
    expect(firstCreated).toBeGreaterThanOrEqual(3);
    const again = await run(['push', posts, '--json'], { cwd: dir, env });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { items: { id: string; status: string }[] };
    const ours = report.items.filter((i) => i.id.endsWith(`-kill${RUN}`));
    const published = ours.filter((i) => i.status === 'created' || i.status === 'skipped');
    const quarantined = ours.filter((i) => i.status === 'quarantine');
    expect(published.length + quarantined.length).toBe(files.length);
    expect(firstCreated).toBeLessThan(published.length);
    expect(ours.filter((i) => i.status === 'skipped').length).toBeGreaterThanOrEqual(firstCreated);
    const { GhostAdminClient, fetchRemotePosts, validateConfig } = await import('@kiji/ghost');
    const remote = await fetchRemotePosts(
      new GhostAdminClient(validateConfig({ url: g.url, adminKey: g.adminKey })),
    );
    const counts = new Map<string, number>();
    for (const r of remote) {
      if (r.identity.source.endsWith(`-kill${RUN}`))
        counts.set(r.identity.source, (counts.get(r.identity.source) ?? 0) + 1);
    }
    expect(counts.size).toBe(published.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('watch syncs on start, again after a change, and stops cleanly on SIGTERM', async () => {
    const { dir, posts, env } = await site('watch');
    const child: ChildProcess = spawn(process.execPath, [cli, 'watch', posts, '--debounce', '200'], {
      cwd: dir,
      env: baseEnv(env),
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    const waitFor = async (re: RegExp, from = 0) => {
      const until = Date.now() + 60_000;
      while (!re.test(out.slice(from))) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${re}: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await waitFor(/requests, \d+ writes/);
      const mark = out.length;
      await appendFile(
        path.join(posts, `2025-09-07-c8123a293010547c-watch${RUN}.md`),
        '\n\nウォッチで追加した段落です。\n',
      );
      await waitFor(/^updated /m, mark);
      await waitFor(/requests, 1 writes/, mark);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/stopped/);
  });
});
