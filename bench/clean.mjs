// Full @kiji/clean pipeline over the whole real corpus (posts + versions): read, parse, clean,
// HTML, text — printed beside a bare markdown-it render of the same bodies in the same run, plus
// peak memory and a linearity check (the largest posts vs the rest). Figures are printed, never
// asserted. Run: `npm run bench -- clean`, or `node --expose-gc bench/clean.mjs` after
// `npx turbo run build --filter=@kiji/clean...`.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { parsePost } = await import(join(repoRoot, 'packages/jekyll/dist/index.js'));
const { createCleaner } = await import(join(repoRoot, 'packages/clean/dist/index.js'));
const require = createRequire(join(repoRoot, 'packages/clean/package.json'));
const MarkdownIt = (await import(require.resolve('markdown-it'))).default;
const shared = process.env.KIJI_SHARED_DIR ?? resolve(repoRoot, '../shared');
const files = ['corpus/posts', 'corpus/versions'].flatMap((d) =>
  readdirSync(join(shared, d))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(shared, d, f)),
);
const ROUNDS = 5;
const gc = globalThis.gc ?? (() => {});
const rate = (n, ms) => Math.round((n / ms) * 1000).toLocaleString('en-US');
let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

function best(label, n, run) {
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    gc();
    const t = performance.now();
    run();
    times.push(performance.now() - t);
    sample();
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)];
  console.log(
    `${label.padEnd(34)} ${rate(n, times[0]).padStart(7)} posts/s best, ${rate(n, med).padStart(7)} median (${times[0].toFixed(0)} ms for ${n})`,
  );
  return times[0];
}

const t0 = performance.now();
const clean = await createCleaner();
console.log(`createCleaner (slug dictionary load)  ${(performance.now() - t0).toFixed(0)} ms`);

const raw = files.map((f) => readFileSync(f));
const parsed = raw
  .map((b, i) => parsePost(files[i], b))
  .filter((r) => r.ok)
  .map((r) => r.post);
const bodies = parsed.map((p) => p.body);
const md = new MarkdownIt({ html: false, linkify: false });

const bare = best('bare markdown-it render', bodies.length, () => {
  for (const b of bodies) md.render(b);
});
const full = best('full: read + parse + clean + html', files.length, () => {
  for (const f of files) {
    const r = parsePost(f, readFileSync(f));
    if (r.ok) clean(r.post);
  }
});
const cleanOnly = best('clean only (parsed posts)', parsed.length, () => {
  for (const p of parsed) clean(p);
});
// Two targets: the (#4), not met, and the working one recorded while the choice
// between moving it and dropping repairs waits on a decision (packages/clean/README.md, "Speed").
const ratio = bare / full;
const fullRate = files.length / (full / 1000);
const mark = (ok) => (ok ? 'met' : 'NOT met');
console.log(`full pipeline / bare render: ${ratio.toFixed(2)}, ${fullRate.toFixed(0)} posts/s`);
console.log(`  issue #4 target ≥ 0.33 and ≥ 2,000 posts/s: ${mark(ratio >= 1 / 3 && fullRate >= 2000)}`);
console.log(
  `  working target ≥ 0.14 of the bare render (recorded at 0.14–0.17; session 16 measured 0.136–0.142): ${mark(ratio >= 0.14)}`,
);

