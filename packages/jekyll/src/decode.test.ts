import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidOffset } from './decode.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))),
  );

describe('decodeUtf8', () => {
  it('decodes valid UTF-8, including an already-replaced U+FFFD', () => {
    expect(decodeUtf8(bytes('タイトル\u{FFFD}'))).toEqual({ ok: true, text: 'タイトル\u{FFFD}' });
  });

  it('names the first bad byte and its line when a character is cut in half', () => {
    // 動 is E5 8B 95; a title cut after two of its bytes and then closed with a quote.
    const input = bytes('---\ntitle: "生成', [0xe5, 0x8b], '"\ndate: x\n');
    const result = decodeUtf8(input);
    expect(result).toEqual({
      ok: false,
      offset: Buffer.byteLength('---\ntitle: "生成'),
      line: 2,
      byte: 0xe5,
    });
  });

  it.each([
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['an overlong encoding', [0xc0, 0xaf], 0],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated sequence at the end', [0x41, 0x42, 0xe3, 0x81], 2],
    ['a Latin-1 byte', [0x63, 0x61, 0x66, 0xe9], 3],
  ])('finds %s', (_name, input, offset) => {
    expect(firstInvalidOffset(Uint8Array.from(input))).toBe(offset);
    const result = decodeUtf8(Uint8Array.from(input));
    expect(result.ok).toBe(false);
  });

  it('round-trips every kind of character exactly, a leading BOM included', () => {
    const samples = [
      '',
      '\uFEFF---\n',
      'a\u0000b',
      '日本語のテキスト。',
      '😀𠮷ｱ',
      '\u{10FFFF}\uFFFD\uFFFE',
      'é'.repeat(5000),
    ];
    // A deterministic mix of 1-, 2-, 3- and 4-byte characters, long enough to cross any chunking.
    let mixed = '';
    for (let i = 0; i < 20_000; i++)
      mixed += String.fromCodePoint([0x41, 0xe9, 0x3042, 0x1f600][i % 4]! + (i % 13));
    samples.push(mixed);
    for (const text of samples) {
      const bytes = new TextEncoder().encode(text);
      expect(decodeUtf8(bytes)).toEqual({ ok: true, text });
      // A view into a larger buffer must decode only its own bytes.
      const padded = new Uint8Array(bytes.length + 8);
      padded.set(bytes, 4);
      expect(decodeUtf8(padded.subarray(4, 4 + bytes.length))).toEqual({ ok: true, text });
    }
  });

  it('returns the length for valid input', () => {
    const valid = bytes('日本語 and ASCII 🎌');
    expect(firstInvalidOffset(valid)).toBe(valid.length);
  });
});
