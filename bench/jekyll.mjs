// Reads and parses the whole real corpus with @kiji/jekyll (built dist) and prints throughput and
// memory. Not a test: figures are printed, never asserted. Run: `npm run bench -- jekyll`, or
// `node --expose-gc bench/jekyll.mjs [times]` after `npx turbo run build --filter=@kiji/jekyll`.
//
// The machine is shared, so each throughput is measured over several rounds and printed as the
// best and the median round, plus posts per CPU-second of this process (main thread + the libuv
// threads doing the reads): what one core does for this work, whatever else is running.
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
const ROUNDS = 5;

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

/** Runs `run` ROUNDS times and prints the best and median round. */
async function bench(label, bytes, run) {
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await measure(run));
  rounds.sort((a, b) => a.ms - b.ms);
  const best = rounds[0];
  const median = rounds[Math.floor(ROUNDS / 2)];
  console.log(
    `${label.padEnd(34)} ${String(best.count).padStart(5)} files (${String(best.ok).padStart(4)} ok): ` +
      `best ${rate(best.count, best.ms).padStart(6)} posts/s ${mb((bytes / best.ms) * 1000).padStart(6)} MB/s, ` +
      `median ${rate(median.count, median.ms).padStart(6)} posts/s | per CPU-s ${rate(best.count, best.cpuMs).padStart(6)} posts`,
  );
}

function readAll(inputs, options) {
  return async () => {
    let count = 0;
    let ok = 0;
    for await (const result of readPosts(inputs, options)) {
      count++;
      if (result.ok) ok++;
    }
    return { count, ok };
  };
}

/** The I/O alone under the same conditions: the same reads, 16 at a time, no decoding or parsing. */
async function readOnly() {
  const read = (file) => new Promise((done, fail) => readFile(file, (e, b) => (e ? fail(e) : done(b))));
  const window = [];
  let next = 0;
  while (next < files.length && window.length < 16) window.push(read(files[next++]));
  while (window.length > 0) {
    await window.shift();
    if (next < files.length) window.push(read(files[next++]));
  }
  return { count: files.length, ok: files.length };
}

console.log(`corpus: ${files.length} files, ${mb(totalBytes)} MB (${shared})`);
console.log(
  `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);

await measure(readAll(dirs)); // warm-up: JIT and page cache
await bench('read only (I/O ceiling)', totalBytes, readOnly);
await bench('read + parse (default concurrency)', totalBytes, readAll(dirs));
await bench('read + parse, concurrency 1', totalBytes, readAll(dirs, { concurrency: 1 }));

// Parsing alone, from bytes already in memory: the CPU cost per post without the I/O.
const buffers = files.map((file) => [file, readFileSync(file)]);
await bench('parse only (bytes in memory)', totalBytes, async () => {
  let ok = 0;
  for (const [file, bytes] of buffers) if (parsePost(file, bytes).ok) ok++;
  return { count: buffers.length, ok };
});
buffers.length = 0;

/**
 * Memory must not grow with the number of files: one readPosts over the corpus and over N× the
 * corpus (symlinks in a temporary directory, so every path is distinct), forcing a GC every 1,000
 * results and keeping the largest heap that survives it: what the reader retains, not garbage.
 */
async function liveHeap(label, inputs) {
  gc();
  const before = process.memoryUsage().heapUsed;
  let max = before;
  let count = 0;
  for await (const _ of readPosts(inputs)) {
    if (++count % 1000 === 0) {
      gc();
      max = Math.max(max, process.memoryUsage().heapUsed);
    }
  }
  console.log(
    `${label.padEnd(34)} ${String(count).padStart(5)} files: live heap ${mb(before)} MB → max ${mb(max)} MB`,
  );
}
await liveHeap('live heap, 1× corpus', dirs);
const scratch = mkdtempSync(join(tmpdir(), 'kiji-bench-jekyll-'));
try {
  for (let copy = 0; copy < times; copy++) {
    const dir = join(scratch, `copy-${String(copy).padStart(3, '0')}`);
    mkdirSync(dir);
    for (const file of files) symlinkSync(file, join(dir, basename(file)));
  }
  await liveHeap(`live heap, ${times}× corpus`, scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`peak RSS of the whole run: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
