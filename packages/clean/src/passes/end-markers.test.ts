import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { corpusFiles } from '../../test/corpus.js';
import { splitAtEndMarkersReference } from '../../test/reference/end-markers.js';
import { seeded } from '../../test/seeded.js';
import type { Fix } from '../types.js';
import { splitAtEndMarkers } from './end-markers.js';

/** Markers whole, broken over lines, glued to text, and pieces of them. */
const PIECES = [
  '---END---',
  '--- END ---',
  '---\tEND\u3000---',
  '---\nEND\n---',
  '---\nEND',
  '---\n END\n---',
  '---',
  'END',
  '-',
  '\n',
  '\n\n',
  ' ',
  '\t',
  '\r',
  '本文です。',
  '## 見出し',
  '# 題名',
  '# 題名：',
  'C# ',
];

function both(body: string): void {
  const fast: Fix[] = [];
  const reference: Fix[] = [];
  const chunks = splitAtEndMarkers(body, 4, fast);
  expect([body, chunks, fast]).toEqual([body, splitAtEndMarkersReference(body, 4, reference), reference]);
}

describe('splitAtEndMarkers', () => {
  test('agrees with its reference definition on generated bodies', () => {
    const next = seeded(29);
    for (let n = 0; n < 30000; n++) {
      let body = '';
      // The high bits: the generator's low bits repeat every few draws.
      const length = (next() >> 12) % 14;
      for (let i = 0; i < length; i++) body += PIECES[(next() >> 12) % PIECES.length];
      both(body);
    }
  });

  test('agrees with its reference definition on the corpus files', () => {
    for (const file of corpusFiles()) both(readFileSync(file, 'utf8'));
  });
});
