import type { Block } from '../blocks.js';
import { headingContent, parseBlocks, printBlocks } from '../blocks.js';
import { keyOf, quote } from '../text.js';
import { type HeadlineCandidate, looseKey, QUOTED_SENTENCE, stripTitleMarkup } from '../title.js';
import type { Chunks, PassContext } from './context.js';

/**
 * The body's first block when it is a single short line: the candidate title echo. A line with a
 * `。` is a candidate too (`…に躍進。その真意は？`); whether it is a headline or the article's first
 * sentence is the title stage's call (`isHeadlineShaped`).
 */
export function echoCandidate(chunks: Chunks): Block | undefined {
  const first = chunks.find((c) => c.length > 0)?.[0];
  if (!first || (first.kind !== 'heading' && first.kind !== 'paragraph')) return undefined;
  if (first.text.includes('\n') && first.kind === 'paragraph') {
    // The title on the first line of the first paragraph, ending on a question or bracket
    // before a line break (`…新たな灯火か？⏎（…）`): that line alone is the candidate. A line
    // ending anywhere else is prose wrapped at the margin.
    const line = first.text.slice(0, first.text.indexOf('\n')).trim();
    if (line.length > 120 || !/[？?！!」』]$/.test(line)) return undefined;
    return { ...first, text: line };
  }
  const plain = first.kind === 'heading' ? headingContent(first.text) : first.text.trim();
  if (plain.length > 120) return undefined;
  return first;
}

/** What is left of the block an echo candidate was taken from once the candidate goes. */
export function afterEcho(chunks: Chunks, echo: Block): Block | undefined {
  const first = chunks.find((c) => c.length > 0)?.[0];
  if (!first || first === echo || !first.text.startsWith(echo.text)) return undefined;
  return { ...first, text: first.text.slice(echo.text.length).replace(/^\s*\n/, '') };
}

/** Plain text of a block that is a title candidate. */
export function candidateText(b: Block): string {
  return stripTitleMarkup(b.kind === 'heading' ? headingContent(b.text) : b.text);
}

/** A candidate block as the title stage sees it: its text, whether marked as a heading or labelled. */
export function headlineOf(b: Block): HeadlineCandidate {
  const raw = b.kind === 'heading' ? headingContent(b.text) : b.text.trim().replace(/\*\*/g, '');
  return {
    // A quoted sentence keeps its quotes: the title stage must see it is one (`QUOTED_SENTENCE`).
    text: QUOTED_SENTENCE.test(raw.trim()) ? raw.trim() : candidateText(b),
    // A whole line in bold is the pipeline's heading, even with a `。` in it.
    marked: b.kind === 'heading' || /^\*\*[^*]+\*\*$/.test(b.text.trim()),
    labelled: /^\s*(?:タイトル|title)\s*[:：]/i.test(raw),
  };
}

/**
 * The pipeline repeats the title as the body's first line: plain, `# H1` or `**bold**`. Ghost
 * shows the title itself, so the echo goes; `keys` holds the title's forms (as written, repaired,
 * the cut core, the headline the title stage took the title from). A cut title matches a line
 * without `。` that starts with its surviving part.
 */
export function removeTitleEcho(
  chunks: Chunks,
  keys: ReadonlySet<string>,
  core: string,
  ctx: PassContext,
): void {
  const b = echoCandidate(chunks);
  if (!b) {
    removeGluedTitle(chunks, keys, ctx);
    return;
  }
  const text = candidateText(b);
  const k = keyOf(text);
  const echoes =
    keys.has(k) ||
    (core.length >= 6 && !/[。．]/.test(text) && k.startsWith(core) && k.length <= core.length + 60);
  if (!echoes) return;
  const chunk = chunks.find((c) => c.length > 0)!;
  const rest = afterEcho(chunks, b);
  if (rest) chunk[0]!.text = rest.text;
  else {
    chunk.shift();
    if (chunk[0]) chunk[0].gap = '';
  }
  ctx.titleKeys.add(k);
  ctx.fixes.push({ kind: 'title-echo', detail: `removed title echo ${quote(b.text.trim())}`, line: b.line });
}

