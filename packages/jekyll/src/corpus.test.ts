import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ReadResult, readPosts } from './read.js';

// The real blog: 1,518 posts and 47 older versions of some of them. Located next to the repo
// (`../shared`) unless KIJI_SHARED_DIR says otherwise; a missing corpus fails, it is not skipped.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const shared = process.env.KIJI_SHARED_DIR ?? resolve(repoRoot, '../shared');
const postsDir = join(shared, 'corpus/posts');
const versionsDir = join(shared, 'corpus/versions');

let results: ReadResult[] = [];
const byName = new Map<string, ReadResult>();

beforeAll(async () => {
  if (!existsSync(postsDir) || !existsSync(versionsDir)) {
    throw new Error(
      `corpus not found at ${shared}: set KIJI_SHARED_DIR to the directory holding corpus/ and seeds/`,
    );
  }
  for await (const result of readPosts([postsDir, versionsDir, join(shared, 'seeds')])) {
    results.push(result);
    byName.set(basename(result.path), result);
  }
  results = results.filter((r) => !r.path.startsWith(join(shared, 'seeds')));
}, 60_000);

function readOk(name: string) {
  const result = byName.get(name);
  if (!result?.ok) throw new Error(`${name}: ${result ? result.error.message : 'not read'}`);
  return result;
}
function readError(name: string) {
  const result = byName.get(name);
  if (!result || result.ok) throw new Error(`${name}: expected an error`);
  return result.error;
}

