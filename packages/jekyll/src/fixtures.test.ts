import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ReadResult, readPosts } from './read.js';

// One directory per case under test/fixtures/<case>/: the post file(s) as input, output.json as
// the reviewed expected result. `UPDATE=1 npx vitest run --project jekyll` rewrites output.json;
// review the diff before committing it.
const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const update = process.env.UPDATE === '1';

function snapshot(results: readonly ReadResult[], caseDir: string): unknown {
  const rel = (path: string): string => relative(caseDir, path).split('\\').join('/');
  return results.map((result) => {
    if (result.ok) {
      return {
        path: rel(result.path),
        ok: true,
        post: { ...result.post, sourcePath: rel(result.post.sourcePath) },
        warnings: result.warnings,
      };
    }
    const { error } = result;
    return {
      path: rel(result.path),
      ok: false,
      error: {
        code: error.code,
        file: rel(error.file),
        line: error.line,
        hint: error.hint,
        message: error.message.replace(`${caseDir}/`, ''),
      },
    };
  });
}

const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('fixtures', () => {
  it('has the cases the issue names', () => {
    for (const name of [
      'unquoted-date',
      'space-separated-tags',
      'crlf-bom',
      'duplicate-keys',
      'date-in-file-name-only',
      'one-line-file',
      'conflict-markers',
      'invalid-utf8',
      'draft-published-false',
    ]) {
      expect(cases).toContain(name);
    }
  });

  for (const name of cases) {
    it(name, async () => {
      const caseDir = join(fixtures, name).replace(/\/$/, '');
      const results: ReadResult[] = [];
      for await (const result of readPosts(caseDir)) results.push(result);
      expect(results.length).toBeGreaterThan(0);
      // undefined is spelled out so that a field going missing shows in the diff.
      const actual = `${JSON.stringify(snapshot(results, caseDir), (_key, value: unknown) => (value === undefined ? '(undefined)' : value), 2)}\n`;
      const outputPath = join(caseDir, 'output.json');
      if (update) writeFileSync(outputPath, actual);
      expect(existsSync(outputPath), `${outputPath} is missing: run with UPDATE=1 and review it`).toBe(true);
      expect(actual).toBe(readFileSync(outputPath, 'utf8'));
    });
  }
});
