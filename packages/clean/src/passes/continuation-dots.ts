import { parseBlocks, printBlocks } from '../blocks.js';
import { quote, startsMidSentence } from '../text.js';
import type { PassContext } from './context.js';

/** The dots the model opens a continuation with, and the space after them. */
export const DOTS = /^(?:\.{3,}|…+|‥+)[ \t\u3000]*/;

/**
 * The model opens a continuation with dots (`…人間が創造性を最大限に発揮し、…`). Where nothing
 * before it was joined to it or merged with it, the paragraph stands on its own, and the dots only
 * make a reader look for the words before them: they go when what follows opens a sentence. A
 * paragraph that goes on mid-sentence (`…を正確に理解するのが…`) keeps them: its start is missing.
 * Runs on the repaired body, after the check rounds, which read the dots as a restart.
 */
export function dropContinuationDots(markdown: string, ctx: Pick<PassContext, 'fixes'>): string {
  if (!OPENING_DOTS.test(markdown)) return markdown;
  const blocks = parseBlocks(markdown.endsWith('\n') ? markdown.slice(0, -1) : markdown, 1, 0);
  let changed = false;
  for (const b of blocks) {
    if (b.kind !== 'paragraph') continue;
    const m = DOTS.exec(b.text);
    if (m === null) continue;
    const rest = b.text.slice(m[0].length);
    if (rest === '' || startsMidSentence(rest)) continue;
    b.text = rest;
    changed = true;
    ctx.fixes.push({
      kind: 'chunk-join',
      detail: `removed the continuation's opening dots before ${quote(rest, 40)}`,
    });
  }
  return changed ? printBlocks(blocks) : markdown;
}

/** Dots opening the body or a paragraph: most bodies have none, and are not parsed again. */
const OPENING_DOTS = /(?:^|\n\n)(?:\.{3}|…|‥)/;
