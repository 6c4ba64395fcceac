// @kiji/digest: digest build time beside a bare mjml2html of the same MJML, and the time to
// personalise 10,000 messages from one render. Prints figures; asserts nothing.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCleaner } from '@kiji/clean';
import { createDigestRenderer, groupByTag, selectArticles } from '@kiji/digest';
import { readPosts } from '@kiji/jekyll';

const here = dirname(fileURLToPath(import.meta.url));
const shared = process.env.KIJI_SHARED_DIR ?? resolve(here, '../../shared');
const corpus = join(shared, 'corpus', 'posts');
// mjml is a dependency of @kiji/digest, resolved from there.
const mjml2html = createRequire(join(here, '../packages/digest/package.json'))('mjml');

const ms = (t) => `${t.toFixed(1)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function candidates(sinceIso, untilIso) {
  const window = { sinceMs: Date.parse(sinceIso), untilMs: Date.parse(untilIso) };
  const clean = await createCleaner();
  const out = [];
  for await (const r of readPosts(corpus)) {
    if (!r.ok) continue;
    if (r.post.date.epochMs <= window.sinceMs || r.post.date.epochMs > window.untilMs) continue;
    try {
      out.push(clean(r.post));
    } catch {}
  }
  return { window, list: out };
}

async function bench(label, sinceIso, untilIso) {
  const { window, list } = await candidates(sinceIso, untilIso);
  const { articles } = selectArticles(list, { window, siteUrl: 'https://example.com' });
  const content = {
    title: '今週の投資分析ダイジェスト',
    siteTitle: 'kiji',
    siteUrl: 'https://example.com/',
    window,
    sections: groupByTag(articles),
    webVersionUrl: 'https://example.com/digest/',
  };
  const renderer = await createDigestRenderer();
  await renderer.render(content); // warm up
  const builds = [];
  let rendered;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    rendered = await renderer.render(content);
    builds.push(performance.now() - t);
  }
  const bare = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    // The same options the digest uses; CSS minification off here, as the digest does it itself.
    await mjml2html(rendered.mjml, {
      validationLevel: 'strict',
      minify: true,
      keepComments: false,
      minifyOptions: { minifyCss: false },
    });
    bare.push(performance.now() - t);
  }
  console.log(
    `${label}: ${articles.length} articles, ${rendered.shown} shown, ${rendered.bytes} bytes (budgeted) — ` +
      `digest build ${ms(median(builds))} vs bare mjml2html of the final MJML ${ms(median(bare))} (median of 5)`,
  );
  return rendered;
}

const week = await bench('week 2025-10-01..08', '2025-09-30T15:00:00Z', '2025-10-08T15:00:00Z');
await bench('two months 2025-11..12 (size-limited)', '2025-10-31T15:00:00Z', '2025-12-31T15:00:00Z');

const N = 10_000;
globalThis.gc?.();
let bytes = 0;
const t = performance.now();
for (let i = 0; i < N; i++) {
  const m = week.personalise({
    name: `読者 ${i}`,
    unsubscribeUrl: `https://example.com/unsubscribe/?uuid=${i.toString(16).padStart(8, '0')}&key=${'k'.repeat(64)}`,
  });
  // Count the bytes so each message is really built (flattened), as a sender would.
  bytes += Buffer.byteLength(m.html) + Buffer.byteLength(m.text);
}
const took = performance.now() - t;
console.log(
  `personalise ${N.toLocaleString('en')} messages: ${ms(took)} (${((took / N) * 1000).toFixed(1)} µs each, ` +
    `${(bytes / 1e6).toFixed(0)} MB of html+text; target ≤ 2000 ms)`,
);
