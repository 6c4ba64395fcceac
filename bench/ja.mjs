// @kiji/ja: dictionary load (first slug), titles/s after load, and sentence splitting and reading
// time over every corpus body. Prints figures; targets: load ~0.3–0.6 s, ≥ 2,000 titles/s.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.KIJI_SHARED_DIR ?? resolve(root, '../shared');
const { createSlugifier, readingMinutes, splitSentences, leadExcerpt } = await import(
  join(root, 'packages/ja/dist/index.js')
);

const rate = (n, ms) => Math.round(n / (ms / 1000)).toLocaleString('en-US');

// Every post file of the corpus (posts and versions); a crude front-matter strip is enough here.
const files = ['corpus/posts', 'corpus/versions'].flatMap((dir) =>
  readdirSync(join(shared, dir))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(shared, dir, f)),
);
const titles = [];
const bodies = [];
for (const file of files) {
  const raw = readFileSync(file, 'utf8');
  const fm = /^---\n([\s\S]*?)\n---\n?/.exec(raw);
  const title = fm ? /^title:\s*"?(.*?)"?\s*$/m.exec(fm[1])?.[1] : undefined;
  if (title) titles.push(title);
  bodies.push(fm ? raw.slice(fm[0].length) : raw);
}
const chars = bodies.reduce((n, b) => n + b.length, 0);
console.log(
  `inputs: ${files.length} files, ${titles.length} titles, ${(chars / 1e6).toFixed(1)} M chars of body`,
);

let t = performance.now();
const slug = await createSlugifier();
const loadMs = performance.now() - t;
console.log(`slug dictionary load (first call): ${(loadMs / 1000).toFixed(2)} s`);

t = performance.now();
for (const title of titles) slug(title);
console.log(`slugify, first pass: ${rate(titles.length, performance.now() - t)} titles/s`);
const passes = 5;
t = performance.now();
for (let p = 0; p < passes; p++) for (const title of titles) slug(title);
console.log(
  `slugify, warm (${passes} passes): ${rate(passes * titles.length, performance.now() - t)} titles/s`,
);

// Each text tool: one cold pass (what a CLI run over the corpus sees), then warm passes.
function measure(name, fn, unit = 'bodies') {
  let t0 = performance.now();
  let total = 0;
  for (const body of bodies) total += fn(body);
  const cold = performance.now() - t0;
  t0 = performance.now();
  for (let p = 0; p < 3; p++) for (const body of bodies) fn(body);
  const warm = (performance.now() - t0) / 3;
  console.log(
    `${name}: cold ${rate(bodies.length, cold)} ${unit}/s, warm ${rate(bodies.length, warm)} ${unit}/s = ${rate(chars / 1e6, warm)} M chars/s (total ${total})`,
  );
}
measure('splitSentences', (body) => splitSentences(body).length);
measure('readingMinutes', (body) => readingMinutes(body));
measure('leadExcerpt (reads only the first lines)', (body) => leadExcerpt(body).length);

console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
