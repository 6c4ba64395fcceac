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

/**
 * A run of LaTeX scaffolding inside prose (`$_{_{皆さんも}^{_{}^{}_{}^{}…`): the model's output
 * degenerating into empty sub- and superscripts, by the kilobyte, with a word or two caught in
 * it. Symbols and blanks, with pieces of at most a few characters between them.
 */
const JUNK_RUN = /[$\\{}^_](?:[$\\{}^_\s]|[^$\\{}^_\s]{1,12}(?=[$\\{}^_]))*/g;
const JUNK_SYMBOLS = /[$\\{}^_]/g;
/** Fewer symbols than this is a formula an author may have meant (`$x_{i}^{2}$`). */
const INLINE_MIN = 40;
const INLINE_DENSITY = 0.7;

/** The text with its junk runs cut out, the runs, and the words caught in them. */
function cutInlineJunk(text: string): { text: string; removed: string[] } | undefined {
  const removed: string[] = [];
  let out = '';
  let last = 0;
  JUNK_RUN.lastIndex = 0;
  for (let m = JUNK_RUN.exec(text); m !== null; m = JUNK_RUN.exec(text)) {
    const run = m[0];
    if (run.length < INLINE_MIN) continue;
    const symbols = run.match(JUNK_SYMBOLS)?.length ?? 0;
    if (symbols < INLINE_MIN || symbols / run.length < INLINE_DENSITY) continue;
    // The blank that set the run off from the text before it goes with it.
    out += text.slice(last, m.index).replace(/[ \t]+$/, '');
    last = m.index + run.length;
    removed.push(run);
  }
  JUNK_RUN.lastIndex = 0;
  if (removed.length === 0) return undefined;
  return { text: out + text.slice(last), removed };
}

export function removeJunk(chunks: Chunks, ctx: PassContext): void {
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind === 'code') continue;
      // Only text with an empty group in it (`{}`) can hold a run: most blocks are passed at once.
      if (b.text.includes('{}') && !isJunk(b.text)) {
        const cut = cutInlineJunk(b.text);
        if (cut !== undefined) {
          const chars = cut.removed.reduce((n, r) => n + r.length, 0);
          const words = cut.removed.flatMap((r) => r.match(/[^$\\{}^_\s]+/g) ?? []);
          // Not counted for the gate: the article is still there around the runs. A body that is
          // runs and little else is held back as too short once they are cut.
          ctx.fixes.push({
            kind: 'junk',
            detail:
              `removed ${chars} characters of LaTeX-like junk inside the text ${quote(cut.removed[0]!, 40)}` +
              (words.length > 0 ? ` (words caught in it: ${quote(words.join(' '), 60)})` : ''),
            line: b.line,
          });
          if (cut.text.trim() === '') {
            chunk.splice(i--, 1);
            continue;
          }
          b.text = cut.text.replace(/[ \t]+$/gm, '');
        }
      }
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