// Where the time goes: the steps of the pipeline that are not repairs, each timed alone on the
// same posts through public APIs (or the same libraries), and the repair passes as what is left.
// Per post, in µs. These steps bound the ratio from below whatever the repairs cost.
{
  const cjkFriendly = (await import(require.resolve('markdown-it-cjk-friendly'))).default;
  const { createSlugifier, readingMinutes, splitSentences } = await import(
    join(repoRoot, 'packages/ja/dist/index.js')
  );
  const { createHash } = await import('node:crypto');
  const slugify = await createSlugifier();
  const results = parsed.map((p) => clean(p).post);
  const mdCjk = new MarkdownIt({ html: false, linkify: false, typographer: false }).use(cjkFriendly);
  const paragraphs = parsed.flatMap((p) => p.body.split(/\n{2,}/));
  const perPost = (run) => {
    let bestMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < ROUNDS; i++) {
      gc();
      const t = performance.now();
      run();
      bestMs = Math.min(bestMs, performance.now() - t);
    }
    return (bestMs * 1000) / parsed.length;
  };
  const steps = [
    [
      'read + parse (@kiji/jekyll)',
      (perPost(() => {
        for (const f of files) parsePost(f, readFileSync(f));
      }) *
        parsed.length) /
        files.length,
    ],
    [
      'render clean markdown (markdown-it)',
      perPost(() => {
        for (const r of results) mdCjk.render(r.markdown);
      }),
    ],
    [
      'slug (kuromoji, @kiji/ja)',
      perPost(() => {
        for (const r of results) slugify(r.title);
      }),
    ],
    [
      'content hash (sha256 of JSON)',
      perPost(() => {
        for (const r of results) {
          const fields = [
            r.title,
            r.slug,
            r.date.iso,
            r.categories,
            r.tags,
            r.author ?? null,
            r.excerpt,
            r.html,
          ];
          createHash('sha256').update(JSON.stringify(fields)).digest('hex');
        }
      }),
    ],
    [
      'reading time (@kiji/ja)',
      perPost(() => {
        for (const r of results) readingMinutes(r.text);
      }),
    ],
    [
      'split every paragraph once (@kiji/ja)',
      perPost(() => {
        for (const t of paragraphs) splitSentences(t);
      }),
    ],
  ];
  const cleanUs = (cleanOnly * 1000) / parsed.length;
  const fixed = steps.slice(1).reduce((sum, [, us]) => sum + us, 0);
  console.log('where the time goes, µs per post:');
  for (const [label, us] of steps) console.log(`  ${label.padEnd(40)} ${us.toFixed(0).padStart(5)}`);
  console.log(
    `  ${'repair passes (clean minus the above)'.padEnd(40)} ${(cleanUs - fixed).toFixed(0).padStart(5)}`,
  );
  const floor = steps.reduce((sum, [, us]) => sum + us, 0);
  const bareUs = (bare * 1000) / bodies.length;
  console.log(
    `  with repairs free the pipeline would take ${floor.toFixed(0)} µs/post: full/bare ≤ ${(bareUs / floor).toFixed(2)}; ⅓ of the bare render leaves ${(3 * bareUs - floor).toFixed(0)} µs/post for the repairs`,
  );
  // The least any sentence-level merge reads: every paragraph's sentences keyed (normalised) and
  // numbered once, through the cleaner's own per-post cache (an internal module: this line is a
  // floor for a redesign, not a public API).
  const { createSentenceCache } = await import(join(repoRoot, 'packages/clean/dist/sentences.js'));
  const cache = createSentenceCache();
  const byPost = parsed.map((p) => p.body.split(/\n{2,}/));
  const index = perPost(() => {
    for (const ps of byPost) {
      for (const t of ps) cache.ids(t);
      cache.clear();
    }
  });
  const split = steps[steps.length - 1][1];
  console.log(
    `  a sentence index of the input (split, keyed, numbered): ${index.toFixed(0)} µs/post, ${(index - split).toFixed(0)} more than the split; that leaves ${(3 * bareUs - floor - (index - split)).toFixed(0)} µs/post for the repairs' own logic at ⅓`,
  );
}

// Linearity: throughput in characters per ms for the largest tenth vs the rest.
const bySize = [...parsed].sort((a, b) => b.body.length - a.body.length);
const big = bySize.slice(0, Math.ceil(bySize.length / 10));
const rest = bySize.slice(big.length);
const cps = (posts) => {
  const chars = posts.reduce((s, p) => s + p.body.length, 0);
  gc();
  const t = performance.now();
  for (let i = 0; i < 3; i++) for (const p of posts) clean(p);
  return (chars * 3) / (performance.now() - t);
};
const bigCps = cps(big);
const restCps = cps(rest);
console.log(
  `chars/ms: largest 10% (${big[big.length - 1].body.length}–${big[0].body.length} chars) ${bigCps.toFixed(0)}, rest ${restCps.toFixed(0)} (ratio ${(bigCps / restCps).toFixed(2)}; ~1 = linear)`,
);
sample();
// maxRSS is the kernel's high-water mark for the whole process (the corpus, the slug dictionary
// and every round), so a spike between two samples is not missed.
const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
console.log(
  `peak RSS ${(maxRss / 1024 / 1024).toFixed(0)} MB, heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`,
);
