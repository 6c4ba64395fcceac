import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReadResult, readPosts } from './read.js';

let root: string;
const post = (title: string, date = '2025-10-05 13:34:57 +0900'): string =>
  `---\ntitle: "${title}"\ndate: ${date}\n---\n${title}の本文。\n`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kiji-jekyll-read-'));
  mkdirSync(join(root, '_posts/2025'), { recursive: true });
  mkdirSync(join(root, '_drafts'));
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '_posts/2025-10-05-b.md'), post('B'));
  writeFileSync(join(root, '_posts/2025-10-04-a.markdown'), post('A'));
  writeFileSync(join(root, '_posts/2025/2025-10-06-c.txt'), post('C'));
  writeFileSync(join(root, '_posts/notes.json'), '{}');
  writeFileSync(join(root, '_posts/.2025-10-07-hidden.md'), post('hidden'));
  writeFileSync(join(root, '.git/2025-10-08-in-git.md'), post('git'));
  writeFileSync(join(root, '_drafts/2025-10-09-d.md'), post('D'));
  writeFileSync(join(root, '_posts/2025-10-10-broken.md'), '--- title: one line ---');
  symlinkSync(join(root, 'missing-target.md'), join(root, '_posts/2025-10-11-dangling.md'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function collect(iterable: AsyncIterable<ReadResult>): Promise<ReadResult[]> {
  const out: ReadResult[] = [];
  for await (const result of iterable) out.push(result);
  return out;
}
const names = (results: readonly ReadResult[]): string[] => results.map((r) => r.path.slice(root.length + 1));

describe('readPosts', () => {
  it('walks directories recursively, in sorted order, skipping dot entries and other extensions', async () => {
    const results = await collect(readPosts(root));
    expect(names(results)).toEqual([
      '_drafts/2025-10-09-d.md',
      '_posts/2025-10-04-a.markdown',
      '_posts/2025-10-05-b.md',
      '_posts/2025-10-10-broken.md',
      '_posts/2025-10-11-dangling.md',
      '_posts/2025/2025-10-06-c.txt',
    ]);
    const byName = new Map(results.map((r) => [r.path.slice(root.length + 1), r]));
    const draft = byName.get('_drafts/2025-10-09-d.md');
    expect(draft?.ok && draft.post.draft).toBe(true);
    const broken = byName.get('_posts/2025-10-10-broken.md');
    expect(broken?.ok === false && broken.error.code).toBe('no-front-matter');
    const dangling = byName.get('_posts/2025-10-11-dangling.md');
    expect(dangling?.ok === false && dangling.error.code).toBe('read-failed');
    expect(dangling?.ok === false && dangling.error.message).toContain('2025-10-11-dangling.md');
  });

  it('gives the same order whatever the concurrency', async () => {
    const one = names(await collect(readPosts(root, { concurrency: 1 })));
    const many = names(await collect(readPosts(root, { concurrency: 64 })));
    expect(many).toEqual(one);
  });

  it('expands globs, merges inputs, and reads each file once', async () => {
    const results = await collect(
      readPosts([
        join(root, '_posts/2025-10-0?-*.md'),
        join(root, '_posts/2025-10-05-b.md'),
        join(root, '_posts/./2025-10-05-b.md'),
        join(root, '_posts/**/*.txt'),
      ]),
    );
    expect(names(results)).toEqual(['_posts/2025-10-05-b.md', '_posts/2025/2025-10-06-c.txt']);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('matches files only with a glob, not directories', async () => {
    const results = await collect(readPosts(join(root, '_posts/*')));
    expect(names(results)).not.toContain('_posts/2025');
    expect(names(results)).toContain('_posts/notes.json');
  });

  it('reports a missing path and an empty glob as read-failed results, and goes on', async () => {
    const missing = join(root, 'nope.md');
    const empty = join(root, '*.nothing');
    const results = await collect(readPosts([missing, empty, join(root, '_posts/2025-10-05-b.md')]));
    // Sorted by path: `*` sorts before `_`, `_` before `n`.
    expect(names(results)).toEqual(['*.nothing', '_posts/2025-10-05-b.md', 'nope.md']);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['read-failed', 'ok', 'read-failed']);
    for (const result of results) {
      if (result.ok) continue;
      expect(result.error.file).toBe(result.path);
      expect(result.error.message).toContain(result.path);
      expect(result.error.hint).not.toBe('');
    }
  });

  it('reports an unreadable file without stopping the batch', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    const file = join(locked, '2025-10-12-locked.md');
    writeFileSync(file, post('locked'));
    chmodSync(file, 0o000);
    try {
      const results = await collect(readPosts([file, join(root, '_posts/2025-10-05-b.md')]));
      // root can read anything; then the file simply parses.
      const expected = process.getuid?.() === 0 ? 'ok' : 'read-failed';
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([expected, 'ok']);
    } finally {
      chmodSync(file, 0o644);
    }
  });

  it('takes an explicitly named file whatever its extension', async () => {
    const file = join(root, '2025-10-13-post.html');
    writeFileSync(file, post('html'));
    const [result] = await collect(readPosts(file));
    expect(result?.ok && result.post.title).toBe('html');
  });
});

describe('readPosts options', () => {
  it.each([0, -1, 1.5, Number.NaN])(
    'refuses concurrency %s instead of reading nothing',
    async (concurrency) => {
      await expect(collect(readPosts(root, { concurrency }))).rejects.toThrow(
        /concurrency must be a whole number/,
      );
    },
  );
});
