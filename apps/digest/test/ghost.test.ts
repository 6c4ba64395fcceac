import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GhostAdminClient, GhostError, validateConfig } from '@kiji/ghost';
import { type RunningGhost, startGhost } from '@kiji/ghost-dev';
// The one faulty proxy of the repo, written for @kiji/ghost's own resilience tests (test-only, by path).
import { faultyProxy } from '@kiji/ghost-dev/fault-proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestAppError, EXIT_CODES } from '../src/errors.js';
import { createGhostReader, type Member } from '../src/ghost.js';
import { loadCandidates } from '../src/pipeline.js';
import {
  copyWindow,
  countBy,
  header,
  spawnCli,
  startSmtp,
  suiteTempDir,
  type TestSmtp,
  tempDir,
  writeConfig,
} from './helpers.js';

const PASSWORD = 'ghost-loopback-secret';
const SUBSCRIBED = 103; // more than one page of 100
let ghost: RunningGhost;
let admin: GhostAdminClient;
let smtp: TestSmtp;
let ghostData: string;
let source: string;
const livePosts = new Map<string, string>(); // slug → Ghost URL

beforeAll(async () => {
  ghostData = await mkdtemp(join(tmpdir(), 'kiji-digest-ghost-'));
  ghost = await startGhost({ dataDir: ghostData });
  admin = new GhostAdminClient(validateConfig({ url: ghost.url, adminKey: ghost.adminKey }));
  smtp = await startSmtp(PASSWORD);
  source = await copyWindow(['2025-10-05', '2025-10-06'], await suiteTempDir('kiji-digest-src-'));
  const { newsletters } = await admin.request<{ newsletters: { id: string }[] }>('GET', 'newsletters/');
  const newsletter = newsletters[0]!.id;
  for (let i = 1; i <= SUBSCRIBED; i++) {
    await admin.request('POST', 'members/', {
      body: {
        members: [
          {
            email: `reader${i}@example.test`,
            name: i % 2 ? `読者 ${i}` : '',
            newsletters: [{ id: newsletter }],
          },
        ],
      },
    });
  }
  await admin.request('POST', 'members/', {
    body: { members: [{ email: 'not-subscribed@example.test', newsletters: [] }] },
  });
  // Two of the window's articles are live in Ghost; the others are not published there yet.
  const window = { sinceMs: Date.parse('2025-10-04T15:00:00Z'), untilMs: Date.parse('2025-10-06T15:00:00Z') };
  const candidates = (await loadCandidates(source, window, () => undefined)).filter(
    (c) => c.verdict.status === 'publish',
  );
  for (const c of candidates.slice(0, 2)) {
    const { posts } = await admin.request<{ posts: { slug: string; url: string }[] }>('POST', 'posts/', {
      body: {
        posts: [
          { title: c.post.title, slug: c.post.slug, status: 'published', published_at: c.post.date.iso },
        ],
      },
    });
    livePosts.set(posts[0]!.slug, posts[0]!.url);
  }
}, 600_000);

afterAll(async () => {
  await smtp?.stop();
  await ghost?.stop();
  if (ghostData) await rm(ghostData, { recursive: true, force: true });
  if (source) await rm(source, { recursive: true, force: true });
});

