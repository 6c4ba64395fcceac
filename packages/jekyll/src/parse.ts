import { type ConflictMarkers, findConflictMarkers } from './conflict.js';
import { decodeUtf8 } from './decode.js';
import { PostParseError } from './errors.js';
import { isUnpublished, readList, readText } from './fields.js';
import { type SplitResult, splitFrontMatter } from './front-matter.js';
import { idFromPath, isDraftPath } from './id.js';
import { readPostDate } from './post-date.js';
import type { ParseWarning, SourcePost } from './types.js';
import { type FrontMatterKey, parseFrontMatterYaml, type YamlResult } from './yaml.js';

export type ParseResult =
  | { readonly ok: true; readonly post: SourcePost; readonly warnings: ParseWarning[] }
  | { readonly ok: false; readonly error: PostParseError };

/** Front-matter keys that become SourcePost fields; every other key goes to `extra`. */
const KNOWN_KEYS = new Set([
  'title',
  'date',
  'categories',
  'category',
  'tags',
  'tag',
  'author',
  'excerpt',
  'reading_time',
  'published',
]);

function fail(error: PostParseError): ParseResult {
  return { ok: false, error };
}

/**
 * Reads one Jekyll post. Never throws for bad input: what Jekyll would accept comes back as a post
 * (with warnings for what a person may want to know), what it would not as a PostParseError.
 */
export function parsePost(path: string, contents: string | Uint8Array): ParseResult {
  try {
    return parseOrFail(path, contents);
  } catch (cause) {
    // A bug here must not stop a batch of 1,500 files; it is reported like any other bad file.
    return fail(
      new PostParseError({
        code: 'invalid-front-matter',
        file: path,
        what: `reading the post failed unexpectedly (${cause instanceof Error ? cause.message : String(cause)})`,
        expected: 'a Jekyll post',
        hint: 'This is a bug in @kiji/jekyll: please report it with this file attached.',
        cause,
      }),
    );
  }
}

function parseOrFail(path: string, contents: string | Uint8Array): ParseResult {
  const decoded = toText(path, contents);
  if (decoded instanceof PostParseError) return fail(decoded);
  let text = decoded;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');

  const conflict = findConflictMarkers(text);
  if (conflict) return fail(conflictError(path, conflict));

  const split = splitFrontMatter(text);
  if (!split.ok) return fail(frontMatterError(path, text, split));
  const { yaml, yamlLine, body, bodyLine } = split.split;

  const parsed = parseFrontMatterYaml(yaml);
  if (!parsed.ok) return fail(yamlError(path, yamlLine, parsed));

  const { data } = parsed;
  const warnings: ParseWarning[] = [];
  const lineOf = keyLines(parsed.keys, yamlLine, warnings);
  const line = (key: string): number | undefined => lineOf.get(key);

  const title = readText(data.title, 'title', line('title'), warnings);
  if (!title.ok) return fail(notTextError(path, 'title', title.found, line('title')));
  if (title.value === undefined || title.value.trim() === '') {
    warnings.push({
      code: 'missing-title',
      line: line('title') ?? yamlLine - 1,
      message:
        'The post has no `title`; it is read as an empty string. Add `title: "..."` to the front matter.',
    });
  }
  const date = readPostDate(path, data.date, line('date'), yamlLine - 1, warnings);
  if (date instanceof PostParseError) return fail(date);
  const author = readAuthor(data.author, line('author'), warnings);
  const excerpt = readText(data.excerpt, 'excerpt', line('excerpt'), warnings);
  if (!excerpt.ok) return fail(notTextError(path, 'excerpt', excerpt.found, line('excerpt')));

  const post: SourcePost = {
    id: idFromPath(path),
    sourcePath: path,
    title: title.value ?? '',
    date,
    categories: readList(data.categories, data.category, CATEGORY_KEYS, line, warnings),
    tags: readList(data.tags, data.tag, TAG_KEYS, line, warnings),
    author,
    excerpt: excerpt.value,
    readingTime: readReadingTime(data.reading_time, line('reading_time'), warnings),
    draft: isUnpublished(data.published) || isDraftPath(path),
    extra: extraKeys(data),
    body,
    bodyLine,
  };
  return { ok: true, post, warnings };
}

const CATEGORY_KEYS = { plural: 'categories', singular: 'category' } as const;
const TAG_KEYS = { plural: 'tags', singular: 'tag' } as const;

function toText(path: string, contents: string | Uint8Array): string | PostParseError {
  if (typeof contents === 'string') return contents;
  const decoded = decodeUtf8(contents);
  if (decoded.ok) return decoded.text;
  const hex = decoded.byte.toString(16).toUpperCase().padStart(2, '0');
  const utf16 =
    (contents[0] === 0xff && contents[1] === 0xfe) || (contents[0] === 0xfe && contents[1] === 0xff);
  return new PostParseError({
    code: 'invalid-utf8',
    file: path,
    line: decoded.line,
    what: `the bytes from offset ${decoded.offset} (0x${hex}…) are not valid UTF-8`,
    expected: 'UTF-8 text',
    hint: utf16
      ? 'The file is UTF-16 (it starts with a byte order mark): convert it with `iconv -f UTF-16 -t UTF-8`.'
      : 'A multi-byte character was probably cut in half (a title truncated at a byte count) or the file was saved in another encoding: retype the broken character on that line, or convert the file with `iconv -t UTF-8`.',
  });
}

function conflictError(path: string, conflict: ConflictMarkers): PostParseError {
  const lines = [conflict.start, conflict.separator, conflict.end].filter((n) => n !== undefined).join(', ');
  return new PostParseError({
    code: 'conflict-markers',
    file: path,
    line: conflict.start,
    what:
      conflict.count === 1
        ? `unresolved merge conflict (markers on lines ${lines})`
        : `${conflict.count} unresolved merge conflicts (the first has markers on lines ${lines})`,
    expected: 'a file without `<<<<<<<` / `=======` / `>>>>>>>` lines',
    hint: 'Resolve each conflict: keep the version you want, delete the other one and the marker lines, and save.',
  });
}

