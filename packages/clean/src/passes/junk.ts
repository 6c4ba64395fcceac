import { quote } from '../text.js';
import type { Chunks, PassContext } from './context.js';

const LATEX_CMD = /\\[a-zA-Z]+/g;
const CJK = /[\u3040-\u30ff\u3400-\u9fff]/g;
const LIQUID = /^\s*\{%.*%\}\s*$/;

/**
 * Runs that are not prose: LaTeX spilled by the model (`\frac{…}` by the kilobyte) and Jekyll
 * Liquid tags (`{% include ads-mid-article.html %}`) that Ghost would print literally. Code
 * blocks are never touched.
 */
function isJunk(text: string): boolean {
  // Counting stops at five: prose with a stray `\n` or two need not be scanned to the end.
  if (!text.includes('\\')) return false;
  let cmds = 0;
  LATEX_CMD.lastIndex = 0;
  while (cmds < 5 && LATEX_CMD.exec(text) !== null) cmds++;
  LATEX_CMD.lastIndex = 0;
  if (cmds < 5) return false;
  const cjk = text.match(CJK)?.length ?? 0;
  const symbols = text.replace(/[^\\{}^_$&]/g, '').length;
  return cjk / text.length < 0.2 && symbols / text.length > 0.05;
}

export function removeJunk(chunks: Chunks, ctx: PassContext): void {
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind === 'code') continue;
      // Every line must be a `{% … %}` tag, so text without one is not Liquid.
      if (
        b.kind === 'paragraph' &&
        b.text.includes('{%') &&
        b.text.split('\n').every((l) => LIQUID.test(l))
      ) {
        ctx.fixes.push({ kind: 'liquid', detail: `removed Liquid tag ${quote(b.text)}`, line: b.line });
        chunk.splice(i--, 1);
        continue;
      }
      if (isJunk(b.text)) {
        ctx.junkChars += b.text.length;
        ctx.fixes.push({
          kind: 'junk',
          detail: `removed ${b.text.length} characters of LaTeX-like junk ${quote(b.text, 40)}`,
          line: b.line,
        });
        chunk.splice(i--, 1);
      }
    }
  }
}
