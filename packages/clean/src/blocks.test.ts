import { describe, expect, test } from 'vitest';
import { seeded } from '../test/seeded.js';
import { type Block, printBlocks } from './blocks.js';

describe('printBlocks', () => {
  test('strips spaces and tabs before every line end the multiline $ knows, and nothing else', () => {
    const pieces = ['本文', ' ', '\t', '\n', '\r', '\u2028', '\u2029', '\u3000', 'x'];
    const next = seeded(5);
    for (let n = 0; n < 5000; n++) {
      let text = 'a';
      const length = next() % 12;
      for (let i = 0; i < length; i++) text += pieces[next() % pieces.length];
      const block: Block = { kind: 'paragraph', text, line: 1, chunk: 0, gap: '' };
      expect(printBlocks([block])).toBe(`${text.replace(/[ \t]+$/gm, '')}\n`);
    }
  });

  test('code is printed verbatim', () => {
    const block: Block = { kind: 'code', text: '```\nx  \n```', line: 1, chunk: 0, gap: '' };
    expect(printBlocks([block])).toBe('```\nx  \n```\n');
  });
});
