import type { PostDate } from './types.js';

// Ruby's Time.parse as Jekyll users write it: date, optional time (space or T), optional
// fraction, optional zone (`Z`, `UTC`, `GMT`, `JST`, `+0900`, `+09:00`, `+09`), optionally after a space.
const DATE_FORM =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:([Zz]|UTC|GMT|JST)|([+-])(\d{2}):?(\d{2})?)?$/;

export type DateParse =
  | { readonly ok: true; readonly date: PostDate; readonly hadOffset: boolean }
  | { readonly ok: false; readonly reason: string };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  readonly millisecond?: number;
  /** Minutes east of UTC. */
  readonly offsetMinutes?: number;
}

/** Builds a PostDate from parts already known to be in range. */
export function makePostDate(parts: DateParts, source: PostDate['source']): PostDate {
  const { year, month, day, hour = 0, minute = 0, second = 0, millisecond = 0, offsetMinutes = 0 } = parts;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const fraction = millisecond === 0 ? '' : `.${pad(millisecond, 3)}`;
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${offset}`;
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
  return { iso, epochMs, offset, source };
}

/** Parses the text of a front-matter `date` value without ever losing the written offset. */
export function parseDateText(text: string): DateParse {
  const match = DATE_FORM.exec(text.trim());
  if (!match) return { ok: false, reason: 'unrecognised form' };
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const millisecond = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} is out of range` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: `day ${day} is out of range` };
  // 24:00 and leap seconds are not something a blog post needs; reject rather than guess.
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'the time is out of range' };
  let offsetMinutes = 0;
  const hadOffset = match[8] !== undefined || match[9] !== undefined;
  // Ruby's Time.parse knows JST, and a Japanese blog may well write it.
  if (match[8] === 'JST') offsetMinutes = 9 * 60;
  if (match[9] !== undefined) {
    const hours = Number(match[10]);
    const minutes = match[11] === undefined ? 0 : Number(match[11]);
    if (hours > 14 || minutes > 59) return { ok: false, reason: 'the UTC offset is out of range' };
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return {
    ok: true,
    hadOffset,
    date: makePostDate(
      { year, month, day, hour, minute, second, millisecond, offsetMinutes },
      'front-matter',
    ),
  };
}
