import { parseDateText } from './date.js';
import { PostParseError } from './errors.js';
import { fileNameDate } from './id.js';
import type { ParseWarning, PostDate } from './types.js';

const DATE_FORM = '`date: YYYY-MM-DD HH:MM:SS +HHMM` (e.g. `2025-10-05 13:34:57 +0900`)';

const day = (d: { year: number; month: number; day: number }): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/**
 * The post's date as Jekyll decides it: the `date` key when present (offset kept), else the
 * `YYYY-MM-DD-` file-name prefix at midnight UTC, else an error.
 */
export function readPostDate(
  path: string,
  value: unknown,
  line: number | undefined,
  frontMatterLine: number,
  warnings: ParseWarning[],
): PostDate | PostParseError {
  const fromName = fileNameDate(path);
  if (value === null || value === undefined || value === '') {
    const parsed = fromName && parseDateText(day(fromName));
    if (fromName && parsed?.ok) {
      warnings.push({
        code: 'date-from-file-name',
        line: line ?? frontMatterLine,
        message: `No \`date\` in the front matter; using ${day(fromName)} 00:00 UTC from the file name. Add a \`date\` with the time and offset.`,
      });
      return { ...parsed.date, source: 'file-name' };
    }
    return new PostParseError({
      code: 'no-date',
      file: path,
      line: line ?? frontMatterLine,
      what: fromName
        ? `there is no \`date\`, and the file name date ${day(fromName)} is not a real day`
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
  // The day as the author wrote it (in their offset), which is what the file name is meant to say.
  const written = parsed.date.iso.slice(0, 10);
  if (fromName && written !== day(fromName)) {
    warnings.push({
      code: 'date-mismatch',
      line,
      message: `\`date\` says ${written} but the file name says ${day(fromName)}; the front matter wins, as in Jekyll.`,
    });
  }
  return parsed.date;
}
