import type { Block } from '../blocks.js';
import { headingLevel } from '../blocks.js';
import { endsCleanly, keyOf, quote } from '../text.js';
import type { PassContext } from './context.js';

/**
 * After the merge, make the article end like one: no dangling heading, no unfinished last
 * sentence or unclosed `**`, no stray rules at either end or doubled in the middle.
 */
export function tidyEnding(blocks: Block[], ctx: PassContext): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'hr' && (out.length === 0 || out[out.length - 1]!.kind === 'hr')) continue;
    if (b.kind === 'heading') {
      // A section whose body was all repeats is left empty: the heading goes too.
      const next = blocks[i + 1];
      if (
        next?.kind === 'heading' &&
        headingLevel(next.text) <= headingLevel(b.text) &&
        headingLevel(b.text) > 0
      ) {
        ctx.fixes.push({
          kind: 'empty-section',
          detail: `removed heading with no text under it ${quote(b.text.trim())}`,
          line: b.line,
        });
        continue;
      }
    }
    out.push(b);
  }
  for (;;) {
    const last = out[out.length - 1];
    if (!last) break;
    if (last.kind === 'hr') {
      out.pop();
      continue;
    }
    if (last.kind === 'heading') {
      out.pop();
      ctx.fixes.push({
        kind: 'truncated-ending',
        detail: `removed dangling heading ${quote(last.text.trim())}`,
        line: last.line,
      });
      continue;
    }
    if (last.kind === 'paragraph' && !endsCleanly(last.text)) {
      const pieces = ctx.split(last.text);
      let fi = pieces.length - 1;
      while (fi > 0 && pieces[fi]!.trim() === '') fi--;
      const frag = pieces[fi]!;
      const kept = pieces.slice(0, fi).join('').trimEnd();
      ctx.fixes.push({
        kind: 'truncated-ending',
        detail: `removed cut-off sentence ${quote(frag)}`,
        line: last.line,
      });
      if (keyOf(kept) === '') out.pop();
      else last.text = kept;
      continue;
    }
    break;
  }
  if (out[0]) out[0].gap = '';
  return out;
}
