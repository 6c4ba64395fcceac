import { findConflictMarkers } from './conflict.js';
import { makePostDate, parseDateText } from './date.js';
import { decodeUtf8 } from './decode.js';
import { PostParseError } from './errors.js';
import { isUnpublished, readList, readText } from './fields.js';
import { splitFrontMatter } from './front-matter.js';
import { fileNameDate, idFromPath, isDraftPath } from './id.js';
import type { ParseWarning, PostDate, SourcePost } from './types.js';
import { parseFrontMatterYaml } from './yaml.js';

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

const DATE_FORM = '`date: YYYY-MM-DD HH:MM:SS +HHMM` (e.g. `2025-10-05 13:34:57 +0900`)';

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
  let text: string;
  if (typeof contents === 'string') text = contents;
  else {
    const decoded = decodeUtf8(contents);
    if (!decoded.ok) {
      const hex = decoded.byte.toString(16).toUpperCase().padStart(2, '0');
      const utf16 =
        (contents[0] === 0xff && contents[1] === 0xfe) || (contents[0] === 0xfe && contents[1] === 0xff);
      return fail(
        new PostParseError({
          code: 'invalid-utf8',
          file: path,
          line: decoded.line,
          what: `the bytes from offset ${decoded.offset} (0x${hex}…) are not valid UTF-8`,
          expected: 'UTF-8 text',
          hint: utf16
            ? 'The file is UTF-16 (it starts with a byte order mark): convert it with `iconv -f UTF-16 -t UTF-8`.'
            : 'A multi-byte character was probably cut in half (a title truncated at a byte count) or the file was saved in another encoding: retype the broken character on that line, or convert the file with `iconv -t UTF-8`.',
        }),
      );
    }
    text = decoded.text;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');

  const conflict = findConflictMarkers(text);
  if (conflict) {
    const lines = [conflict.start, conflict.separator, conflict.end]
      .filter((n) => n !== undefined)
      .join(', ');
    return fail(
      new PostParseError({
        code: 'conflict-markers',
        file: path,
        line: conflict.start,
        what:
          conflict.count === 1
            ? `unresolved merge conflict (markers on lines ${lines})`
            : `${conflict.count} unresolved merge conflicts (the first has markers on lines ${lines})`,
        expected: 'a file without `<<<<<<<` / `=======` / `>>>>>>>` lines',
        hint: 'Resolve each conflict: keep the version you want, delete the other one and the marker lines, and save.',
      }),
    );
  }

  const split = splitFrontMatter(text);
  if (!split.ok) {
    if (split.reason === 'no-closing-fence') {
      return fail(
        new PostParseError({
          code: 'no-front-matter',
          file: path,
          line: 1,
          what: 'the front matter opened with `---` is never closed',
          expected: 'a line `---` (or `...`) after the last front-matter key',
          hint: 'Add a line containing only `---` between the front matter and the body.',
        }),
      );
    }
    const first = split.firstLine;
    const oneLine = !text.includes('\n') || text.indexOf('\n') === text.length - 1;
    const flattened = /^---\s+\S+:/.test(first) && oneLine;
    return fail(
      new PostParseError({
        code: 'no-front-matter',
        file: path,
        line: 1,
        what: flattened
          ? 'the whole file is on one line, so the front matter has no `---` line of its own'
          : text.trim() === ''
            ? 'the file is empty'
            : first.trim() === ''
              ? 'the first line is empty, not `---`'
              : `the first line is ${JSON.stringify(first.slice(0, 40))}${first.length > 40 ? '…' : ''}, not \`---\``,
        expected: 'a first line `---`, YAML keys, then a closing `---` line',
        hint: flattened
          ? 'The line breaks were lost when the file was written: restore them (one front-matter key per line, `---` alone on its line), or regenerate the post.'
          : 'Jekyll only reads front matter that starts with `---` on the very first line: add a block with at least `title` and `date` there.',
      }),
    );
  }
  const { yaml, yamlLine, body, bodyLine } = split.split;

  const parsed = parseFrontMatterYaml(yaml);
  if (!parsed.ok) {
    if (parsed.kind === 'syntax') {
      return fail(
        new PostParseError({
          code: 'invalid-yaml',
          file: path,
          line: parsed.line === undefined ? undefined : yamlLine - 1 + parsed.line,
          what: `the front matter is not valid YAML (${parsed.reason})`,
          expected: 'one `key: value` per line',
          hint: 'Fix the YAML on that line or just above it (an unclosed quote or bracket shows up on a later line); quote a value that contains `: ` or ` #`, or starts with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`.',
          cause: parsed.cause,
        }),
      );
    }
    return fail(
      new PostParseError({
        code: 'invalid-front-matter',
        file: path,
        line: yamlLine,
        what: `the front matter is ${parsed.found}`,
        expected: 'a mapping of `key: value` lines',
        hint: 'Write the front matter as `key: value` lines (`title: ...`, `date: ...`).',
      }),
    );
  }

  const { data, keys } = parsed;
  const warnings: ParseWarning[] = [];
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
  const line = (key: string): number | undefined => lineOf.get(key);

  const title = readText(data.title, 'title', line('title'), warnings);
  if (!title.ok) {
    return fail(
      new PostParseError({
        code: 'invalid-front-matter',
        file: path,
        line: line('title'),
        what: `\`title\` is ${title.found}`,
        expected: '`title: "..."` with one line of text',
        hint: 'Write the title as a single quoted string.',
      }),
    );
  }
  if (title.value === undefined || title.value.trim() === '') {
    warnings.push({
      code: 'missing-title',
      line: line('title') ?? yamlLine - 1,
      message:
        'The post has no `title`; it is read as an empty string. Add `title: "..."` to the front matter.',
    });
  }

  const date = readDate(path, data.date, line('date'), yamlLine - 1, warnings);
  if (date instanceof PostParseError) return fail(date);

  const author = readText(data.author, 'author', line('author'), warnings);
  const excerpt = readText(data.excerpt, 'excerpt', line('excerpt'), warnings);
  for (const [key, field] of [
    ['author', author],
    ['excerpt', excerpt],
  ] as const) {
    if (!field.ok) {
      return fail(
        new PostParseError({
          code: 'invalid-front-matter',
          file: path,
          line: line(key),
          what: `\`${key}\` is ${field.found}`,
          expected: `\`${key}: "..."\` with text`,
          hint: `Write \`${key}\` as a single quoted string.`,
        }),
      );
    }
  }

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

  const post: SourcePost = {
    id: idFromPath(path),
    sourcePath: path,
    title: title.value ?? '',
    date,
    categories: readList(
      data.categories,
      data.category,
      { plural: 'categories', singular: 'category' },
      line,
      warnings,
    ),
    tags: readList(data.tags, data.tag, { plural: 'tags', singular: 'tag' }, line, warnings),
    author: author.ok ? author.value : undefined,
    excerpt: excerpt.ok ? excerpt.value : undefined,
    readingTime: readReadingTime(data.reading_time, line('reading_time'), warnings),
    draft: isUnpublished(data.published) || isDraftPath(path),
    extra,
    body,
    bodyLine,
  };
  return { ok: true, post, warnings };
}