describe('kiji-digest with a real local Ghost', () => {
  it('mails each subscribed member exactly one copy across a crash, links live posts, and one-click unsubscribes', async () => {
    const dir = await tempDir();
    const config = await writeConfig(dir, {
      source,
      out: join(dir, 'out'),
      siteUrl: ghost.url,
      newsletter: 'default-newsletter',
      from: 'kiji <digest@example.com>',
      unsubscribeMailto: 'unsubscribe@example.com',
    });
    const env = {
      KIJI_DIGEST_CONFIG: config,
      SMTP_URL: `smtp://kiji@127.0.0.1:${smtp.port}`,
      SMTP_PASSWORD: PASSWORD,
      GHOST_URL: ghost.url,
      GHOST_CONTENT_KEY: ghost.contentKey,
      GHOST_ADMIN_KEY: ghost.adminKey,
    };
    const args = ['run', '--once', '--since', '2025-10-05', '--until', '2025-10-06'];
    const first = spawnCli(args, env);
    smtp.onMailFrom = (accepted) => {
      if (accepted === 40) first.child.kill('SIGKILL');
    };
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).not.toContain(ghost.adminKey.split(':')[1]!);
    expect(killed.stderr).toContain('is not live in Ghost yet; left out of the digest');
    smtp.onMailFrom = undefined;
    expect(smtp.received.length).toBe(40);

    const restart = await spawnCli(args, env).done;
    expect(restart.code, restart.stderr).toBe(0);
    const counts = countBy(smtp.received);
    expect(counts.size).toBe(SUBSCRIBED);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.has('not-subscribed@example.test')).toBe(false);

    const mail = smtp.received.find((r) => r.to === 'reader1@example.test')!;
    const html = mail.mail.html as string;
    expect(html).toContain('読者 1さま');
    for (const url of livePosts.values()) expect(html).toContain(`href="${url}"`);
    expect(html.match(/<a href="[^"]+" style="color:#1d4e89;text-decoration:none;">/g)).toHaveLength(
      livePosts.size,
    );
    const listUnsubscribe = header(mail, 'List-Unsubscribe')!;
    const url = /^<(http[^>]+)>, <mailto:unsubscribe@example\.com\?subject=[^>]+>$/.exec(
      listUnsubscribe,
    )?.[1];
    expect(url).toMatch(new RegExp(`^${ghost.url}/unsubscribe/\\?uuid=`));
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // What Gmail does on "Unsubscribe": an RFC 8058 POST to the header's URL.
    const post = await fetch(url!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBeLessThan(300);
    const { members } = await admin.request<{ members: { newsletters: unknown[] }[] }>('GET', 'members/', {
      query: { filter: 'email:reader1@example.test' },
    });
    expect(members[0]!.newsletters).toEqual([]);
  });
});

/** Every member the reader yields, in order. */
async function collect(members: AsyncIterable<Member>): Promise<Member[]> {
  const out: Member[] = [];
  for await (const m of members) out.push(m);
  return out;
}

/** A loopback port with nothing listening on it: Ghost is down. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** A key of the right shape that this Ghost does not know. */
const WRONG_ADMIN_KEY = `${'ab'.repeat(12)}:${'cd'.repeat(32)}`;

