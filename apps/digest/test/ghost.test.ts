import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningGhost, startGhost } from '@kiji/ghost-dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../src/ghost.js';
import { loadCandidates } from '../src/pipeline.js';
import {
  countBy,
  header,
  spawnCli,
  startSmtp,
  type TestSmtp,
  tempDir,
  windowSource,
  writeConfig,
} from './helpers.js';

const PASSWORD = 'ghost-loopback-secret';
const SUBSCRIBED = 103; // more than one page of 100
let ghost: RunningGhost;
let smtp: TestSmtp;
let ghostData: string;
let source: string;
const livePosts = new Map<string, string>(); // slug → Ghost URL

async function admin(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${ghost.url}/ghost/api/admin${path}`, {
    method,
    headers: {
      Authorization: `Ghost ${adminToken(ghost.adminKey)}`,
      'Content-Type': 'application/json',
      'Accept-Version': 'v6.0',
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

beforeAll(async () => {
  ghostData = await mkdtemp(join(tmpdir(), 'kiji-digest-ghost-'));
  ghost = await startGhost({ dataDir: ghostData });
  smtp = await startSmtp(PASSWORD);
  source = await windowSource(['2025-10-05', '2025-10-06']);
  const { newsletters } = (await admin('GET', '/newsletters/')) as { newsletters: { id: string }[] };
  const newsletter = newsletters[0]!.id;
  for (let i = 1; i <= SUBSCRIBED; i++) {
    await admin('POST', '/members/', {
      members: [
        {
          email: `reader${i}@example.test`,
          name: i % 2 ? `読者 ${i}` : '',
          newsletters: [{ id: newsletter }],
        },
      ],
    });
  }
  await admin('POST', '/members/', { members: [{ email: 'not-subscribed@example.test', newsletters: [] }] });
  // Two of the window's articles are live in Ghost; the others are not published there yet.
  const window = { sinceMs: Date.parse('2025-10-04T15:00:00Z'), untilMs: Date.parse('2025-10-06T15:00:00Z') };
  const candidates = (await loadCandidates(source, window, () => undefined)).filter(
    (c) => c.verdict.status === 'publish',
  );
  for (const c of candidates.slice(0, 2)) {
    const { posts } = (await admin('POST', '/posts/', {
      posts: [{ title: c.post.title, slug: c.post.slug, status: 'published', published_at: c.post.date.iso }],
    })) as { posts: { slug: string; url: string }[] };
    livePosts.set(posts[0]!.slug, posts[0]!.url);
  }
}, 600_000);

afterAll(async () => {
  await smtp?.stop();
  await ghost?.stop();
  await rm(ghostData, { recursive: true, force: true });
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
    const { members } = (await admin(
      'GET',
      `/members/?filter=${encodeURIComponent('email:reader1@example.test')}`,
    )) as {
      members: { newsletters: unknown[] }[];
    };
    expect(members[0]!.newsletters).toEqual([]);
  });
});
