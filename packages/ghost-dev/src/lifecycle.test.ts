import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import GhostAdminAPI from '@tryghost/admin-api';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { GhostDevError } from './errors.js';
import { isAlive } from './process.js';
import { type RunningGhost, readState, startGhost, stopGhost } from './start.js';
import { type GhostConnection, setupGhostForTests } from './vitest-setup.js';

const packageDir = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const cli = path.join(packageDir, 'dist', 'cli.js');

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 300_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function readBack(
  ghost: { url: string; contentKey: string },
  slug: string,
): Promise<string | undefined> {
  const response = await fetch(`${ghost.url}/ghost/api/content/posts/slug/${slug}/?key=${ghost.contentKey}`);
  if (response.status !== 200) return undefined;
  return ((await response.json()) as { posts: { title: string }[] }).posts[0]?.title;
}

describe('startGhost / stop on one data dir', () => {
  let dataDir: string;
  let first: RunningGhost;
  let concurrent: RunningGhost;
  const slug = `lifecycle-${Date.now()}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kiji-ghost-lifecycle-'));
    // Two starts at once on a new site: one Ghost boots, the other call gets that same Ghost.
    [first, concurrent] = await Promise.all([startGhost({ dataDir }), startGhost({ dataDir })]);
  });
  afterAll(async () => {
    const state = await readState(dataDir).catch(() => undefined);
    if (state?.pid != null && isAlive(state.pid)) await stopGhost(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates the site and keeps its keys and pid in a 0600 state file', async () => {
    const file = path.join(dataDir, 'kiji-ghost.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const state = await readState(dataDir);
    expect(state).toMatchObject({
      url: first.url,
      adminKey: first.adminKey,
      contentKey: first.contentKey,
      pid: first.pid,
    });
    expect(existsSync(path.join(dataDir, 'content', 'data', 'ghost.db'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'content', 'themes', 'casper'))).toBe(true);
  });

  it('returns the running Ghost instead of starting a second one on the same data dir', async () => {
    expect(concurrent.pid).toBe(first.pid);
    expect(concurrent.adminKey).toBe(first.adminKey);
    const again = await startGhost({ dataDir });
    expect(again.pid).toBe(first.pid);
    expect(again.adminKey).toBe(first.adminKey);
  });

  it('the vitest setup helper reuses a Ghost already running on a given data dir and leaves it running', async () => {
    const provided: GhostConnection[] = [];
    const teardown = await setupGhostForTests(
      { provide: (_key, value) => provided.push(value) },
      { dataDir },
    );
    expect(provided).toEqual([{ url: first.url, adminKey: first.adminKey, contentKey: first.contentKey }]);
    await teardown();
    expect(isAlive(first.pid)).toBe(true);
    expect(existsSync(path.join(dataDir, 'kiji-ghost.json'))).toBe(true);
  });

  it('refuses a port that is taken, naming it', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const other = await mkdtemp(path.join(tmpdir(), 'kiji-ghost-port-'));
    try {
      await expect(startGhost({ dataDir: other, port })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(String(port)),
      });
    } finally {
      blocker.close();
      await rm(other, { recursive: true, force: true });
    }
  });

  it('restarts on the same data dir with the same keys and content, and stop() ends only that pid', async () => {
    const admin = new GhostAdminAPI({ url: first.url, key: first.adminKey, version: 'v6.0' });
    await admin.posts.add(
      { title: '再起動の前', slug, html: '<p>前。</p>', status: 'published' },
      { source: 'html' },
    );
    expect(await readBack(first, slug)).toBe('再起動の前');

    const bystander = process.pid;
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(isAlive(bystander)).toBe(true);
    expect((await readState(dataDir))?.pid).toBeNull();
    await expect(fetch(`${first.url}/ghost/api/admin/site/`)).rejects.toThrow();

    const second = await startGhost({ dataDir });
    try {
      expect(second.pid).not.toBe(first.pid);
      expect(second.adminKey).toBe(first.adminKey);
      expect(second.contentKey).toBe(first.contentKey);
      expect(await readBack(second, slug)).toBe('再起動の前');
      const again = new GhostAdminAPI({ url: second.url, key: second.adminKey, version: 'v6.0' });
      const posts = await again.posts.browse({ filter: `slug:${slug}` });
      expect(posts.map((p) => p.title)).toEqual(['再起動の前']);
    } finally {
      await second.stop();
    }
    expect(isAlive(second.pid)).toBe(false);
  });
});

describe('setupGhostForTests with no data dir', () => {
  it('starts a Ghost in a temporary site, provides it, and its teardown stops it and removes the site', async () => {
    const provided: GhostConnection[] = [];
    const before = new Set((await readdir(tmpdir())).filter((e) => e.startsWith('kiji-ghost-test-')));
    const teardown = await setupGhostForTests(
      { provide: (_key, value) => provided.push(value) },
      { onProgress: () => {} },
    );
    // If an assertion fails before the teardown below, still stop that Ghost and remove its site.
    let tornDown = false;
    onTestFinished(async () => {
      if (!tornDown) await teardown();
    });
    const connection = provided[0];
    expect(connection).toBeDefined();
    // Other test runs may create temporary sites at the same time: find ours by its URL.
    const created = (await readdir(tmpdir())).filter(
      (e) => e.startsWith('kiji-ghost-test-') && !before.has(e),
    );
    const states = await Promise.all(
      created.map(async (e) => ({ e, s: await readState(path.join(tmpdir(), e)) })),
    );
    const ours = states.find(({ s }) => s?.url === connection?.url);
    expect(ours).toBeDefined();
    const site = path.join(tmpdir(), ours?.e ?? '');
    const pid = ours?.s?.pid;
    expect(typeof pid).toBe('number');
    expect((await fetch(`${connection?.url}/ghost/api/admin/site/`)).status).toBe(200);
    tornDown = true;
    await teardown();
    expect(isAlive(pid ?? 0)).toBe(false);
    expect(existsSync(site)).toBe(false);
  });
});

describe('kiji-ghost-dev CLI', () => {
  let dataDir: string;
  beforeAll(async () => {
    if (!existsSync(cli))
      throw new Error(`${cli} is missing: run \`npx turbo run build --filter=@kiji/ghost-dev\``);
    dataDir = await mkdtemp(path.join(tmpdir(), 'kiji-ghost-cli-'));
  });
  afterAll(async () => {
    await stopGhost(dataDir).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('start --json leaves Ghost running detached; status shows it without keys; stop ends it', async () => {
    const started = await runCli(['start', '--data-dir', dataDir, '--json']);
    expect(started.code, started.stderr).toBe(0);
    const info = JSON.parse(started.stdout) as {
      url: string;
      adminKey: string;
      contentKey: string;
      pid: number;
      dataDir: string;
    };
    expect(info.dataDir).toBe(dataDir);
    // The CLI process has exited; the Ghost it started still answers.
    expect(isAlive(info.pid)).toBe(true);
    const site = await fetch(`${info.url}/ghost/api/admin/site/`);
    expect(site.status).toBe(200);
    expect(started.stderr).not.toContain(info.adminKey);

    const status = await runCli(['status', '--data-dir', dataDir, '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      installed: true,
      running: true,
      pid: info.pid,
      answering: true,
    });
    expect(status.stdout).not.toContain(info.adminKey.split(':')[1]);
    expect(status.stdout).not.toContain(info.contentKey);

    const plain = await runCli(['start', '--data-dir', dataDir]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(info.url);
    expect(plain.stdout + plain.stderr).not.toContain(info.adminKey.split(':')[1]);

    const stopped = await runCli(['stop', '--data-dir', dataDir]);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain(`stopped Ghost (pid ${info.pid})`);
    expect(isAlive(info.pid)).toBe(false);

    const again = await runCli(['stop', '--data-dir', dataDir]);
    expect(again.stdout).toContain('no Ghost is running');
  });

  it("--help shows a command's usage and starts nothing", async () => {
    const site = path.join(dataDir, 'help-only');
    const help = await runCli(['start', '--help', '--data-dir', site]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--port');
    expect(existsSync(site)).toBe(false);
  });

  it('exits 2 on bad usage', async () => {
    const bad = await runCli(['start', '--port', 'eighty', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port');
  });
});

describe('errors', () => {
  it('stop refuses a recorded pid that is not its Ghost, and leaves that process alone', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kiji-ghost-foreign-'));
    try {
      const state = {
        ghostVersion: '6.65.0',
        url: 'http://127.0.0.1:9',
        port: 9,
        adminKey: 'a:b',
        contentKey: 'c',
      };
      await writeFile(
        path.join(dir, 'kiji-ghost.json'),
        JSON.stringify({ ...state, ownerEmail: 'x@example.com', ownerPassword: 'p', pid: process.pid }),
      );
      const error = await stopGhost(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GhostDevError);
      expect(error).toMatchObject({ code: 'NOT_OUR_PROCESS', file: path.join(dir, 'kiji-ghost.json') });
      expect(isAlive(process.pid)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a corrupt state file is reported with its path and what to do', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kiji-ghost-corrupt-'));
    try {
      await writeFile(path.join(dir, 'kiji-ghost.json'), '{"url": ');
      const error = await startGhost({ dataDir: dir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STATE_INVALID', file: path.join(dir, 'kiji-ghost.json') });
      expect((error as Error).message).toContain('delete the data dir');
      expect(await readFile(path.join(dir, 'kiji-ghost.json'), 'utf8')).toBe('{"url": ');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
