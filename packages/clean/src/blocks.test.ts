import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { corpusFiles } from '../test/corpus.js';
import { parseBlocksReference } from '../test/reference/blocks.js';
import { seeded } from '../test/seeded.js';
import { type Block, parseBlocks, printBlocks } from './blocks.js';

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

describe('setext or rule', () => {
  test('a closing question with `---` right under it is a paragraph and a rule, printed apart', () => {
    const body = '皆さんは、AI導入戦略において、どのような未来像を描いていますか？\n---\n\n## 次の章';
    const blocks = parseBlocks(body, 1, 0);
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'hr', 'heading']);
    expect(printBlocks(blocks)).toBe(
      '皆さんは、AI導入戦略において、どのような未来像を描いていますか？\n\n---\n\n## 次の章\n',
    );
  });

  test('a short title line with `---` under it stays a setext heading', () => {
    expect(parseBlocks('AIは何を変えるのか？\n---', 1, 0).map((b) => b.kind)).toEqual(['heading']);
  });
});

describe('parseBlocks', () => {
  /** Lines of every kind, and pieces that make a line one kind or another. */
  const pieces = [
    '本文です。',
    'テキスト',
    '\n',
    '\n\n',
    ' ',
    '  ',
    '    ',
    '\t',
    '\u3000',
    '```',
    '~~~',
    '# ',
    '## 見出し',
    '#',
    '**太字**',
    '---',
    '***',
    '===',
    '- ',
    '* ',
    '1. ',
    '12) ',
    '| a | b |',
    '> 引用',
    '。',
    '！',
    '?',
    'x',
  ];
  const same = (body: string) =>
    expect([body, parseBlocks(body, 3, 1)]).toEqual([body, parseBlocksReference(body, 3, 1)]);

  test('agrees with its reference definition on generated bodies', () => {
    const next = seeded(53);
    for (let n = 0; n < 30000; n++) {
      // Line by line, so that runs of prose, markup and blank lines meet in every order.
      const lines: string[] = [];
      // The high bits: the generator's low bits repeat every few draws.
      const count = (next() >> 12) % 9;
      for (let l = 0; l < count; l++) {
        let line = '';
        const length = (next() >> 12) % 4;
        for (let i = 0; i < length; i++) line += pieces[(next() >> 12) % pieces.length];
        lines.push(line);
      }
      same(lines.join('\n'));
    }
  });

  test('agrees with its reference definition on the corpus files', () => {
    for (const file of corpusFiles()) same(readFileSync(file, 'utf8'));
  });
});
