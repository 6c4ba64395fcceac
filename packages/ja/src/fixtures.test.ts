import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readingMinutes } from './reading.js';
import { isCompleteSentence, leadExcerpt, splitSentences } from './sentences.js';
import { createSlugifier } from './slug.js';

// Every test/fixtures/<case>/input.md (a post) against output.json: what each tool makes of it,
// for a person to read. `UPDATE=1 npx vitest run --project ja` rewrites the outputs after a
// deliberate change; review the diff before committing.
const root = resolve(import.meta.dirname, '../test/fixtures');
const cases = readdirSync(root).sort();

function split(post: string): { title: string; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(post);
  const title = /^title:\s*"(.*)"\s*$/m.exec(match?.[1] ?? '')?.[1] ?? '';
  return { title, body: match ? post.slice(match[0].length) : post };
}

describe('fixtures', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)('%s', async (name) => {
    const { title, body } = split(readFileSync(join(root, name, 'input.md'), 'utf8'));
    const slugify = await createSlugifier();
    const sentences = splitSentences(body);
    expect(sentences.join('')).toBe(body);
    const actual = {
      title,
      slug: slugify(title),
      lead: leadExcerpt(body),
      readingMinutes: readingMinutes(body),
      sentences: sentences.map((s) => `${isCompleteSentence(s) ? '✓' : '✗'} ${s.trimEnd()}`),
    };
    const file = join(root, name, 'output.json');
    if (process.env.UPDATE === '1' || !existsSync(file)) {
      writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