function frontMatterError(path: string, text: string, split: SplitResult & { ok: false }): PostParseError {
  if (split.reason === 'no-closing-fence') {
    return new PostParseError({
      code: 'no-front-matter',
      file: path,
      line: 1,
      what: 'the front matter opened with `---` is never closed',
      expected: 'a line `---` (or `...`) after the last front-matter key',
      hint: 'Add a line containing only `---` between the front matter and the body.',
    });
  }
  const first = split.firstLine;
  const newline = text.indexOf('\n');
  // The generator sometimes joins every line with spaces: `--- layout: post title: ... --- # ...`.
  const flattened = /^---\s+\S+:/.test(first) && (newline === -1 || newline === text.length - 1);
  let what: string;
  if (flattened) what = 'the whole file is on one line, so the front matter has no `---` line of its own';
  else if (text.trim() === '') what = 'the file is empty';
  else if (first.trim() === '') what = 'the first line is empty, not `---`';
  else
    what = `the first line is ${JSON.stringify(first.slice(0, 40))}${first.length > 40 ? '…' : ''}, not \`---\``;
  return new PostParseError({
    code: 'no-front-matter',
    file: path,
    line: 1,
    what,
    expected: 'a first line `---`, YAML keys, then a closing `---` line',
    hint: flattened
      ? 'The line breaks were lost when the file was written: restore them (one front-matter key per line, `---` alone on its line), or regenerate the post.'
      : 'Jekyll only reads front matter that starts with `---` on the very first line: add a block with at least `title` and `date` there.',
  });
}

function yamlError(path: string, yamlLine: number, parsed: YamlResult & { ok: false }): PostParseError {
  if (parsed.kind === 'not-a-mapping') {
    return new PostParseError({
      code: 'invalid-front-matter',
      file: path,
      line: yamlLine,
      what: `the front matter is ${parsed.found}`,
      expected: 'a mapping of `key: value` lines',
      hint: 'Write the front matter as `key: value` lines (`title: ...`, `date: ...`).',
    });
  }
  return new PostParseError({
    code: 'invalid-yaml',
    file: path,
    line: parsed.line === undefined ? undefined : yamlLine - 1 + parsed.line,
    what: `the front matter is not valid YAML (${parsed.reason})`,
    expected: 'one `key: value` per line',
    hint: 'Fix the YAML on that line or just above it (an unclosed bracket shows up on a later line); quote a value that contains `: ` or ` #`, or starts with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`.',
    cause: parsed.cause,
  });
}

function notTextError(path: string, key: string, found: string, line: number | undefined): PostParseError {
  return new PostParseError({
    code: 'invalid-front-matter',
    file: path,
    line,
    what: `\`${key}\` is ${found}`,
    expected: `\`${key}: "..."\` with one line of text`,
    hint: `Write \`${key}\` as a single quoted string.`,
  });
}

/** File line of each top-level key (the last one when repeated), warning about repeats. */
function keyLines(
  keys: readonly FrontMatterKey[],
  yamlLine: number,
  warnings: ParseWarning[],
): Map<string, number> {
  const lineOf = new Map<string, number>();
  for (const { key, line } of keys) {
    const fileLine = yamlLine - 1 + line;
    const earlier = lineOf.get(key);
    if (earlier !== undefined) {
      warnings.push({
        code: 'duplicate-key',
        line: fileLine,
        message: `\`${key}\` is set twice (lines ${earlier} and ${fileLine}); the last value wins, as in Jekyll. Delete one of them.`,
      });
    }
    lineOf.set(key, fileLine);
  }
  return lineOf;
}

/**
 * Jekyll themes accept several authors (`author: [a, b]`) or an author object (`{ name: … }`);
 * SourcePost has one string, so these are joined or reduced to the name, with a warning.
 */
function readAuthor(value: unknown, line: number | undefined, warnings: ParseWarning[]): string | undefined {
  const text = readText(value, 'author', line, warnings);
  if (text.ok) return text.value;
  const names = (Array.isArray(value) ? value : [value])
    .map((entry) =>
      typeof entry === 'string'
        ? entry
        : entry !== null &&
            typeof entry === 'object' &&
            typeof (entry as { name?: unknown }).name === 'string'
          ? (entry as { name: string }).name
          : undefined,
    )
    .filter((name): name is string => name !== undefined && name.trim() !== '');
  warnings.push({
    code: 'unknown-type',
    line,
    message:
      names.length > 0
        ? `\`author\` is ${text.found}; it was read as "${names.join(', ')}". Write one author as text.`
        : `\`author\` is ${text.found} without a name; it was ignored. Write the author as text.`,
  });
  return names.length > 0 ? names.join(', ') : undefined;
}

/** Every key that is not a SourcePost field, kept as parsed. */
function extraKeys(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    if (KNOWN_KEYS.has(key)) continue;
    // defineProperty, not assignment: a `__proto__` key must stay data, not become a prototype.
    Object.defineProperty(extra, key, {
      value: data[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return extra;
}

function readReadingTime(
  value: unknown,
  line: number | undefined,
  warnings: ParseWarning[],
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : undefined;
  const number = typeof value === 'number' ? value : text ? Number(text) : Number.NaN;
  if (Number.isFinite(number) && number >= 0) return number;
  warnings.push({
    code: 'unknown-type',
    line,
    message: `\`reading_time\` ${JSON.stringify(value)?.slice(0, 40)} is not a number of minutes; it was ignored.`,
  });
  return undefined;
}
