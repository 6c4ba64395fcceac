import { headingContent, isBoldLine, isUnspacedHeading } from '../blocks.js';
import { quote } from '../text.js';
import type { Chunks, PassContext } from './context.js';

/**
 * The pipeline writes section headings as standalone `**…**` lines (and sometimes `# **…**`);
 * make them real headings so they render, index and dedupe as headings. They go one level below
 * the deepest ATX heading the post already uses (`##` when it uses none).
 */
export function boldHeadings(chunks: Chunks, ctx: PassContext): void {
  let deepest = 0;
  for (const chunk of chunks) {
    for (const b of chunk) {
      if (b.kind !== 'heading') continue;
      const m = /^\s{0,3}(#{1,6})\s/.exec(b.text);
      if (m) deepest = Math.max(deepest, m[1]!.length);
    }
  }
  const level = Math.min(Math.max(deepest + 1, 2), 4);
  for (const chunk of chunks) {
    for (const b of chunk) {
      if (b.kind !== 'heading') continue;
      if (isBoldLine(b.text)) {
        const text = `${'#'.repeat(level)} ${headingContent(b.text)}`;
        ctx.fixes.push({
          kind: 'bold-heading',
          detail: `${quote(b.text.trim())} → ${quote(text)}`,
          line: b.line,
        });
        b.text = text;
      } else if (
        isUnspacedHeading(b.text) ||
        (/^\s{0,3}#{1,6}\s*\*\*/.test(b.text) && b.text.includes('**'))
      ) {
        const m = /^\s{0,3}(#{1,6})\s*/.exec(b.text)!;
        // `##概要` has no space for `headingContent` to find the marks by: they are cut off here.
        const text = `${m[1]} ${headingContent(`${m[1]} ${b.text.slice(m[0].length)}`)}`;
        ctx.fixes.push({
          kind: 'bold-heading',
          detail: `${quote(b.text.trim())} → ${quote(text)}`,
          line: b.line,
        });
        b.text = text;
      }
    }
  }
}
