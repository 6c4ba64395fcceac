import type { Block } from '../blocks.js';
import { headingContent, headingLevel } from '../blocks.js';
import { countBold, endsCleanly, keyOf, quote, stripListMarker } from '../text.js';
import type { PassContext } from './context.js';
import { footerStart, isCutNotice, isFooterLine } from './footer.js';
import { isTitleLine, NAV_HEADING } from './related-links.js';

/**
 * After the merge, make the article end like one: no dangling heading, no unfinished last
 * sentence or unclosed `**`, no stray rules at either end or doubled in the middle.
 */
export function tidyEnding(blocks: Block[], ctx: PassContext): Block[] {
  const out: Block[] = [];
  let allHeadingKeys: string[] | undefined;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'hr' && (out.length === 0 || out[out.length - 1]!.kind === 'hr')) continue;
    // A bold heading cut at a seam (`**未来への招待：共に因果`, its `**` never closed) before the
    // next heading or the footer, the heading standing whole elsewhere: the footer moved after
    // it keeps it from being the article's last line, where the loop below would drop it.
    if (b.kind === 'paragraph' && OPEN_BOLD_LINE.test(b.text.trim())) {
      let j = i + 1;
      while (blocks[j]?.kind === 'hr') j++;
      const next = blocks[j];
      allHeadingKeys ??= keysOfHeadings(blocks);
      if ((next === undefined || next.kind === 'heading') && isHalfHeading(b.text, allHeadingKeys)) {
        ctx.fixes.push({
          kind: 'truncated-ending',
          detail: `removed cut-off heading ${quote(b.text.trim())}`,
          line: b.line,
        });
        continue;
      }
    }
    if (b.kind === 'heading') {
      // A section whose body was all repeats is left empty: the heading goes too (a rule after
      // it is no body: `## 見出し` `---` `## 関連記事`).
      // A long "heading" is the author's closing question set as one (`#### **あなたの会社では…？**`):
      // it has no body of its own and stays.
      let j = i + 1;
      const long = headingContent(b.text).length > 50;
      while (blocks[j]?.kind === 'hr') j++;
      const next = blocks[j];
      if (
        !long &&
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
  // A related-articles list rebuilt here ends the article as it is: titles are not sentences.
  const navigation = dropHeadlessNavigation(out, ctx);
  trimCutEnd(out, navigation, false, ctx);
  // The article ends where the footer starts too: a last paragraph cut off before the related
  // articles (`…磨き続けるべきだ。` `AIの` `---` `## 関連記事`) is as unfinished as one at the very end.
  const from = footerStart(out);
  if (from < out.length && from > 0) {
    const footer = out.splice(from);
    trimCutEnd(out, navigation, true, ctx);
    out.push(...footer);
  }
  if (out[0]) out[0].gap = '';
  return out;
}

/**
 * Drop what was cut off at the end of `out`: rules, a dangling heading, an unfinished sentence,
 * item or link, an unclosed `**`. `beforeFooter`: `out` is the article, the footer follows it.
 */
function trimCutEnd(
  out: Block[],
  navigation: Block | undefined,
  beforeFooter: boolean,
  ctx: PassContext,
): void {
  /** Built once, on the first short last line: the trimming below may look many times. */
  let headingKeys: string[] | undefined;
  for (;;) {
    const last = out[out.length - 1];
    if (!last || last === navigation) break;
    if (isFooterLine(out, out.length - 1) && !(last.kind === 'paragraph' && isCutNotice(last.text))) break;
    if (last.kind === 'hr') {
      out.pop();
      continue;
    }
    if (last.kind === 'heading') {
      // Right before the footer, a long "heading" is the author's closing question set as one
      // (see the empty sections above), not a section cut off: it stays.
      if (beforeFooter && isClosingQuestion(headingContent(last.text))) break;
      out.pop();
      ctx.fixes.push({
        kind: 'truncated-ending',
        detail: `removed dangling heading ${quote(last.text.trim())}`,
        line: last.line,
      });
      continue;
    }
    if (last.kind === 'list') {
      // A list of prose items whose last item stops mid-sentence was cut off there.
      const items = last.text.split(/\n(?=\s{0,3}(?:[-*+]|\d{1,9}[.)])\s)/);
      const tail = items[items.length - 1]!;
      // A link cut inside its URL (`[…](/2025/08/29/08-%E3…`) or its text (`- [GPT-4o登場！…`)
      // is cut off whatever the list holds.
      const cutLink = /\]\([^)\s]*$|^\s*(?:[-*+]|\d{1,9}[.)])\s+\[[^\]]*$/.test(tail.trimEnd());
      const prose = items.slice(0, -1).some((i) => endsCleanly(i) && /[。！？]/.test(i));
      if (!endsCleanly(tail) && !cutLink) {
        // An item of prose (`5. **見出し**: 文。文。このギャップをどう埋めていくかは、政府`): what a
        // reader sees is an article stopping mid-sentence. Keep the item's whole sentences.
        const pieces = [...ctx.split(tail)];
        let fi = pieces.length - 1;
        while (fi > 0 && pieces[fi]!.trim() === '') fi--;
        const kept = pieces.slice(0, fi).join('').trimEnd();
        if (fi > 0 && endsCleanly(kept) && /[。！？]/.test(stripListMarker(kept))) {
          ctx.fixes.push({
            kind: 'truncated-ending',
            detail: `removed cut-off sentence ${quote(pieces[fi]!)} from the last list item`,
            line: last.line,
          });
          last.text = [...items.slice(0, -1), kept].join('\n');
          continue;
        }
      }
      // A list split by blank lines is one block per item: the items before are the block before.
      const before = out[out.length - 2];
      const proseBefore = before?.kind === 'list' && endsCleanly(before.text) && /[。！？]/.test(before.text);
      if (!endsCleanly(tail) && ((items.length > 1 && prose) || cutLink || proseBefore)) {
        ctx.fixes.push({
          kind: 'truncated-ending',
          detail: `removed cut-off list item ${quote(tail)}`,
          line: last.line,
        });
        last.text = items.slice(0, -1).join('\n');
        if (last.text.trim() === '') out.pop();
        continue;
      }
    }
    if (last.kind === 'paragraph' && last.text.length <= 200) headingKeys ??= keysOfHeadings(out);
    if (last.kind === 'paragraph' && headingKeys !== undefined && isHalfHeading(last.text, headingKeys)) {
      out.pop();
      ctx.fixes.push({
        kind: 'truncated-ending',
        detail: `removed dangling heading (its markup lost) ${quote(last.text.trim())}`,
        line: last.line,
      });
      continue;
    }
    // A label set in bold on its own line, closed (`**技術者へ：AIは「ツール」だ。使いこなす「スキル」を磨け**`),
    // is whole: its words are no sentence cut off, and cutting at its `。` would leave half a label.
    if (last.kind === 'paragraph' && BOLD_LABEL_LINE.test(last.text.trim())) break;
    // A quote is prose too, when it holds sentences (`> 出典: Reuters` is a caption, not a cut).
    const prose = last.kind === 'paragraph' || (last.kind === 'quote' && /[。！？]/.test(last.text));
    if (prose && !endsCleanly(last.text)) {
      const pieces = [...ctx.split(last.text)];
      let fi = pieces.length - 1;
      while (fi > 0 && pieces[fi]!.trim() === '') fi--;
      const frag = pieces[fi]!;
      if (countBold(last.text) % 2 === 1 && endsCleanly(last.text.replace(/\*\*/g, ''))) {
        // The sentences are whole; a `**` was left open by a seam (`アニメ**ーション`): drop
        // that marker, not the text.
        const at = pieces.findLastIndex((p) => countBold(p) % 2 === 1);
        const piece = pieces[at]!;
        const i = piece.lastIndexOf('**');
        pieces[at] = piece.slice(0, i) + piece.slice(i + 2);
        last.text = pieces.join('');
        ctx.fixes.push({
          kind: 'unclosed-bold',
          detail: `removed unmatched ** in ${quote(piece)}`,
          line: last.line,
        });
        continue;
      }
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
}

