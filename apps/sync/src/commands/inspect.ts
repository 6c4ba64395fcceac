import type { CleanResult } from '@kiji/clean';
import { defineCommand } from 'citty';
import { lineDiff } from '../diff.js';
import { EXIT } from '../errors.js';
import { loadPosts } from '../posts.js';
import { pathsOf } from './push.js';

/** One NDJSON line: exactly the fields an editor's tooling reads. */
export interface InspectLine {
  sourcePath: string;
  id: string;
  verdict: 'publish' | 'quarantine' | 'error';
  reasons: { code: string; message: string }[];
  title: string | null;
  slug: string | null;
  date: string | null;
  categories: string[];
  tags: string[];
  author: string | null;
  excerpt: string | null;
  markdown: string | null;
  html: string | null;
  text: string | null;
  readingMinutes: number | null;
  fixes: { kind: string; detail: string }[];
}

function line(path: string, r: CleanResult): InspectLine {
  const p = r.post;
  return {
    sourcePath: path,
    id: p.id,
    verdict: r.verdict.status,
    reasons: r.verdict.reasons.map((x) => ({ code: x.code, message: x.message })),
    title: p.title,
    slug: p.slug,
    date: p.date.iso,
    categories: [...p.categories],
    tags: [...p.tags],
    author: p.author ?? null,
    excerpt: p.excerpt,
    markdown: p.markdown,
    html: p.html,
    text: p.text,
    readingMinutes: p.readingMinutes,
    fixes: r.fixes.map((f) => ({ kind: f.kind, detail: f.detail })),
  };
}

function errorLine(path: string, code: string, message: string): InspectLine {
  return {
    sourcePath: path,
    id: path.replace(/^.*\//, '').replace(/\.[^.]+$/, ''),
    verdict: 'error',
    reasons: [{ code, message }],
    title: null,
    slug: null,
    date: null,
    categories: [],
    tags: [],
    author: null,
    excerpt: null,
    markdown: null,
    html: null,
    text: null,
    readingMinutes: null,
    fixes: [],
  };
}

export default defineCommand({
  meta: {
    name: 'inspect',
    description: 'Show what cleaning does to each post, before anything is published',
  },
  args: {
    paths: { type: 'positional', description: 'Post files or directories', required: true },
    json: { type: 'boolean', description: 'One JSON object per post (NDJSON)', default: false },
    diff: { type: 'boolean', description: 'Show what cleaning changed in each body', default: false },
  },
  async run({ args }) {
    const paths = pathsOf(args);
    const { posts, errors, order: readOrder } = await loadPosts(paths);
    // Keep the reader's sorted path order across good and bad files.
    const order = new Map(readOrder.map((p, i) => [p, i]));
    const entries = [
      ...posts.map((p) => ({ path: p.path, line: line(p.path, p.result), body: p.source.body })),
      ...errors.map((e) => ({ path: e.path, line: errorLine(e.path, e.code, e.message), body: undefined })),
    ].sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
    const out = process.stdout;
    for (const e of entries) {
      if (args.json) {
        out.write(`${JSON.stringify(e.line)}\n`);
        continue;
      }
      const l = e.line;
      const head = `${l.verdict.toUpperCase().padEnd(10)} ${l.sourcePath}`;
      const text: string[] = [head];
      if (l.verdict === 'error') text.push(`  ${l.reasons[0]?.message ?? ''}`);
      else {
        text.push(`  title    ${l.title}`, `  slug     ${l.slug}`, `  date     ${l.date}`);
        text.push(`  tags     ${[...l.categories, ...l.tags].join(', ') || '(none)'}`);
        text.push(`  excerpt  ${l.excerpt}`, `  reading  ${l.readingMinutes} min`);
        for (const r of l.reasons) text.push(`  reason   ${r.code}: ${r.message}`);
        for (const f of l.fixes) text.push(`  fix      ${f.kind}: ${f.detail}`);
        if (args.diff && e.body !== undefined)
          text.push(lineDiff(e.body, l.markdown ?? '') || '  (body unchanged)');
      }
      out.write(`${text.join('\n')}\n\n`);
    }
    if (!args.json) {
      const count = (v: string) => entries.filter((e) => e.line.verdict === v).length;
      out.write(
        `${count('publish')} to publish, ${count('quarantine')} quarantined, ${count('error')} unreadable\n`,
      );
    }
    return errors.length > 0 ? EXIT.problems : EXIT.ok;
  },
});
