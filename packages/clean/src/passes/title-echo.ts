import type { Block } from '../blocks.js';
import { headingContent } from '../blocks.js';
import { keyOf, quote } from '../text.js';
import { stripTitleMarkup } from '../title.js';
import type { Chunks, PassContext } from './context.js';

/** The body's first block when it is a single short line: the candidate title echo. */
export function echoCandidate(chunks: Chunks): Block | undefined {
  const first = chunks.find((c) => c.length > 0)?.[0];
  if (!first || (first.kind !== 'heading' && first.kind !== 'paragraph')) return undefined;
  if (first.text.includes('\n') && first.kind === 'paragraph') return undefined;
  const plain = first.kind === 'heading' ? headingContent(first.text) : first.text.trim();
  // A paragraph that is a sentence (`…です。`) is the article starting, not a title.
  if (plain.length > 120 || (first.kind === 'paragraph' && /[。．]/.test(plain))) return undefined;
  return first;
}

/** Plain text of a block that is a title candidate. */
export function candidateText(b: Block): string {
  return stripTitleMarkup(b.kind === 'heading' ? headingContent(b.text) : b.text);
}

/**
 * The pipeline repeats the title as the body's first line: plain, `# H1` or `**bold**`. Ghost
 * shows the title itself, so the echo goes; `keys` holds the title's forms (as written, repaired,
 * the cut core). A cut title matches when the echo starts with its surviving part.
 */
export function removeTitleEcho(
  chunks: Chunks,
  keys: ReadonlySet<string>,
  core: string,
  ctx: PassContext,
): void {
  const b = echoCandidate(chunks);
  if (!b) return;
  const k = keyOf(candidateText(b));
  const echoes = keys.has(k) || (core.length >= 6 && k.startsWith(core) && k.length <= core.length + 60);
  if (!echoes) return;
  const chunk = chunks.find((c) => c.length > 0)!;
  chunk.shift();
  if (chunk[0]) chunk[0].gap = '';
  ctx.titleKeys.add(k);
  ctx.fixes.push({ kind: 'title-echo', detail: `removed title echo ${quote(b.text.trim())}`, line: b.line });
}
