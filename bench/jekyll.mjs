// Reads and parses the whole real corpus with @kiji/jekyll (built dist) and prints throughput and
// memory. Not a test: figures are printed, never asserted. Run: `npm run bench -- jekyll`, or
// `node --expose-gc bench/jekyll.mjs [times]` after `npx turbo run build --filter=@kiji/jekyll`.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFile,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { parsePost, readPosts } = await import(join(repoRoot, 'packages/jekyll/dist/index.js'));
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a plain script run by bench/run.js, not a cached turbo task.
const shared = process.env.KIJI_SHARED_DIR ?? resolve(repoRoot, '../shared');
const dirs = [join(shared, 'corpus/posts'), join(shared, 'corpus/versions')];
const times = Number(process.argv[2] ?? 10);

const files = dirs.flatMap((dir) => readdirSync(dir).map((name) => join(dir, name)));
const totalBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const gc = globalThis.gc ?? (() => {});

/**
 * Runs one readPosts pass. With `live`, forces a GC every 1,000 results and records the heap that
 * survives it: what the reader actually retains, as opposed to garbage not yet collected.
 */
async function pass(inputs, { live = false, ...options } = {}) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  let count = 0;
  let ok = 0;
  const start = performance.now();
  for await (const result of readPosts(inputs, options)) {
    count++;
    if (result.ok) ok++;
    if (live && count % 1000 === 0) {
      gc();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }
  const ms = performance.now() - start;
  return { count, ok, ms, heapBefore, peakHeap, live };
}

function report(label, { count, ok, ms, heapBefore, peakHeap, live }, bytes) {
  console.log(
    `${label.padEnd(34)} ${String(count).padStart(6)} files (${ok} ok) in ${ms.toFixed(0).padStart(5)} ms: ` +
      `${Math.round((count / ms) * 1000).toLocaleString('en-US')} posts/s, ${mb((bytes / ms) * 1000)} MB/s` +
      (live ? `, live heap ${mb(heapBefore)} → max ${mb(peakHeap)} MB` : ''),
  );
}

console.log(`corpus: ${files.length} files, ${mb(totalBytes)} MB (${shared})`);
// Figures on a shared machine mean little without the load they were taken under.
console.log(
  `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);

/**
 * The ceiling under the same conditions: read the same files 8 at a time and only decode them as
 * strict UTF-8 (no front matter, no YAML). Decoding ~40 KB of Japanese per post dominates.
 */
async function readAndDecodeOnly() {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const read = (file) => new Promise((done, fail) => readFile(file, (e, b) => (e ? fail(e) : done(b))));
  const start = performance.now();
  const window = [];
  let next = 0;
  let decoded = 0;
  while (next < files.length && window.length < 8) window.push(read(files[next++]));
  while (window.length > 0) {
    const bytes = await window.shift();
    if (next < files.length) window.push(read(files[next++]));
    try {
      decoder.decode(bytes);
      decoded++;
    } catch {}
  }
  const ms = performance.now() - start;
  console.log(
    `${'read + UTF-8 decode only (ceiling)'.padEnd(34)} ${String(files.length).padStart(6)} files (${decoded} ok) in ${ms.toFixed(0).padStart(5)} ms: ` +
      `${Math.round((files.length / ms) * 1000).toLocaleString('en-US')} posts/s, ${mb((totalBytes / ms) * 1000)} MB/s`,
  );
}

// Warm-up so the JIT and the page cache do not count against the first figure.
await pass(dirs);
await readAndDecodeOnly();
report('read + parse, concurrency 8', await pass(dirs), totalBytes);
report('read + parse, 1× corpus, GC sampled', await pass(dirs, { live: true }), totalBytes);
report('read + parse, concurrency 1', await pass(dirs, { concurrency: 1 }), totalBytes);

// Parsing alone, from bytes already in memory: the CPU cost per post without the I/O.
const buffers = files.map((file) => [file, readFileSync(file)]);
let parsed = 0;
const parseStart = performance.now();
for (let round = 0; round < 3; round++)
  for (const [file, bytes] of buffers) if (parsePost(file, bytes).ok) parsed++;
const parseMs = performance.now() - parseStart;
console.log(
  `${'parse only (bytes in memory, ×3)'.padEnd(34)} ${String(buffers.length * 3).padStart(6)} files (${parsed} ok) in ${parseMs.toFixed(0).padStart(5)} ms: ` +
    `${Math.round(((buffers.length * 3) / parseMs) * 1000).toLocaleString('en-US')} posts/s, ${mb(((totalBytes * 3) / parseMs) * 1000)} MB/s`,
);
buffers.length = 0;

// Memory must not grow with the number of files: one readPosts over N× the corpus (symlinks in a
// temporary directory, so every path is distinct) should peak at about the heap of a single pass.
const scratch = mkdtempSync(join(tmpdir(), 'kiji-bench-jekyll-'));
try {
  for (let copy = 0; copy < times; copy++) {
    const dir = join(scratch, `copy-${String(copy).padStart(3, '0')}`);
    mkdirSync(dir);
    for (const file of files) symlinkSync(file, join(dir, basename(file)));
  }
  report(
    `read + parse, ${times}× corpus, GC sampled`,
    await pass(scratch, { live: true }),
    totalBytes * times,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`peak RSS of the whole run: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
