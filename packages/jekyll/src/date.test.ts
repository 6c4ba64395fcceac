import { describe, expect, it } from 'vitest';
import { parseDateText } from './date.js';

function parsed(text: string) {
  const result = parseDateText(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.reason}`);
  return result;
}

describe('parseDateText', () => {
  it('keeps the offset Jekyll writes and computes the instant', () => {
    const { date, hadOffset } = parsed('2025-10-05 13:34:57 +0900');
    expect(date).toEqual({
      iso: '2025-10-05T13:34:57+09:00',
      epochMs: Date.parse('2025-10-05T04:34:57Z'),
      offset: '+09:00',
      source: 'front-matter',
    });
    expect(hadOffset).toBe(true);
  });

  it.each([
    ['2025-10-05T13:34:57+09:00', '2025-10-05T13:34:57+09:00', '2025-10-05T04:34:57Z'],
    ['2025-10-05T04:34:57Z', '2025-10-05T04:34:57+00:00', '2025-10-05T04:34:57Z'],
    ['2025-10-05 13:34:57 -0530', '2025-10-05T13:34:57-05:30', '2025-10-05T19:04:57Z'],
    ['2025-10-05 13:34:57+09', '2025-10-05T13:34:57+09:00', '2025-10-05T04:34:57Z'],
    ['2025-10-05 13:34:57.5 +0900', '2025-10-05T13:34:57.500+09:00', '2025-10-05T04:34:57.500Z'],
    ['2025-10-05 13:34:57 UTC', '2025-10-05T13:34:57+00:00', '2025-10-05T13:34:57Z'],
    ['2025-10-05 13:34:57 JST', '2025-10-05T13:34:57+09:00', '2025-10-05T04:34:57Z'],
    ['2025-1-5 9:05 +0900', '2025-01-05T09:05:00+09:00', '2025-01-05T00:05:00Z'],
  ])('reads %s', (text, iso, instant) => {
    const { date, hadOffset } = parsed(text);
    expect(date.iso).toBe(iso);
    expect(date.epochMs).toBe(Date.parse(instant));
    expect(hadOffset).toBe(true);
  });

  it('reads a date without an offset as UTC and says it had none', () => {
    const { date, hadOffset } = parsed('2025-10-05');
    expect(date.iso).toBe('2025-10-05T00:00:00+00:00');
    expect(date.offset).toBe('+00:00');
    expect(hadOffset).toBe(false);
  });

  it.each([
    ['2025-13-01', 'month 13'],
    ['2025-02-29 10:00:00 +0900', 'day 29'],
    ['2025-10-05 24:00:00 +0900', 'time'],
    ['2025-10-05 13:34:57 +1900', 'offset'],
    ['yesterday', 'unrecognised'],
    ['2025/10/05', 'unrecognised'],
    ['', 'unrecognised'],
  ])('refuses %j', (text, reason) => {
    const result = parseDateText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('accepts 29 February in a leap year', () => {
    expect(parsed('2024-02-29').date.iso).toBe('2024-02-29T00:00:00+00:00');
  });
});
