import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { CORPUS, spawnCli, tempDir, writeConfig } from './helpers.js';

const NO_SMTP = { SMTP_URL: '', KIJI_DIGEST_CONFIG: '' };

describe('kiji-digest run --once on the real corpus', () => {
  it('writes the 2025-10-01..08 digest: sections, under 100 KB, with a text part and a sample message', async () => {
    const out = await tempDir();
    const args = [
      'run',
      '--once',
      '--source',
      CORPUS,
      '--out',
      out,
      '--since',
      '2025-10-01',
      '--until',
      '2025-10-08',
    ];
    const result = await spawnCli([...args, '--site-url', 'https://example.com'], NO_SMTP).done;
    expect(result.code, result.stderr).toBe(0);
    // Bad posts elsewhere in the corpus are reported with file and line, and the run goes on.
    expect(result.stderr).toMatch(/2025-08-31-1-000108\.md:1: /);
    const dir = join(out, 'digest', '2025-10-08');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    const text = await readFile(join(dir, 'digest.txt'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
    expect(html).toMatch(/<html lang="ja"/);
    expect(html).toContain('2025年10月1日〜2025年10月8日');
    // Every publishable post of the window (17 files, filed as 業界分析, the old name of 投資分析;
    // the cleaner may quarantine a few), each once.
    const count = Number(/2025-10-08: (\d+) article\(s\), \1 shown/.exec(result.stderr)?.[1]);
    expect(count).toBeGreaterThanOrEqual(12);
    expect(count).toBeLessThanOrEqual(17);
    const links = [...text.matchAll(/^ {2}(https:\/\/example\.com\/\S+)$/gm)].map((m) => m[1]);
    expect(links).toHaveLength(count);
    expect(new Set(links).size).toBe(count);
    for (const link of links) expect(html).toContain(`href="${link}"`);
    // Sections by tag, none for the tags every article carries.
    const sections = [...text.matchAll(/^■ (.+)（(\d+) 本）$/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(sections.length).toBeGreaterThan(2);
    expect(sections.map(([t]) => t)).not.toContain('AI');
    expect(sections.map(([t]) => t)).not.toContain('最新ニュース');
    expect(sections.reduce((n, [, c]) => n + c, 0)).toBe(count);
    expect(text).toMatch(/約 \d+ 分で読めます/);
    await stat(join(dir, 'digest.mjml'));
    const eml = await simpleParser(await readFile(join(dir, 'message.eml')));
    expect(eml.html).toBeTruthy();
    expect(eml.text).toContain('配信停止');
    expect(eml.headerLines.some((h) => h.key === 'list-unsubscribe-post')).toBe(true);
  });

  it('degrades a two-month window to the top articles and an "N more" link, still under 100 KB', async () => {
    const out = await tempDir();
    const result = await spawnCli(
      ['run', '--once', '--source', CORPUS, '--out', out, '--since', '2025-11-01', '--until', '2025-12-31'],
      { ...NO_SMTP, KIJI_DIGEST_CONFIG: await writeConfig(out, { siteUrl: 'https://example.com' }) },
    ).done;
    expect(result.code, result.stderr).toBe(0);
    const match = /2025-12-31: (\d+) article\(s\), (\d+) shown, (\d+) bytes/.exec(result.stderr);
    expect(match).not.toBeNull();
    const [total, shown, bytes] = [Number(match![1]), Number(match![2]), Number(match![3])];
    expect(total).toBeGreaterThan(500);
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(total);
    expect(bytes).toBeLessThanOrEqual(100_000);
    const html = await readFile(join(out, 'digest', '2025-12-31', 'index.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(100_000);
    expect(html).toContain(`ほかに ${total - shown} 本の記事があります`);
    expect(html).toContain('href="https://example.com/digest/2025-12-31/"');
  });

  it('builds one digest per tag with --per-tag', async () => {
    const out = await tempDir();
    const args = ['run', '--once', '--per-tag', '--source', CORPUS, '--out', out, '--since', '2025-10-01'];
    const result = await spawnCli(
      [...args, '--until', '2025-10-08', '--site-url', 'https://example.com'],
      NO_SMTP,
    ).done;
    expect(result.code, result.stderr).toBe(0);
    const digests = [...result.stderr.matchAll(/2025-10-08#(\S+): (\d+) article\(s\)/g)].map((m) => m[1]);
    expect(digests.length).toBeGreaterThan(3);
    expect(digests).not.toContain('AI');
    const html = await readFile(
      join(out, 'digest', '2025-10-08', 'tags', 'OpenAI-8b7d1a31', 'index.html'),
      'utf8',
    );
    expect(html).toContain('今週の投資分析ダイジェスト：OpenAI');
  });

  it('stops with exit 7 when the source does not exist', async () => {
    const result = await spawnCli(
      ['run', '--once', '--source', '/nonexistent/posts', '--site-url', 'https://example.com'],
      NO_SMTP,
    ).done;
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('/nonexistent/posts');
  });

  it('logs an empty window and sends nothing', async () => {
    const out = await tempDir();
    const result = await spawnCli(
      ['run', '--once', '--source', CORPUS, '--out', out, '--since', '2024-01-01', '--until', '2024-01-07'],
      { ...NO_SMTP, KIJI_DIGEST_CONFIG: await writeConfig(out, { siteUrl: 'https://example.com' }) },
    ).done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('no articles in the window; nothing sent');
  });
});

describe('configuration errors (exit 2)', () => {
  for (const [what, config, expected] of [
    ['an invalid cron expression', { cron: '61 8 * * 1' }, 'invalid cron expression "61 8 * * 1"'],
    ['an unknown time zone', { timezone: 'Asia/Atlantis' }, 'unknown time zone "Asia/Atlantis"'],
  ] as const) {
    it(`refuses to start the schedule with ${what}`, async () => {
      const dir = await tempDir();
      const file = await writeConfig(dir, { siteUrl: 'https://example.com', out: dir, ...config });
      const result = await spawnCli(['schedule'], { ...NO_SMTP, KIJI_DIGEST_CONFIG: file }).done;
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(expected);
      expect(result.stderr).toContain(file);
    });
  }

  it('points at the line of a config file that is not JSON', async () => {
    const dir = await tempDir();
    const file = join(dir, 'bad.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, '{\n  "siteUrl": "https://example.com",\n  "cron": 0 8 * * 1\n}\n');
    const result = await spawnCli(['run', '--once', '--config', file], NO_SMTP).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3`);
  });

  it('rejects a --since that is not a date', async () => {
    const result = await spawnCli(
      ['run', '--once', '--since', 'last week', '--site-url', 'https://example.com'],
      NO_SMTP,
    ).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--since "last week" is not an ISO date');
  });
});