describe('kiji-digest reads members through @kiji/ghost', () => {
  it('retries a 503 and a connection reset on the members read and still gets every page', async () => {
    const filter = { newsletter: 'default-newsletter' };
    const healthy = await collect(
      createGhostReader({ url: ghost.url, adminKey: ghost.adminKey }).members(filter),
    );
    expect(healthy.length).toBeGreaterThan(100); // two pages of 100

    // First attempt of page 1 gets a 503, first attempt of page 2 a reset before Ghost sees it.
    const proxy = await faultyProxy(ghost.url, (n) => (n === 1 ? '503' : n === 3 ? 'reset' : 'none'));
    try {
      const reader = createGhostReader({ url: proxy.url, adminKey: ghost.adminKey });
      const members = await collect(reader.members(filter));
      expect(members).toEqual(healthy);
      expect(proxy.requests()).toBe(4); // 2 pages + 2 retries
    } finally {
      await proxy.close();
    }
  });

  it('retries a 503 and a connection reset on the Content API read of post URLs', async () => {
    const slugs = [...livePosts.keys()];
    expect(slugs.length).toBeGreaterThan(0);
    const healthy = await createGhostReader({ url: ghost.url, contentKey: ghost.contentKey }).postUrls(slugs);
    const proxy = await faultyProxy(ghost.url, (n) => (n === 1 ? '503' : n === 2 ? 'reset' : 'none'));
    try {
      const urls = await createGhostReader({ url: proxy.url, contentKey: ghost.contentKey }).postUrls(slugs);
      expect(urls).toEqual(healthy);
      expect(proxy.requests()).toBe(3); // one page + 2 retries
    } finally {
      await proxy.close();
    }
  });

  it('exits 5 with a clear message when Ghost answers 401 to a wrong admin key, and shows no key', async () => {
    const dir = await tempDir();
    const config = await writeConfig(dir, {
      source,
      out: join(dir, 'out'),
      siteUrl: ghost.url,
      newsletter: 'default-newsletter',
      from: 'kiji <digest@example.com>',
    });
    const before = smtp.received.length;
    const result = await spawnCli(['run', '--once', '--since', '2025-10-05', '--until', '2025-10-06'], {
      KIJI_DIGEST_CONFIG: config,
      SMTP_URL: `smtp://kiji@127.0.0.1:${smtp.port}`,
      SMTP_PASSWORD: PASSWORD,
      GHOST_URL: ghost.url,
      GHOST_CONTENT_KEY: ghost.contentKey,
      GHOST_ADMIN_KEY: WRONG_ADMIN_KEY,
    }).done;
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain('Ghost refused the Admin API key');
    expect(result.stderr).toContain('answered 401');
    expect(result.stderr).toContain('Check GHOST_ADMIN_KEY');
    for (const secret of [WRONG_ADMIN_KEY.split(':')[1]!, ghost.adminKey.split(':')[1]!, ghost.contentKey]) {
      expect(result.stderr).not.toContain(secret);
    }
    expect(smtp.received.length).toBe(before);
  });

  it('exits 5 when Ghost is down', async () => {
    const dir = await tempDir();
    const config = await writeConfig(dir, {
      source,
      out: join(dir, 'out'),
      siteUrl: 'https://example.com',
      newsletter: 'default-newsletter',
      from: 'kiji <digest@example.com>',
    });
    const url = await deadUrl();
    const result = await spawnCli(['run', '--once', '--since', '2025-10-05', '--until', '2025-10-06'], {
      KIJI_DIGEST_CONFIG: config,
      SMTP_URL: `smtp://kiji@127.0.0.1:${smtp.port}`,
      SMTP_PASSWORD: PASSWORD,
      GHOST_URL: url,
      GHOST_CONTENT_KEY: ghost.contentKey,
      GHOST_ADMIN_KEY: ghost.adminKey,
    }).done;
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain(`cannot reach Ghost at ${url}`);
    expect(result.stderr).not.toContain(ghost.adminKey.split(':')[1]!);
    expect(result.stderr).not.toContain(ghost.contentKey);
  });

  it('turns a members read that finds Ghost down (after retries) into the digest error, with the GhostError as cause', async () => {
    const url = await deadUrl();
    const error = await collect(
      createGhostReader({ url, adminKey: ghost.adminKey }).members({ newsletter: 'default-newsletter' }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestAppError);
    expect(EXIT_CODES[(error as DigestAppError).code]).toBe(5);
    expect((error as DigestAppError).message).toContain(`cannot reach Ghost at ${url}`);
    expect((error as DigestAppError).message).not.toContain(ghost.adminKey.split(':')[1]!);
    const cause = (error as DigestAppError).cause;
    expect(cause).toBeInstanceOf(GhostError);
    expect(cause).toMatchObject({ code: 'network' });
    expect((cause as GhostError).hint).toContain('tried 6 time(s)'); // retried before giving up
  });

  it('refuses a malformed admin key as a config error (exit 2) without echoing it', async () => {
    const bad = 'not-a-key:zz-secret-zz';
    const error = await collect(createGhostReader({ url: ghost.url, adminKey: bad }).members({})).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DigestAppError);
    expect(EXIT_CODES[(error as DigestAppError).code]).toBe(2);
    expect((error as DigestAppError).message).not.toContain('zz-secret-zz');
  });
});