/** The manifest's artifact flags, written by whoever assembled the corpus: an independent witness. */
function manifest(): Map<string, Record<string, string>> {
  const [header, ...rows] = readFileSync(join(shared, 'corpus/manifest.tsv'), 'utf8').trimEnd().split('\n');
  const columns = header!.split('\t');
  return new Map(
    rows.map((row) => {
      const cells = row.split('\t');
      return [cells[0]!, Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']))];
    }),
  );
}

describe('the real corpus', () => {
  it('gives every one of the 1,565 files an outcome, with these exact counts', () => {
    expect(results).toHaveLength(1565);
    const counts: Record<string, number> = {};
    for (const r of results) {
      const key = r.ok ? 'ok' : r.error.code;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(counts).toEqual({ ok: 1540, 'no-front-matter': 14, 'invalid-utf8': 6, 'conflict-markers': 5 });
  });

  it('names the file, the line and a fix in every error', () => {
    for (const r of results) {
      if (r.ok) continue;
      const { error } = r;
      expect(error.file).toBe(r.path);
      expect(error.message.startsWith(`@kiji/jekyll: ${r.path}:${error.line}: `)).toBe(true);
      expect(error.line).toBeGreaterThanOrEqual(1);
      expect(error.hint.length).toBeGreaterThan(20);
      expect(error.message.endsWith(error.hint)).toBe(true);
    }
  });

  it('fails exactly the posts the manifest flags, with the matching code', () => {
    const flags = manifest();
    expect(flags.size).toBe(1518);
    const flagged = (flag: string): string[] =>
      [...flags.values()]
        .filter(
          (row) => row.artifacts?.split(',').includes(flag) || row.other_flags?.split(',').includes(flag),
        )
        .map((row) => row.file!)
        .sort();
    const failing = (code: string): string[] =>
      results
        .filter((r) => !r.ok && r.error.code === code && r.path.startsWith(postsDir))
        .map((r) => basename(r.path))
        .sort();
    expect(failing('no-front-matter')).toEqual(flagged('no_front_matter'));
    expect(failing('conflict-markers')).toEqual(flagged('merge_conflict_markers'));
    // The manifest's non_utf8 posts also carry a replacement-char title flag; only these three
    // have truly invalid bytes (a title cut mid-character). The other titles with U+FFFD are
    // valid UTF-8 and must parse.
    expect(failing('invalid-utf8')).toEqual(flagged('non_utf8'));
    expect(flagged('non_utf8')).toHaveLength(3);
    const replaced = flagged('title_replacement_char').filter((name) => !flagged('non_utf8').includes(name));
    expect(replaced.length).toBeGreaterThan(200);
    for (const name of replaced) {
      const r = byName.get(name);
      if (r?.ok) expect(r.post.title).toContain('\u{FFFD}');
    }
  });

  it('agrees with the manifest on date, categories and reading time for every post that parses', () => {
    let compared = 0;
    for (const [file, row] of manifest()) {
      const r = byName.get(file);
      if (!r?.ok) continue;
      compared++;
      const iso = row.date!.replace(' ', 'T').replace(/ ([+-]\d\d)(\d\d)$/, '$1:$2');
      expect(r.post.date.iso, file).toBe(iso);
      expect(r.post.date.epochMs, file).toBe(Date.parse(iso));
      expect(r.post.date.source).toBe('front-matter');
      expect(r.post.categories, file).toEqual(row.category!.split('|'));
      expect(r.post.readingTime, file).toBe(
        row.reading_time === 'None' ? undefined : Number(row.reading_time),
      );
    }
    expect(compared).toBe(1518 - 8 - 5 - 3);
  });

  it('warns about the 14 versions that set image twice, and nothing else surprising', () => {
    const warnings = results.flatMap((r) =>
      r.ok ? r.warnings.map((w) => ({ ...w, file: basename(r.path) })) : [],
    );
    const duplicates = warnings.filter((w) => w.code === 'duplicate-key');
    expect(duplicates).toHaveLength(14);
    for (const w of duplicates) {
      expect(w.file).toContain('@');
      expect(w.message).toContain('`image` is set twice');
    }
    // Two copies of one post have `title: ""`.
    expect(warnings.filter((w) => w.code === 'missing-title').map((w) => w.file)).toEqual([
      '2025-09-17-2-ai-article.md',
      '2025-09-17-2-ai-article@1cd040df49.md',
    ]);
    expect(warnings.filter((w) => w.code !== 'duplicate-key' && w.code !== 'missing-title')).toEqual([]);
  });

  it('reads a +0900 post in a category other than 投資分析, field by field', () => {
    const { post, warnings } = readOk('2026-02-13-1-ai-agent-manufacturing-dx.md');
    expect(post.id).toBe('2026-02-13-1-ai-agent-manufacturing-dx');
    expect(post.sourcePath).toBe(join(postsDir, '2026-02-13-1-ai-agent-manufacturing-dx.md'));
    expect(post.title).toBe(
      '2026年AIエージェントで製造業DXはどう変わる？現場の課題解決の鍵の全貌と実践的な活用法',
    );
    expect(post.date).toEqual({
      iso: '2026-02-13T18:04:16+09:00',
      epochMs: Date.UTC(2026, 1, 13, 9, 4, 16),
      offset: '+09:00',
      source: 'front-matter',
    });
    expect(post.categories).toEqual(['業界別AI活用']);
    expect(post.tags).toEqual(['AIエージェント', 'DX推進', '製造業', 'コスト削減', 'ROI分析']);
    expect(post.author).toBe('ALLFORCES産業リサーチチーム');
    expect(post.excerpt?.startsWith('製造業のDXにおけるAIエージェントの活用法を解説。')).toBe(true);
    expect(post.readingTime).toBe(11);
    expect(post.draft).toBe(false);
    expect(Object.keys(post.extra)).toEqual(['layout', 'image', 'description']);
    expect(post.extra.layout).toBe('post');
    expect(post.extra.image).toBe('/assets/images/posts/2026-02-13-1-ai-agent-manufacturing-dx-ogp.png');
    expect(String(post.extra.description).startsWith('皆さん、こんにちは！製造業のDX、')).toBe(true);
    expect(post.bodyLine).toBe(13);
    expect(post.body.startsWith('\n## 製造業DXを加速するAIエージェント：現場の「困った」を')).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('reads a corpus version, keeping its @blob in the id and warning about the repeated image', () => {
    const { post, warnings } = readOk('2025-12-21-1-microsoftazure-ai@6e25a47182.md');
    expect(post.id).toBe('2025-12-21-1-microsoftazure-ai@6e25a47182');
    expect(post.title).toBe('2026年MicrosoftはAzure AIで何を発表したのだろうか？の注目ポイントと導入効果');
    expect(post.date.iso).toBe('2025-12-21T16:38:40+00:00');
    expect(post.date.offset).toBe('+00:00');
    expect(post.categories).toEqual(['AI最新ニュース']);
    expect(post.tags).toEqual([
      'OpenAI',
      'Microsoft',
      'マルチモーダル',
      '画像生成',
      'AI人材',
      'セキュリティ',
    ]);
    expect(post.author).toBe('ALLFORCES編集部');
    expect(post.excerpt).toBe('MicrosoftはAzure AIで何を発表したのだろうか？');
    expect(post.readingTime).toBe(8);
    expect(post.extra.image).toBe('/assets/images/posts/2025-12-21-1-microsoftazure-ai-ogp.png');
    expect(post.bodyLine).toBe(14);
    expect(warnings).toEqual([
      {
        code: 'duplicate-key',
        line: 11,
        message:
          '`image` is set twice (lines 10 and 11); the last value wins, as in Jekyll. Delete one of them.',
      },
    ]);
  });

  it('reads a post with two categories and an H1 body', () => {
    const { post } = readOk('2024-12-26-sample-ai-article.md');
    expect(post.title).toBe('AI記事自動生成システムの紹介');
    expect(post.date.iso).toBe('2024-12-26T09:00:00+09:00');
    expect(post.date.epochMs).toBe(Date.UTC(2024, 11, 26, 0, 0, 0));
    expect(post.categories).toEqual(['AI技術', 'システム紹介']);
    expect(post.tags).toEqual(['AI', '自動化', 'ブログ', 'Gemini CLI', 'textlint']);
    expect(post.author).toBe('AI記事生成システム');
    expect(post.readingTime).toBe(5);
    expect(post.extra).toEqual({ layout: 'post' });
    expect(post.bodyLine).toBe(11);
    expect(post.body.startsWith('\n# AI記事自動生成システムの紹介\n\nこのブログは、')).toBe(true);
  });

  it('reads a seed post named by sequence number, in 投資分析', () => {
    const { post } = readOk('000_d3448eb173be9d92.txt');
    expect(post.id).toBe('d3448eb173be9d92');
    expect(post.title).toBe('ねえの可能性とは？');
    expect(post.date.iso).toBe('2026-02-06T17:04:47+00:00');
    expect(post.categories).toEqual(['投資分析']);
    expect(post.tags).toEqual([
      'AI',
      '最新ニュース',
      '技術動向',
      'OpenAI',
      'Google',
      'Microsoft',
      '投資',
      'チップ',
    ]);
    expect(post.excerpt).toBe('**Microsoft Azure、AIインフラ投資、1兆円規模へ**について詳細に分析します。');
  });

  it('explains the three kinds of broken file precisely', () => {
    const oneLine = readError('2025-08-31-1-000108.md');
    expect(oneLine.code).toBe('no-front-matter');
    expect(oneLine.line).toBe(1);
    expect(oneLine.message).toContain('the whole file is on one line');

    const cut = readError('2025-08-29-4-ai.md');
    expect(cut.code).toBe('invalid-utf8');
    expect(cut.line).toBe(3);
    expect(cut.message).toContain('offset 103 (0xE7…)');

    const conflict = readError('2026-02-25-1-ai-agents-manufacturing-dx.md');
    expect(conflict.code).toBe('conflict-markers');
    expect(conflict.line).toBe(241);
    expect(conflict.message).toContain('lines 241, 329, 337');
  });
});
