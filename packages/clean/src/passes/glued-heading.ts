import type { Block } from '../blocks.js';
import { headingContent } from '../blocks.js';
import { keyOf, quote } from '../text.js';
import type { Chunks, PassContext } from './context.js';

/**
 * When the model flattens and re-emits text, a heading and its first paragraph end up on one
 * line (`### **見出し** 本文…。`, `### 1. 見出し 本文…。`), which Markdown renders as one huge
 * heading. Split them: after a leading `**…**`, else at the last space before the first `。`.
 */
export function splitGluedHeadings(chunks: Chunks, ctx: PassContext): void {
  // Headings written on their own elsewhere, and the title: where a glued one ends.
  const known = new Set(ctx.titleKeys);
  for (const chunk of chunks)
    for (const b of chunk)
      if (b.kind === 'heading' && b.text.length <= 100) known.add(keyOf(headingContent(b.text)));
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind !== 'heading' || b.text.includes('\n')) continue;
      const m = /^(\s{0,3}#{1,6})\s+(.*)$/.exec(b.text);
      if (!m) continue;
      const content = m[2]!;
      let head: string | undefined;
      let rest: string | undefined;
      const bold = /^\*\*([^*]+)\*\*\s+(\S.*)$/.exec(content);
      if (bold) {
        head = bold[1]!;
        rest = bold[2]!;
      } else if (content.includes('。')) {
        const stop = content.indexOf('。');
        const space = Math.max(content.lastIndexOf(' ', stop), content.lastIndexOf('\u3000', stop));
        const head0 = content.slice(0, Math.max(space, 0));
        // Only where the head reads as a heading (numbered, or a `：` title) or the text runs on
        // past its first sentence; `# Amazon Bedrockの…のか。` is one title, not two parts.
        const headish = /^\d+[.)．]|[：:]/.test(head0) || stop < content.length - 1;
        // A space between two Latin words (`Amazon Bedrock`) is part of a name, not the seam.
        const latin =
          /[A-Za-z0-9]/.test(content[space - 1] ?? '') && /[A-Za-z0-9]/.test(content[space + 1] ?? '');
        if (space > 3 && stop - space > 8 && head0.length >= 6 && headish && !latin) {
          head = content.slice(0, space);
          rest = content.slice(space + 1);
        }
      }
      if (head === undefined && content.length > 100 && !content.startsWith('[')) {
        // A whole paragraph on the heading's line (`## 問い。 皆さん、どう思いますか？…`): no
        // heading runs this long. Cut after the known heading, else after its first sentence.
        let cut = -1;
        for (let i = content.indexOf(' '); i !== -1 && i <= 100; i = content.indexOf(' ', i + 1)) {
          if (known.has(keyOf(headingContent(content.slice(0, i))))) cut = i;
        }
        if (cut === -1) {
          const end = /[。？！?!](?=[ \u3000])/.exec(content.slice(0, 100));
          if (end) cut = end.index + 1;
        }
        if (cut > 0) {
          head = content.slice(0, cut);
          rest = content.slice(cut + 1);
        }
      }
      if (head === undefined || rest === undefined || rest.trim() === '') continue;
      const heading: Block = { ...b, text: `${m[1]} ${headingContent(head)}` };
      const para: Block = { kind: 'paragraph', text: rest.trim(), line: b.line, chunk: b.chunk, gap: '\n' };
      chunk.splice(i, 1, heading, para);
      ctx.fixes.push({
        kind: 'glued-heading',
        detail: `split heading ${quote(head)} from its text ${quote(rest, 40)}`,
        line: b.line,
      });
      i++;
    }
  }
}