/**
 * A short last line that is a heading of the article, whole or cut (`AI技術の未来に何をもたらすか？`
 * of `#### AI技術の未来に何をもたらすか？：革新の加速と多様化`), is a heading left hanging without
 * its markup, whatever punctuation it ends on.
 */
function isHalfHeading(text: string, headingKeys: readonly string[]): boolean {
  const t = text.trim();
  if (t.length > 80 || t.includes('\n') || t.includes('。')) return false;
  const k = keyOf(t);
  if (k.length < 6) return false;
  return headingKeys.some((h) => h.startsWith(k));
}

/** A question of 50+ characters with no sentence before it: written to the reader, not a section. */
function isClosingQuestion(text: string): boolean {
  return text.length > 50 && /[？?]$/.test(text) && !text.includes('。');
}

/** A line that is one bold span, closed. */
export const BOLD_LABEL_LINE = /^\*\*[^*\n]+\*\*$/;

/** A line that opens a bold span and never closes it: a bold heading cut off. */
const OPEN_BOLD_LINE = /^\*\*[^*\n]+$/;

function keysOfHeadings(blocks: readonly Block[]): string[] {
  return blocks.filter((b) => b.kind === 'heading').map((b) => keyOf(headingContent(b.text)));
}

/** A line that is only a link to another article of the blog (`- [タイトル](/2026/02/13/…)`). */
const INTERNAL_LINK_LINE = /^\s{0,3}(?:(?:[-*+]|\d{1,9}[.)])\s+)?\[[^\]\n]*\]\(\/[^)\s]*\)\s*$/;