function readDate(
  path: string,
  value: unknown,
  line: number | undefined,
  frontMatterLine: number,
  warnings: ParseWarning[],
): PostDate | PostParseError {
  const fromName = fileNameDate(path);
  if (value === null || value === undefined || value === '') {
    if (fromName) {
      warnings.push({
        code: 'date-from-file-name',
        line: line ?? frontMatterLine,
        message: `No \`date\` in the front matter; using ${fromName.year}-${String(fromName.month).padStart(2, '0')}-${String(fromName.day).padStart(2, '0')} 00:00 UTC from the file name. Add a \`date\` with the time and offset.`,
      });
      const parsed = parseDateText(`${fromName.year}-${fromName.month}-${fromName.day}`);
      if (parsed.ok) return makePostDate(dateParts(parsed.date), 'file-name');
    }
    return new PostParseError({
      code: 'no-date',
      file: path,
      line: line ?? frontMatterLine,
      what: fromName
        ? 'there is no `date`, and the file name date is not a real day'
        : 'there is no `date`, and the file name does not start with `YYYY-MM-DD-`',
      expected: DATE_FORM,
      hint: 'Add a `date` line to the front matter, or name the file `YYYY-MM-DD-<slug>.md`.',
    });
  }
  const parsed = typeof value === 'string' ? parseDateText(value) : undefined;
  if (!parsed?.ok) {
    return new PostParseError({
      code: 'no-date',
      file: path,
      line: line ?? frontMatterLine,
      what:
        typeof value === 'string'
          ? `\`date\` ${JSON.stringify(value.slice(0, 40))} is not a valid date (${parsed?.ok === false ? parsed.reason : 'unknown form'})`
          : `\`date\` is ${Array.isArray(value) ? 'a list' : `the ${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`}, not a date`,
      expected: DATE_FORM,
      hint: 'Write the date with its time and UTC offset, as Jekyll prints it.',
    });
  }
  if (!parsed.hadOffset) {
    warnings.push({
      code: 'date-without-offset',
      line,
      message: `\`date\` ${JSON.stringify(value)} has no UTC offset; it is read as UTC (+00:00). Add the offset (e.g. \`+0900\`) if the post was written in another zone.`,
    });
  }
  if (fromName) {
    const written = parsed.date.iso.slice(0, 10);
    const named = `${fromName.year}-${String(fromName.month).padStart(2, '0')}-${String(fromName.day).padStart(2, '0')}`;
    if (written !== named) {
      warnings.push({
        code: 'date-mismatch',
        line,
        message: `\`date\` says ${written} but the file name says ${named}; the front matter wins, as in Jekyll.`,
      });
    }
  }
  return parsed.date;
}

function dateParts(date: PostDate): { year: number; month: number; day: number } {
  return {
    year: Number(date.iso.slice(0, 4)),
    month: Number(date.iso.slice(5, 7)),
    day: Number(date.iso.slice(8, 10)),
  };
}

function readReadingTime(
  value: unknown,
  line: number | undefined,
  warnings: ParseWarning[],
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (Number.isFinite(number) && number >= 0 && value !== '') return number;
  warnings.push({
    code: 'unknown-type',
    line,
    message: `\`reading_time\` ${JSON.stringify(value)?.slice(0, 40)} is not a number of minutes; it was ignored.`,
  });
  return undefined;
}
