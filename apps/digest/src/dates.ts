import { DigestAppError } from './errors.js';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `--since`/`--until`: a full ISO timestamp, or a date read as a whole day in the time zone, so
 * `--since 2025-10-01 --until 2025-10-08` covers both days completely.
 */
export function parseBound(value: string, edge: 'since' | 'until', timeZone: string): number {
  const day = DATE_ONLY.exec(value);
  if (day) {
    const start = zonedMidnight(Number(day[1]), Number(day[2]), Number(day[3]), timeZone);
    // The window is (since, until]: start a millisecond early so midnight posts count.
    return edge === 'since'
      ? start - 1
      : zonedMidnight(Number(day[1]), Number(day[2]), Number(day[3]) + 1, timeZone) - 1;
  }
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) {
    throw new DigestAppError('config', `--${edge} "${value}" is not an ISO date`, {
      hint: 'Use YYYY-MM-DD or a full ISO 8601 timestamp such as 2025-10-01T00:00:00+09:00.',
    });
  }
  return ms;
}

function zonedMidnight(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  return guess - offsetMs(guess, timeZone);
}

function offsetMs(atMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(atMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(atMs / 1000) * 1000;
}