/**
 * The blog's related-articles box (`### あわせて読みたい` / `## 関連記事` and links to other posts)
 * is written into every chunk; the merge keeps its first copy with its heading and appends the
 * links only a later copy has at the very end, where they hang under the conclusion with no
 * heading: a reader sees the article trail off into a list of other titles. Links that follow a
 * heading are a proper list and stay; a headless run of them at the end is navigation, not
 * prose, and goes (reported, so an editor sees which links).
 */
function dropHeadlessNavigation(out: Block[], ctx: PassContext): Block | undefined {
  // A list of bare titles under a related-articles heading (see `relatedTitles`) stays as it is.
  const end = out[out.length - 1];
  if (end?.kind === 'list' && !end.text.includes('](')) {
    let q = out.length - 2;
    while (q >= 0 && out[q]!.kind === 'hr') q--;
    const h = out[q];
    if (
      h?.kind === 'heading' &&
      NAV_HEADING.test(h.text) &&
      end.text.split('\n').every((l) => isTitleLine(stripListMarker(l)))
    )
      return end;
  }
  let start = out.length;
  while (start > 0) {
    const b = out[start - 1]!;
    if (
      (b.kind !== 'list' && b.kind !== 'paragraph') ||
      !b.text.split('\n').every((l) => INTERNAL_LINK_LINE.test(l))
    )
      break;
    start--;
  }
  if (start === out.length) return undefined;
  // Only after the conclusion: a run under a heading is a proper list, and one after a footer
  // (`*※ 上記リンクはAmazonアソシエイトリンクです*`) is part of the page's footer.
  let p = start - 1;
  while (p >= 0 && out[p]!.kind === 'hr') p--;
  const prev = out[p];
  if (prev?.kind !== 'paragraph' || !/[。！？!?][」』）)*_]*$/.test(prev.text.trimEnd())) return undefined;
  // A line under the box's heading that introduces its links (`詳しくは以下の記事を参照…。`).
  const above = out[p - 1];
  if (above?.kind === 'heading' && NAV_HEADING.test(above.text) && !prev.text.trim().includes('\n'))
    return undefined;
  const run = out.splice(start);
  ctx.fixes.push({
    kind: 'related-links',
    detail: `removed links to other articles left at the end without their heading ${quote(run.map((b) => b.text).join(' '), 2000)}`,
    line: run[0]!.line,
  });
  return undefined;
}
