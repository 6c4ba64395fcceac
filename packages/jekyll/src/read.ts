import { readFile } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { PostParseError } from './errors.js';
import { type ParseResult, parsePost } from './parse.js';

export interface ReadPostsOptions {
  /** Files read at once (default 16). Parsing is synchronous; this only overlaps the I/O. */
  readonly concurrency?: number;
}

export type ReadResult = ParseResult & { readonly path: string };

const POST_FILE = /\.(?:md|markdown|txt)$/i;
const GLOB_MAGIC = /[*?[\]{}]/;

type Glob = (pattern: string) => Promise<string[]>;
let globImpl: Glob | undefined;

/** Node 22+ has fs.promises.glob; Node 20 does not, so tinyglobby stands in (loaded only then). */
async function getGlob(): Promise<Glob> {
  if (globImpl) return globImpl;
  const nodeGlob = (fsp as { glob?: (pattern: string) => AsyncIterable<string> }).glob;
  if (typeof nodeGlob === 'function') {
    globImpl = async (pattern) => {
      const out: string[] = [];
      for await (const entry of nodeGlob(pattern)) {
        // Node's glob also matches directories; a post is a file (as tinyglobby's onlyFiles).
        const stat = await fsp.stat(entry).catch(() => undefined);
        if (!stat?.isDirectory()) out.push(entry);
      }
      return out;
    };
  } else {
    const { glob } = await import('tinyglobby');
    // Same spelling as Node's glob: absolute for an absolute pattern, else relative to the cwd.
    globImpl = (pattern) =>
      glob(pattern, { onlyFiles: true, expandDirectories: false, dot: false, absolute: isAbsolute(pattern) });
  }
  return globImpl;
}

/** A path that could not be expanded becomes a result of its own, so the rest still runs. */
type Source = { readonly path: string; readonly error?: PostParseError };

async function walk(dir: string, into: Source[]): Promise<void> {
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    // Jekyll skips dot files; so do we (editors' swap files, .git).
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, into);
    else if ((entry.isFile() || entry.isSymbolicLink()) && POST_FILE.test(entry.name)) into.push({ path });
  }
}

function readFailed(path: string, what: string, hint: string, cause?: unknown): PostParseError {
  return new PostParseError({
    code: 'read-failed',
    file: path,
    what,
    expected: 'a readable post file',
    hint,
    cause,
  });
}

async function expand(input: string, into: Source[]): Promise<void> {
  let stat: Awaited<ReturnType<typeof fsp.stat>> | undefined;
  try {
    stat = await fsp.stat(input);
  } catch (cause) {
    if (GLOB_MAGIC.test(input)) {
      let matches: string[];
      try {
        matches = await (await getGlob())(input);
      } catch (globCause) {
        into.push({
          path: input,
          error: readFailed(
            input,
            `the pattern cannot be expanded (${(globCause as Error).message})`,
            'Check the glob syntax.',
            globCause,
          ),
        });
        return;
      }
      if (matches.length === 0) {
        into.push({
          path: input,
          error: readFailed(
            input,
            'the pattern matches no file',
            'Check the pattern and the directory it is run from.',
          ),
        });
      }
      for (const path of matches) into.push({ path });
      return;
    }
    const code = (cause as { code?: unknown }).code;
    into.push({
      path: input,
      error: readFailed(
        input,
        code === 'ENOENT' ? 'no such file or directory' : `cannot be opened (${String(code ?? cause)})`,
        'Check the path and its permissions.',
        cause,
      ),
    });
    return;
  }
  if (stat.isDirectory()) {
    try {
      await walk(input, into);
    } catch (cause) {
      into.push({
        path: input,
        error: readFailed(
          input,
          `the directory cannot be listed (${(cause as Error).message})`,
          'Check its permissions.',
          cause,
        ),
      });
    }
  } else into.push({ path: input });
}

/** The callback readFile: measured here at 1.5–2× the files/s of fs.promises.readFile for small files. */
function readBytes(path: string): Promise<Uint8Array> {
  return new Promise((resolvePromise, reject) => {
    readFile(path, (error, bytes) => (error ? reject(error) : resolvePromise(bytes)));
  });
}

async function load(source: Source): Promise<ReadResult> {
  if (source.error) return { ok: false, error: source.error, path: source.path };
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(source.path);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const error = readFailed(
      source.path,
      `the file cannot be read (${String(code ?? cause)})`,
      'Check that it exists and is readable.',
      cause,
    );
    return { ok: false, error, path: source.path };
  }
  return { ...parsePost(source.path, bytes), path: source.path };
}

/**
 * Every path to read, deduplicated and sorted. Only path strings (and errors for inputs that could
 * not be expanded) are kept: about 100 bytes a file, the price of a sorted order.
 */
async function listSources(inputs: readonly string[]): Promise<Source[]> {
  const sources: Source[] = [];
  for (const input of inputs) await expand(input, sources);
  const seen = new Set<string>();
  return sources
    .filter((source) => {
      // `a/b.md` and `./a/b.md` are one file: compare resolved paths, keep the first spelling.
      const key = resolve(source.path);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Streams posts from files, directories (recursively: `*.md`, `*.markdown`, `*.txt`) and globs, in
 * sorted path order whatever order the reads finish in. At most `concurrency` files are in memory
 * at once, so a corpus of any size reads in bounded memory. Never throws for a bad file: it yields
 * a result with an error and carries on.
 */
export async function* readPosts(
  inputs: string | readonly string[],
  options: ReadPostsOptions = {},
): AsyncIterable<ReadResult> {
  const concurrency = options.concurrency ?? 16;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    // A caller's mistake, not a bad post: fail loudly instead of silently reading nothing.
    throw new TypeError(
      `@kiji/jekyll: readPosts: concurrency must be a whole number ≥ 1, got ${String(concurrency)}`,
    );
  }
  const ordered = await listSources(typeof inputs === 'string' ? [inputs] : inputs);
  const window: Promise<ReadResult>[] = [];
  let next = 0;
  const startNext = (): void => {
    const source = ordered[next];
    if (source === undefined) return;
    window.push(load(source));
    // Drop the reference once it is being read, so a long run releases paths as it goes.
    ordered[next++] = EMPTY;
  };
  while (next < ordered.length && window.length < concurrency) startNext();
  while (window.length > 0) {
    const result = await window.shift()!;
    startNext();
    yield result;
  }
}

const EMPTY: Source = { path: '' };
