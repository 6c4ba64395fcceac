import type { Block } from '../blocks.js';
import { headingLevel } from '../blocks.js';
import { quote } from '../text.js';
import type { PassContext } from './context.js';
import { NAV_HEADING } from './related-links.js';

/** Headings of the blog's footer sections: related articles and recommended books. */
const FOOTER_HEADING = new RegExp(`${NAV_HEADING.source}|おすすめ書籍`);
/**
 * What only the footer holds: the call to action's tracked link (`?utm_source=article`), the
 * books' affiliate links and the affiliate notice.
 */
const FOOTER_TEXT =
  /utm_source=article|amazon\.co\.jp\/[^)\s]*tag=|アフィリエイトリンクが含まれ|アソシエイトリンクです/;

interface Section {
  readonly blocks: Block[];
  readonly footer: boolean;
}

/**
 * The blog ends every article with a footer (related articles, a call to action, books). A chunk
 * written before the article was finished carries it, and the merge keeps it where that chunk
 * ended, so the sections the continuation adds land under the footer. Those sections follow the
 * article's text, not its footer: the footer goes back to the end, its sections in their order.
 */
export function footerLast(blocks: readonly Block[], ctx: PassContext): Block[] {
  const sections = sectionsOf(blocks);
  const first = sections.findIndex((s) => s.footer);
  if (first === -1) return [...blocks];
  const after = sections.slice(first);
  // Only article text after the footer makes a move: a last section of links or a notice stays.
  if (
    !after.some((s) => !s.footer && s.blocks.some((b) => b.kind === 'paragraph' && /[。！？]/.test(b.text)))
  )
    return [...blocks];
  const footer = after.filter((s) => s.footer);
  const moved = footer.flatMap((s) => s.blocks);
  const out = [...sections.slice(0, first), ...after.filter((s) => !s.footer)].flatMap((s) => s.blocks);
  const heads = footer.map((s) => s.blocks.find((b) => b.kind === 'heading')?.text.trim()).filter(Boolean);
  ctx.fixes.push({
    kind: 'footer',
    detail: `moved the footer after the article's last section ${quote(heads.join(' / '), 120)}`,
    line: moved[0]!.line,
  });
  return [...out, ...moved];
}

/**
 * Sections start at a heading of level 1–3 (`####` and the books' `### [書名](…)` stay inside);
 * a rule right before a heading belongs to the section it opens.
 */
function sectionsOf(blocks: readonly Block[]): Section[] {
  const opens = (x: Block | undefined) =>
    x?.kind === 'heading' && headingLevel(x.text) >= 1 && headingLevel(x.text) <= 3 && !isBookHeading(x);
  const groups: Block[][] = [];
  let current: Block[] = [];
  blocks.forEach((b, i) => {
    const starts = b.kind === 'hr' ? opens(blocks[i + 1]) : opens(b) && blocks[i - 1]?.kind !== 'hr';
    if (starts && current.length > 0) {
      groups.push(current);
      current = [];
    }
    current.push(b);
  });
  if (current.length > 0) groups.push(current);
  return groups.map((g) => ({
    blocks: g,
    footer: g.some((b) => (b.kind === 'heading' && FOOTER_HEADING.test(b.text)) || FOOTER_TEXT.test(b.text)),
  }));
}

/** `### [書名](https://www.amazon.co.jp/…)`: a book in the books section, not a section of its own. */
function isBookHeading(b: Block): boolean {
  return /^#{1,6}\s*\[[^\]]*\]\(https?:\/\/[^)]*amazon\./.test(b.text);
}
