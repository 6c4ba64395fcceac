// Reads and parses the whole real corpus with @kiji/jekyll (built dist) and prints throughput and
// memory. Not a test: figures are printed, never asserted. Run: `npm run bench -- jekyll`, or
// `node --expose-gc bench/jekyll.mjs [times]` after `npx turbo run build --filter=@kiji/jekyll`.
//
// Each figure is given twice: per wall-clock second, and per CPU second of this process (main
// thread + the libuv threads doing the reads). On a shared machine the wall figure drops with the
// load; the CPU figure is what one core does for this work.
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
const rate = (n, ms) => Math.round((n / ms) * 1000).toLocaleString('en-US');
const gc = globalThis.gc ?? (() => {});

async function measure(run) {
  gc();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { ...result, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function report(label, { count, ok, ms, cpuMs, heapBefore, peakHeap }, bytes) {
  console.log(
    `${label.padEnd(36)} ${String(count).padStart(6)} files (${ok} ok) in ${ms.toFixed(0).padStart(5)} ms: ` +
      `${rate(count, ms).padStart(6)} posts/s, ${mb((bytes / ms) * 1000).padStart(5)} MB/s | ` +
      `per CPU-s ${rate(count, cpuMs).padStart(6)} posts, ${mb((bytes / cpuMs) * 1000).padStart(5)} MB` +
      (peakHeap === undefined ? '' : ` | live heap ${mb(heapBefore)} → max ${mb(peakHeap)} MB`),
  );
}

/**
 * One readPosts pass. With `live`, forces a GC every 1,000 results and records the heap that
 * survives it: what the reader retains, as opposed to garbage not yet collected.
 */
function readAll(inputs, { live = false, ...options } = {}) {
  return measure(async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    let count = 0;
    let ok = 0;
    for await (const result of readPosts(inputs, options)) {
      count++;
      if (result.ok) ok++;
      if (live && count % 1000 === 0) {
        gc();
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      }
    }
    return live ? { count, ok, heapBefore, peakHeap } : { count, ok };
  });
}

/** The ceiling under the same conditions: the same reads, 8 at a time, and strict UTF-8 decoding only. */
function readAndDecodeOnly() {
  return measure(async () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const read = (file) => new Promise((done, fail) => readFile(file, (e, b) => (e ? fail(e) : done(b))));
    const window = [];
    let next = 0;
    let ok = 0;
    while (next < files.length && window.length < 8) window.push(read(files[next++]));
    while (window.length > 0) {
      const bytes = await window.shift();
      if (next < files.length) window.push(read(files[next++]));
      try {
        decoder.decode(bytes);
        ok++;
      } catch {}
    }
    return { count: files.length, ok };
  });
}

console.log(`corpus: ${files.length} files, ${mb(totalBytes)} MB (${shared})`);
console.log(
  `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);

// Warm-up so the JIT and the page cache do not count against the first figures.
await readAll(dirs);
await readAndDecodeOnly();
report('read + UTF-8 decode only (ceiling)', await readAndDecodeOnly(), totalBytes);
report('read + parse, concurrency 8', await readAll(dirs), totalBytes);
report('read + parse, concurrency 1', await readAll(dirs, { concurrency: 1 }), totalBytes);

// Parsing alone, from bytes already in memory: the CPU cost per post without the I/O.
const buffers = files.map((file) => [file, readFileSync(file)]);
const parseOnly = await measure(async () => {
  let ok = 0;
  for (let round = 0; round < 3; round++)
    for (const [file, bytes] of buffers) if (parsePost(file, bytes).ok) ok++;
  return { count: buffers.length * 3, ok };
});
report('parse only (bytes in memory, ×3)', parseOnly, totalBytes * 3);
buffers.length = 0;

// Memory must not grow with the number of files: one readPosts over N× the corpus (symlinks in a
// temporary directory, so every path is distinct) keeps about the live heap of a single pass.
report('read + parse, 1× corpus, GC sampled', await readAll(dirs, { live: true }), totalBytes);
const scratch = mkdtempSync(join(tmpdir(), 'kiji-bench-jekyll-'));
try {
  for (let copy = 0; copy < times; copy++) {
    const dir = join(scratch, `copy-${String(copy).padStart(3, '0')}`);
    mkdirSync(dir);
    for (const file of files) symlinkSync(file, join(dir, basename(file)));
  }
  report(
    `read + parse, ${times}× corpus, GC sampled`,
    await readAll(scratch, { live: true }),
    totalBytes * times,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`peak RSS of the whole run: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
