import type { Block } from '../blocks.js';
import { quote } from '../text.js';
import { beforeCut } from '../title.js';
import type { Chunks, PassContext } from './context.js';

/** The headings the blog puts over its related-articles box. */
export const NAV_HEADING =
  /関連記事|関連リンク|あわせて読みたい|合わせて読みたい|おすすめ記事|こちらの記事も/;

/**
 * A line that reads as the title of another post, not prose: short, no `。`, not ending like an
 * exclamation or a lead-in (`！`, `：`, `…`, `、`).
 */
export function isTitleLine(line: string): boolean {
  const t = line.trim();
  return (
    t.length >= 6 &&
    t.length <= 80 &&
    !t.includes('。') &&
    !/[！!：:…、]$/.test(t) &&
    !/^[-*+>|#]/.test(t) &&
    // A link or a kramdown attribute list (`{: .consulting-cta-link}`) is markup, not a lost title.
    !t.includes('](') &&
    !t.startsWith('{:') &&
    // Nor is a line with bold in it or one that opens on a connective and its comma (`まず、**大企業**
    // にとっては、…`, `では、私たち企業は…`): the article's own words, cut at its end.
    !t.includes('**') &&
    !PROSE_OPENING.test(t) &&
    !POLITE_END.test(t)
  );
}

/** A polite predicate ending the line (`…担いたいですか？`): the article speaking to its reader. */
const POLITE_END = /(?:です|ます|でした|ました|ません|でしょう)か?[？?！!]?$/;

/** Connectives a sentence opens with, then a comma: no title opens so. */
const PROSE_OPENING =
  /^(?:では|まず|次に|そして|しかし|また|さらに|一方|つまり|特に|例えば|なお|ただし|もちろん|実は|さて|最後に|だからこそ)、/;

/** A title line that does not end like a sentence at all (`…最新事例から紐解く`). */
const OPEN_END = /[^。！？!?」』）)]$/;

/**
 * The related-articles box with its links lost is a run of bare title lines at the end of a
 * chunk (`AIエージェントが製造業DXをどう変える？自律実行能力の全貌` …). Read as prose, the seam
 * repair cuts each as an unfinished sentence and leaves half a title (`…どう変える？`) as the
 * article's last words. Two or more such lines, one at least not ending like a sentence, are
 * navigation: under a related-articles heading they become its list again; after the article's
 * conclusion at the very end they go, reported. Runs before the seams are repaired.
 */
export function relatedTitles(chunks: Chunks, ctx: PassContext): void {
  let lastChunk = chunks.length - 1;
  while (lastChunk > 0 && chunks[lastChunk]!.length === 0) lastChunk--;
  for (let c = 0; c <= lastChunk; c++) {
    const chunk = chunks[c]!;
    let start = chunk.length;
    let titles = 0;
    let open = false;
    while (start > 0) {
      const b = chunk[start - 1]!;
      if (b.kind !== 'paragraph') break;
      const lines = b.text.split('\n');
      if (!lines.every(isTitleLine)) break;
      titles += lines.length;
      if (lines.some((l) => OPEN_END.test(l.trim()))) open = true;
      start--;
    }
    if (titles < 2 || !open) continue;
    let p = start - 1;
    while (p >= 0 && chunk[p]!.kind === 'hr') p--;
    const prev = chunk[p];
    const run = chunk.slice(start);
    const text = run.map((b) => b.text).join('\n');
    if (prev?.kind === 'heading' && NAV_HEADING.test(prev.text)) {
      const list: Block = {
        kind: 'list',
        text: text
          .split('\n')
          .map((l) => `- ${l.trim()}`)
          .join('\n'),
        line: run[0]!.line,
        chunk: run[0]!.chunk,
        gap: run[0]!.gap,
      };
      chunk.splice(start, run.length, list);
      ctx.fixes.push({
        kind: 'related-links',
        detail: `made the related-article titles under ${quote(prev.text.trim())} a list again ${quote(text, 400)}`,
        line: list.line,
      });
    } else if (c === lastChunk) {
      // Without the heading, lines that end like a sentence (`どう思いますか？`) may be the
      // article's closing words: the run starts after them, and must still hold two titles.
      let from = start;
      while (from < chunk.length && chunk[from]!.text.split('\n').every((l) => !OPEN_END.test(l.trim())))
        from++;
      const rest = chunk.slice(from);
      const lines = rest.flatMap((b) => b.text.split('\n'));
      let q = from - 1;
      while (q >= 0 && chunk[q]!.kind === 'hr') q--;
      const before = chunk[q];
      if (
        lines.length < 2 ||
        before?.kind !== 'paragraph' ||
        !/[。！？!?][」』）)*_]*$/.test(before.text.trimEnd())
      )
        continue;
      chunk.splice(from);
      ctx.fixes.push({
        kind: 'related-links',
        detail: `removed titles of other articles left at the end without their heading ${quote(lines.join('\n'), 2000)}`,
        line: rest[0]!.line,
      });
    }
  }
}

/** A link's label holding U+FFFD: `[NVIDIA Blackwell: AI時代の�](/2025/09/07/…/)`. */
const BROKEN_LABEL = /\[([^\]\n]*\uFFFD[^\]\n]*)\](?=\()/g;

/**
 * Links to other posts carry those posts' titles as the pipeline wrote them, some cut inside a
 * character at 40 bytes (`AI時代の�`). One post's cleaning cannot know another's whole title, so
 * the label keeps what the author wrote before the cut and says it is cut (`AI時代…`): a reader
 * sees no broken character, and the link still goes where it went. An item of a link list whose
 * label has no word at all (`["](…)`, `[…](…)`) goes: there is nothing to read or click.
 */
export function mendBrokenLabels(blocks: Block[], ctx: PassContext): void {
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'code') continue;
    if (b.text.includes('\uFFFD')) {
      b.text = b.text.replace(BROKEN_LABEL, (_, label: string) => {
        const kept = `${beforeCut(label).trimEnd()}…`;
        ctx.fixes.push({
          kind: 'related-links',
          detail: `link label cut inside a character ${quote(label)} → ${quote(kept)}`,
          line: b.line,
        });
        return `[${kept}]`;
      });
    }
    if (b.kind === 'list' && b.text.includes('](')) {
      const lines = b.text.split('\n');
      const kept = lines.filter((line) => {
        const m = WORDLESS_LINK_ITEM.exec(line);
        if (m === null || /[\p{L}\p{N}]/u.test(m[1]!.replace('…', ''))) return true;
        ctx.fixes.push({
          kind: 'related-links',
          detail: `removed a link with no title ${quote(line.trim())}`,
          line: b.line,
        });
        return false;
      });
      if (kept.length === lines.length) continue;
      if (kept.length === 0) blocks.splice(i--, 1);
      else b.text = kept.join('\n');
    }
  }
}

/**
 * A list item that is a link alone (`- ["](/2025/09/17/2-ai-article/)`): the linked post's title
 * was lost to a character or a quote, and a reader has nothing to click on but punctuation.
 */
const WORDLESS_LINK_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[([^\]\n]*)\]\([^)\s]+\)\s*$/;
