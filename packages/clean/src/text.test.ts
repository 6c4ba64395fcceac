import { isCompleteSentence } from '@kiji/ja';
import { describe, expect, test } from 'vitest';
import { seeded } from '../test/seeded.js';
import {
  collapse,
  countBold,
  endsCleanly,
  keyOf,
  keyStart,
  plainInline,
  quote,
  quoteJoined,
  visibleLength,
} from './text.js';

/** The definition `quote` must keep: collapse whitespace, trim, and keep both ends when too long. */
function reference(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return `「${t}」`;
  const half = Math.floor((max - 1) / 2);
  return `「${t.slice(0, half)}…${t.slice(-half)}」`;
}

describe('keyOf', () => {
  test('whitespace and inline markup go; full-width digits and letters read as ASCII', () => {
    expect(keyOf('**百度**の自動運転 レベル４実用化')).toBe(keyOf('百度の自動運転レベル4実用化'));
    expect(keyOf('ＡＩとＧＰＵ、２０２５年')).toBe('AIとGPU、2025年');
    expect(keyOf('…続き')).toBe('続き');
  });
  test('the reference: markup and spaces removed, full-width ASCII mapped, opening dots dropped (random texts)', () => {
    const rnd = seeded(7);
    const alphabet = ['あ', '漢', 'A', '４', 'ｚ', ' ', '*', '#', '\u3000', '。', '…', '.', 'Ｂ'];
    for (let n = 0; n < 2000; n++) {
      let t = '';
      for (let i = rnd() % 12; i > 0; i--) t += alphabet[rnd() % alphabet.length];
      const want = t
        .replace(/[\s\u3000*`_~#>|]/g, '')
        .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
        .replace(/^[…‥.]+/, '');
      expect(keyOf(t)).toBe(want);
      expect(keyStart(t, 0, t.length)).toBe(want.slice(0, 2));
    }
  });
});

describe('quote', () => {
  test('long texts are shortened at both ends without collapsing the middle', () => {
    const pieces = [
      '本文です。',
      ' ',
      '\n\n',
      '\u3000',
      'GPT-4o',
      '\u202f',
      '\t',
      '「引用」',
      '\ufeff',
      'ab',
    ];
    const next = seeded(7);
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = next() % 400;
      for (let i = 0; i < length; i++) text += pieces[next() % pieces.length];
      for (const max of [20, 60, 80]) expect(quote(text, max)).toBe(reference(text, max));
    }
  });

  test('a text of whitespace with a few characters is collapsed whole', () => {
    const text = `${' '.repeat(500)}短い${'\n'.repeat(500)}`;
    expect(quote(text)).toBe('「短い」');
  });
});

/** The regex definition `endsCleanly` must keep. */
function endsCleanlyReference(text: string): boolean {
  const t = text.trimEnd();
  if (t === '') return true;
  // An odd `**` closing a bold opened in the chunk before, by the first sentence end.
  const bold = t.indexOf('**');
  const end = t.search(/[。！？]/);
  const closesFirst =
    bold > 0 && (end === -1 || bold < end || (bold === end + 1 && /^\*\*(\s|$)/.test(t.slice(bold))));
  if (countBold(t) % 2 === 1 && !closesFirst) return false;
  const plain = t.replace(/[*_]+$/, '').trimEnd();
  if (/[0-9０-９]\.$/.test(plain)) return false;
  return (
    isCompleteSentence(plain) ||
    /…\s*(\*\*)?\s*$/.test(t) ||
    // A colon inside a bracket left open is a gloss cut off (`LTV（Life Time Value：`).
    (/[：:]\s*(\*\*)?\s*$/.test(t) && !/[（(][^）)]*$/.test(t)) ||
    (/\)$/.test(plain) && /\]\(/.test(plain)) ||
    /[。．！？!?][」』]?\s*[（(][^（(。]{0,38}[）)]$/.test(plain)
  );
}

describe('endsCleanly', () => {
  test('a bold closed from the chunk before is not left open; one opened and cut is', () => {
    expect(endsCleanly('）**の役割も非常に重要です。')).toBe(true);
    expect(endsCleanly('）**の役割も非常に')).toBe(false);
    expect(endsCleanly('**1.')).toBe(false);
    expect(endsCleanly('本文です。**未来への展望：')).toBe(false);
    expect(endsCleanly('「Garlic」が将来的に「GPT-5.')).toBe(false);
  });

  test('who said it, in brackets after the sentence or quote, ends the paragraph; a gloss does not', () => {
    expect(endsCleanly('「手放せない道具になりました。」（A社 生産管理部 部長）')).toBe(true);
    expect(endsCleanly('重要です。 (出典: 社内調査)')).toBe(true);
    expect(endsCleanly('「ヒューマン・アラウンド・ザ・ループ」（人間が関与する）')).toBe(false);
    expect(endsCleanly('（ここから続きの文章です）')).toBe(false);
    for (const t of ['「…ました。」（A社 担当者）', '「用語」（説明）', '本文。(注)']) {
      expect([t, endsCleanly(t)]).toEqual([t, endsCleanlyReference(t)]);
    }
  });

  test('a colon ends a line, not a gloss cut inside its bracket', () => {
    expect(endsCleanly('具体的には、次の三点です：')).toBe(true);
    expect(endsCleanly('結果としてLTV（Life Time Value：')).toBe(false);
    expect(endsCleanly('LTV（顧客生涯価値）の内訳：')).toBe(true);
  });

  test('agrees with its regex definition on generated endings', () => {
    const pieces = [
      '本文',
      '。',
      '：',
      ':',
      '…',
      '**',
      '*',
      '_',
      ' ',
      '\n',
      '\u3000',
      ')',
      '（',
      '(',
      '](',
      '」',
      'x',
      '5',
      '.',
    ];
    const next = seeded(11);
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const length = next() % 9;
      for (let i = 0; i < length; i++) text += pieces[next() % pieces.length];
      expect([text, endsCleanly(text)]).toEqual([text, endsCleanlyReference(text)]);
    }
  });
});

describe('quoteJoined', () => {
  test('equals quote of the joined parts', () => {
    const words = ['本文です。', ' ', '\n', 'GPT-4o', '「引用」', 'ab', '', '\u3000x'];
    const next = seeded(3);
    for (let n = 0; n < 3000; n++) {
      const parts: string[] = [];
      const count = next() % 60;
      for (let i = 0; i < count; i++) {
        let part = '';
        const length = next() % 6;
        for (let j = 0; j < length; j++) part += words[next() % words.length];
        parts.push(part);
      }
      for (const max of [20, 80]) expect(quoteJoined(parts, max)).toBe(quote(parts.join(' '), max));
    }
  });
});

describe('visibleLength', () => {
  test('stops counting at `stopAt`, and counts what it counts as the full count does', () => {
    const pieces = ['本文', ' ', '\n', '\u3000', '\u00a0', '\t', 'ab', '。'];
    const next = seeded(31);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = (next() >> 12) % 20;
      for (let i = 0; i < length; i++) text += pieces[(next() >> 12) % pieces.length];
      const full = [...text].filter((c) => !/[\u0000-\u0020\u3000\u00a0]/.test(c)).length;
      expect(visibleLength(text)).toBe(full);
      for (const stopAt of [0, 1, 5, 17]) expect(visibleLength(text, stopAt)).toBe(Math.min(full, stopAt));
    }
  });
});

describe('plainInline', () => {
  test('agrees with its chain of rewrites on generated excerpts and leads', () => {
    const reference = (s: string) =>
      s
        .replace(/\*\*|__|`/g, '')
        .replace(/(^|\s)#{1,6}\s+/g, '$1')
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\s*\n\s*/g, '')
        .replace(/\s{2,}/g, ' ')
        .trim();
    const pieces = [
      '本文',
      '**',
      '__',
      '`',
      '#',
      '## ',
      '[',
      ']',
      '(',
      ')',
      '](',
      '!',
      ' ',
      '  ',
      '\n',
      '\t',
      '\u3000',
      'x',
    ];
    const next = seeded(37);
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const length = (next() >> 12) % 14;
      for (let i = 0; i < length; i++) text += pieces[(next() >> 12) % pieces.length];
      expect([text, plainInline(text)]).toEqual([text, reference(text)]);
    }
  });
});

describe('collapse', () => {
  test('is `replace(/\\s+/g, " ")` on generated text', () => {
    const pieces = [
      '本文',
      ' ',
      '  ',
      '\n',
      '\t',
      '\r',
      '\u3000',
      '\u00a0',
      '\u202f',
      '\ufeff',
      '\u2028',
      'x',
      '。',
    ];
    const next = seeded(47);
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const length = (next() >> 12) % 12;
      for (let i = 0; i < length; i++) text += pieces[(next() >> 12) % pieces.length];
      expect([text, collapse(text)]).toEqual([text, text.replace(/\s+/g, ' ')]);
    }
  });
});