/**
 * A summary written as the first heading, the title glued before it with a colon (`# **タイトル**:
 * 本文。本文。`): the title goes, the summary stays as the first paragraph.
 */
function removeGluedTitle(chunks: Chunks, keys: ReadonlySet<string>, ctx: PassContext): void {
  const chunk = chunks.find((c) => c.length > 0);
  const first = chunk?.[0];
  if (!chunk || first?.kind !== 'heading' || first.text.includes('\n')) return;
  const m = /^\*\*([^*\n]{4,80})\*\*\s*[:：]\s*(\S.*)$|^([^*\n:：]{4,80})[:：]\s*(\S.*)$/.exec(
    headingContent(first.text),
  );
  const head = m?.[1] ?? m?.[3];
  const rest = m?.[2] ?? m?.[4];
  if (head === undefined || rest === undefined || !keys.has(keyOf(head)) || !/[。．！？!?]/.test(rest))
    return;
  chunk[0] = { ...first, kind: 'paragraph', text: rest };
  ctx.fixes.push({
    kind: 'title-echo',
    detail: `removed title echo ${quote(head)} glued before the summary`,
    line: first.line,
  });
}

/**
 * The body's headline, which the title was taken from, out of the repaired body: its first block,
 * or the first line of its first paragraph (`headline` is the candidate the title stage saw; the
 * passes may have made a `**…**` line a heading). When the passes left something else first, the
 * body stays as it is.
 */
export function removeHeadline(markdown: string, headline: Block, ctx: PassContext): string {
  const want = looseKey(candidateText(headline));
  const blocks = parseBlocks(markdown.endsWith('\n') ? markdown.slice(0, -1) : markdown, 1, 0);
  const first = blocks[0];
  if (!first || (first.kind !== 'heading' && first.kind !== 'paragraph')) return markdown;
  const nl = first.text.indexOf('\n');
  if (looseKey(candidateText(first)) === want) {
    blocks.shift();
    if (blocks[0]) blocks[0].gap = '';
  } else if (
    first.kind === 'paragraph' &&
    nl !== -1 &&
    looseKey(stripTitleMarkup(first.text.slice(0, nl))) === want
  ) {
    first.text = first.text.slice(nl + 1);
  } else return markdown;
  ctx.titleKeys.add(keyOf(candidateText(headline)));
  ctx.fixes.push({
    kind: 'title-echo',
    detail: `removed title echo ${quote(headline.text.trim())}`,
    line: headline.line,
  });
  return printBlocks(blocks);
}

/**
 * The title an SEO rewrite wrapped (`2026年<title><tail>`) is the article's headline too, and the
 * later chunks write it as a line of its own between sections (`AIエージェントが製造業を変える：…秘訣とは`),
 * whichever title was published. A paragraph or heading that is that line and nothing else goes.
 */
export function removeWrappedTitle(markdown: string, wrapped: string, ctx: PassContext): string {
  const want = looseKey(wrapped);
  if (want.length < 8) return markdown;
  const blocks = parseBlocks(markdown.endsWith('\n') ? markdown.slice(0, -1) : markdown, 1, 0);
  const kept = blocks.filter((b) => {
    if ((b.kind !== 'paragraph' && b.kind !== 'heading') || b.text.includes('\n')) return true;
    const line = b.kind === 'heading' ? headingContent(b.text) : stripTitleMarkup(b.text);
    if (looseKey(line) !== want) return true;
    ctx.fixes.push({
      kind: 'title-echo',
      detail: `removed title echo ${quote(b.text.trim())}`,
      line: b.line,
    });
    return false;
  });
  if (kept.length === blocks.length) return markdown;
  if (kept[0]) kept[0] = { ...kept[0], gap: '' };
  return printBlocks(kept);
}
