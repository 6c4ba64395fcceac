import { describe, expect, test } from 'vitest';
import { seeded } from '../test/seeded.js';
import { unbalanced } from './title.js';

describe('unbalanced', () => {
  test('is its split definition on generated titles', () => {
    const pairs = ['「」', '『』', '（）', '()', '【】'];
    const reference = (t: string) => pairs.some(([o, c]) => t.split(o!).length !== t.split(c!).length);
    const pieces = ['「', '」', '『', '』', '（', '）', '(', ')', '【', '】', 'AI', '投資', ' '];
    const next = seeded(43);
    for (let n = 0; n < 20000; n++) {
      let title = '';
      // The high bits: the generator's low bits repeat every few draws.
      const length = (next() >> 12) % 8;
      for (let i = 0; i < length; i++) title += pieces[(next() >> 12) % pieces.length];
      expect([title, unbalanced(title)]).toEqual([title, reference(title)]);
    }
  });
});
