import type { Fix } from '../types.js';

/**
 * The model sometimes writes a sentence's polite ending twice (`…重要なテーマですです。`), in the
 * chunk it writes and again in every later copy of the sentence: no reading of Japanese prose
 * wants `ですです`, so it is written once. Only after a word and before a sentence end or a closing bracket (or at
 * the line's end, where a chunk was cut), never inside code. Done on the body before the chunks
 * are merged, so a doubled copy and a clean one are the same sentence to the merge. Line numbers
 * are file lines.
 */
const DOUBLED = 'ですです';
/** After a word: `「ですです」` alone is the word quoted, not an ending. */
const DOUBLED_END = /(?<=[^\s「『（(“"'`])ですです(?=[。．！？!?」』）)]|\s*$)/g;

export function undoubleEndings(body: string, bodyLine: number, fixes: Fix[]): string {
  if (!body.includes(DOUBLED)) return body;
  const lines = body.split('\n');
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence || !line.includes(DOUBLED)) continue;
    lines[i] = line.replace(DOUBLED_END, (match, at: number) => {
      fixes.push({
        kind: 'doubled-ending',
        detail: `「…${line.slice(Math.max(0, at - 20), at)}${match}」 → 「…${line.slice(Math.max(0, at - 20), at)}です」 (an ending written twice)`,
        line: bodyLine + i,
      });
      return 'です';
    });
  }
  return lines.join('\n');
}
