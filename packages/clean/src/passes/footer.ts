import type { Block } from '../blocks.js';
import { headingContent, headingLevel } from '../blocks.js';
import { attributeList, endsCleanly, keyOf, quote } from '../text.js';
import type { PassContext } from './context.js';
import { isTitleLine, NAV_HEADING } from './related-links.js';

/**
 * The parts of the blog's footer, in the order the template writes them: the related-articles
 * box, the call to action, the recommended books and the affiliate notice.
 */
type PartKind = 'nav' | 'cta' | 'books' | 'notice';

interface Part {
  readonly kind: PartKind;
  /** The part's blocks, a rule that stood right before it included. */
  readonly blocks: Block[];
  /** Index of the part's first block in the pass's input. */
  readonly at: number;
}

/** The box's heading is only its name (`### あわせて読みたい`); a longer heading is a section. */
const NAV_MAX = 15;
const BOOKS_HEADING = /おすすめ書籍/;
const BOOKS_MAX = 30;
/** The call to action's tracked link (`/contact/?utm_source=article&…`). */
const CTA_LINK = /\?[^)\s]*utm_source=/;
const AMAZON = /\]\(https?:\/\/(?:www\.)?amazon\.[^)\s]*\)/;
const NOTICE = /アフィリエイトリンクが含まれ|アソシエイトリンクです/;
const NOTICE_MAX = 200;
/** A blurb under a book heading is a line or two; a longer paragraph is the article's. */
const BLURB_MAX = 200;
/** A line that is a link and nothing else, in a list or not (`- [タイトル](/2026/02/13/…)`). */
// A link cut at a seam (`- [タイトル]`, `- [タイトル](/2026/02/`) is still one.
const LINK_LINE = /^\s{0,3}(?:(?:[-*+]|\d{1,9}[.)])\s+)?\[[^\]\n]*\](?:\([^)\s]*\)?)?\s*$/;
const LIST_MARKER = /^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+/;
/** The call to action's heading is this many blocks at most before its tracked link. */
const CTA_SPAN = 4;
/**
 * What the call to action's heading offers (`## AI導入のご相談を承っています`, `## 業界特化のAI導入支援`,
 * `## AI活用の実践ノウハウを発信中`, `## 技術選定でお困りですか？`): the service, not a topic.
 */
const CTA_HEADING = /ご相談|ご提案|お手伝い|支援|発信中|配信中|お困り/;
const CTA_HEADING_MAX = 30;

/**
 * The blog ends every article with a footer (related articles, a call to action, books, the
 * affiliate notice). The pipeline wrote it at the end of a chunk before the article was finished
 * and appended the continuation after it; a later chunk may bring its own footer, whole or in
 * part. Every footer part is collected wherever it stands, the article's text closes up in its
 * order, and the footer follows it once, its parts in their order: a part written twice is a
 * repeat, and the links of every copy of a related-articles box are gathered under its heading.
 */
export function footerLast(blocks: readonly Block[], ctx: PassContext): Block[] {
  const parts = footerParts(blocks);
  if (parts.length === 0) return [...blocks];
  const inPart = new Set<Block>(parts.flatMap((p) => p.blocks));
  const first = parts[0]!.at;
  let textAfter: Block | undefined;
  for (let i = first; i < blocks.length && textAfter === undefined; i++) {
    const b = blocks[i]!;
    if (!inPart.has(b) && b.kind !== 'hr') textAfter = b;
  }
  const keys = parts.map(partKey);
  /** The notice cut off at a seam (`*※ …含まれます` + `。購入により…`), a later chunk writing it whole. */
  const cutNotice = (k: string) =>
    k.startsWith('notice:') && keys.some((q) => q.length > k.length && q.startsWith(k));
  const repeated = keys.some((k, i) => keys.indexOf(k) !== i || cutNotice(k));
  const navs = parts.filter((p) => p.kind === 'nav');
  const books = parts.filter((p) => p.kind === 'books');
  if (textAfter === undefined && !repeated && navs.length <= 1 && books.length <= 1) return [...blocks];

  const article = blocks.filter((b) => !inPart.has(b));
  // Boxes under one heading are one box; links without a heading join the first box that has
  // both. Boxes under different headings (`### あわせて読みたい` in the article's footer,
  // `## 関連記事` the site appends after the last chunk) stay apart, in their order.
  const boxOf = (p: Part): string => {
    const h = p.blocks.find((b) => b.kind === 'heading');
    if (h) return keyOf(headingContent(h.text));
    const main = navs.find((q) => q.blocks.some((b) => b.kind === 'heading') && q.blocks.some(isLinkBlock));
    return main === undefined ? '' : boxOf(main);
  };
  const footer: Block[] = [];
  /** Where the books section ends in the footer: the notice that goes with them follows it. */
  let booksEnd: number | undefined;
  const seen = new Set<string>();
  const done = new Set<string>();
  let noticeRule: Block | undefined;
  for (const p of parts) {
    if (p.kind === 'nav' || p.kind === 'books') {
      const group = p.kind === 'nav' ? `nav:${boxOf(p)}` : 'books';
      if (done.has(group)) continue;
      done.add(group);
      footer.push(
        ...(p.kind === 'nav'
          ? mergeNav(
              navs.filter((q) => `nav:${boxOf(q)}` === group),
              ctx,
            )
          : mergeBooks(books, ctx)),
      );
      if (p.kind === 'books') booksEnd = footer.length;
      continue;
    }
    const k = partKey(p);
    // The link alone, its heading dropped as a repeat, is a repeat of the whole part that has it.
    const bare = p.kind === 'cta' && p.blocks.every((b) => b.kind !== 'heading');
    const inWhole = bare && parts.some((q) => q !== p && q.kind === 'cta' && partKey(q).includes(k.slice(4)));
    if (seen.has(k) || inWhole) {
      ctx.fixes.push({
        kind: 'footer',
        detail: `removed a footer part written again ${quote(partLabel(p), 120)}`,
        line: p.blocks[0]!.line,
      });
      continue;
    }
    if (cutNotice(k)) {
      ctx.fixes.push({
        kind: 'footer',
        detail: `removed a cut-off copy of the affiliate notice ${quote(partLabel(p), 120)}`,
        line: p.blocks[0]!.line,
      });
      // The rule that set the notice apart stays for the whole copy, which a chunk that started
      // with it wrote without one.
      if (p.blocks[0]?.kind === 'hr') noticeRule = p.blocks[0];
      continue;
    }
    seen.add(k);
    if (p.kind === 'notice' && noticeRule !== undefined && p.blocks[0]?.kind !== 'hr')
      footer.push(noticeRule);
    footer.push(...(p.kind === 'notice' ? p.blocks.map(italicNotice) : p.blocks));
  }
  keepNotice(parts, footer, booksEnd ?? footer.length, ctx);
  if (textAfter !== undefined) {
    ctx.fixes.push({
      kind: 'footer',
      detail: `moved the footer after the article's last text ${quote(textAfter.text.trim(), 60)}: ${quote(
        [...new Set(parts.map(partLabel))].join(' / '),
        120,
      )}`,
      line: parts[0]!.blocks[0]!.line,
    });
  }
  return [...article, ...footer];
}

/** The notice where an echo glued it to the line before (`…を得る [Amazonで詳しく見る →](…) --- *※ …*`). */
const GLUED_NOTICE =
  /(?:^|\s)(?:(-{3,})\s+)?(\*{0,2}※[^\n]*?(?:アフィリエイトリンクが含まれ|アソシエイトリンクです)[^\n]*)$/;

/**
 * The affiliate notice is a duty to publish. When the only whole copy was glued by an echo to a
 * part written again (the books, the notice's own line cut off before the echo), that copy goes
 * with the part; the notice is taken out of it and follows the books.
 */
function keepNotice(parts: readonly Part[], footer: Block[], at: number, ctx: PassContext): void {
  const own = footer.findIndex((b) => b.kind === 'paragraph' && NOTICE.test(b.text));
  // A notice the last chunk before the echo cut off (`*※ …リンクが含まれ`; its part has it without
  // the `*` the footer closed it with) is completed from the copy the echo glued; a whole one stands.
  const cut =
    own !== -1 &&
    parts.some((p) => p.blocks.some((b) => isCutNotice(b.text) && keyOf(b.text) === keyOf(footer[own]!.text)))
      ? footer[own]!
      : undefined;
  if (own !== -1 && cut === undefined) return;
  for (const p of parts) {
    for (const b of p.blocks) {
      if (b.kind !== 'paragraph' || !NOTICE.test(b.text)) continue;
      const m = GLUED_NOTICE.exec(b.text.trimEnd());
      const notice = m?.[2];
      if (notice === undefined || notice.length > NOTICE_MAX) continue;
      if (cut !== undefined) {
        const k = keyOf(cut.text);
        if (!keyOf(notice).startsWith(k) || keyOf(notice) === k) continue;
        footer[own] = italicNotice({ ...cut, text: notice });
        ctx.fixes.push({
          kind: 'footer',
          detail: `completed the affiliate notice cut off ${quote(cut.text.trim(), 80)} from its copy in a footer part written again ${quote(notice, 80)}`,
          line: cut.line,
        });
        return;
      }
      // The rule the echo flattened before it, as the blog sets it apart.
      const add = [italicNotice({ ...b, text: notice, gap: '\n\n' })];
      if (m?.[1] !== undefined && footer[at - 1]?.kind !== 'hr')
        add.unshift({ ...b, kind: 'hr', text: '---', gap: '\n\n' });
      footer.splice(at, 0, ...add);
      ctx.fixes.push({
        kind: 'footer',
        detail: `kept the affiliate notice of a footer part written again ${quote(notice, 80)}`,
        line: b.line,
      });
      return;
    }
  }
}

/**
 * Whether `blocks[i]` is a line of the footer that never ends like a sentence and is whole as it
 * is: the affiliate notice (`*※ 上記リンクはAmazonアソシエイトリンクです*`), a book's linked title or
 * blurb, the call to action's link.
 */
export function isFooterLine(blocks: readonly Block[], i: number): boolean {
  const b = blocks[i]!;
  if (b.kind !== 'paragraph') return isBookHeading(b);
  if (NOTICE.test(b.text) && b.text.trim().length <= NOTICE_MAX) return true;
  if (isBookParagraph(b) || (CTA_LINK.test(b.text) && isCtaLinkOnly(b.text))) return true;
  return i > 0 && isBlurb(b, blocks[i - 1]!);
}

/** The affiliate notice (`*※ 上記リンクはAmazonアソシエイトリンクです*`): a duty to publish, never a cut-off. */
export function isAffiliateNotice(text: string): boolean {
  return NOTICE.test(text) && text.trim().length <= NOTICE_MAX;
}

/**
 * The affiliate notice cut off by the last chunk (`*※ 本ページのリンクにはアフィリエイトリンクが含まれま`):
 * its emphasis opened and never closed, and no sentence ends it. The whole notice always closes
 * its `*`, so this one is a cut-off, not a footer line to keep.
 */
export function isCutNotice(text: string): boolean {
  const t = text.trim();
  return t.startsWith('*') && !t.endsWith('*') && isAffiliateNotice(t) && !endsCleanly(t);
}

/**
 * Where the footer that ends `blocks` starts: its parts with the rules before and between them,
 * or `blocks.length` when `blocks` do not end with one. After `footerLast`, the article is what
 * stands before it.
 */
export function footerStart(blocks: readonly Block[]): number {
  const parts = footerParts(blocks);
  let start = blocks.length;
  for (let k = parts.length - 1; k >= 0; k--) {
    const p = parts[k]!;
    // A box heading with no links under it is no footer: it dangles, and the ending goes.
    if (p.kind === 'nav' && p.blocks.every((b) => b.kind === 'heading' || b.kind === 'hr')) return start;
    for (let i = p.at + p.blocks.length; i < start; i++) if (blocks[i]!.kind !== 'hr') return start;
    start = p.at;
  }
  return start;
}

/** The footer parts of `blocks`, in their order. */
function footerParts(blocks: readonly Block[]): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < blocks.length) {
    const found = partAt(blocks, i, parts.length > 0);
    if (found === undefined) {
      i++;
      continue;
    }
    // The rule right before a part is the template's separator: it goes with the part.
    const hr = i > 0 && blocks[i - 1]!.kind === 'hr' && !parts.some((p) => p.blocks.includes(blocks[i - 1]!));
    const from = hr ? i - 1 : i;
    parts.push({ kind: found.kind, blocks: blocks.slice(from, found.end), at: from });
    i = found.end;
  }
  return parts;
}

/** The footer part that starts at `blocks[i]` and the index after its last block, if one does. */
function partAt(
  blocks: readonly Block[],
  i: number,
  afterFooter: boolean,
): { kind: PartKind; end: number } | undefined {
  const b = blocks[i]!;
  if (b.kind === 'heading') {
    const text = headingContent(b.text);
    if (NAV_HEADING.test(text) && text.length <= NAV_MAX) {
      let end = i + 1;
      // A line that introduces the links (`詳しくは以下の記事を参照していただきたい。`) is the box's.
      const intro = blocks[end];
      if (
        intro?.kind === 'paragraph' &&
        isIntro(intro.text) &&
        blocks[end + 1] &&
        isLinkBlock(blocks[end + 1]!)
      ) {
        end++;
        // Printed right under it, the links read as the list that line introduces.
        blocks[end]!.gap = '\n';
      }
      while (end < blocks.length && isLinkBlock(blocks[end]!)) end++;
      return { kind: 'nav', end };
    }
    if (BOOKS_HEADING.test(text) && text.length <= BOOKS_MAX) {
      let end = i + 1;
      let books = 0;
      for (; end < blocks.length; end++) {
        const n = blocks[end]!;
        if (isBookHeading(n)) books++;
        else if (isBookParagraph(n)) books++;
        else if (!(n.kind === 'paragraph' && isBlurb(n, blocks[end - 1]!))) break;
      }
      return books > 0 ? { kind: 'books', end } : undefined;
    }
    const level = headingLevel(b.text);
    if (level >= 1 && level <= 3 && !isBookHeading(b)) {
      for (let j = i + 1; j < blocks.length && j <= i + CTA_SPAN; j++) {
        const n = blocks[j]!;
        if (n.kind !== 'paragraph') break;
        if (CTA_LINK.test(n.text)) {
          let end = j + 1;
          // `{: .consulting-cta-link}` set off by a blank line is still the link's.
          if (blocks[end]?.kind === 'paragraph' && attributeList(blocks[end]!.text.trim()) !== undefined)
            end++;
          return { kind: 'cta', end };
        }
      }
      // The call to action cut before its link, the last chunk stopped in its text: its heading
      // and a line or two end the post, set off by a rule from the footer part before it. Read
      // as the article going on, it would have the footer moved after it.
      if (
        afterFooter &&
        level === 2 &&
        blocks[i - 1]?.kind === 'hr' &&
        text.length <= CTA_HEADING_MAX &&
        CTA_HEADING.test(text)
      ) {
        let end = i + 1;
        while (end < blocks.length && end <= i + 2 && isCtaText(blocks[end]!)) end++;
        if (end === blocks.length) return { kind: 'cta', end };
      }
    }
    return undefined;
  }
  // Books without their heading, below the footer: a later copy of the list whose heading was
  // dropped as a repeat.
  if (afterFooter && (isBookHeading(b) || isBookParagraph(b))) {
    let end = i + 1;
    while (end < blocks.length) {
      const n = blocks[end]!;
      if (
        !(isBookHeading(n) || isBookParagraph(n) || (n.kind === 'paragraph' && isBlurb(n, blocks[end - 1]!)))
      )
        break;
      end++;
    }
    return { kind: 'books', end };
  }
  // The call to action's link on its own, its heading dropped as a repeat.
  if (b.kind === 'paragraph' && CTA_LINK.test(b.text) && isCtaLinkOnly(b.text))
    return { kind: 'cta', end: i + 1 };
  if (b.kind === 'paragraph' && NOTICE.test(b.text) && b.text.trim().length <= NOTICE_MAX) {
    return { kind: 'notice', end: i + 1 };
  }
  // Links to other posts without their heading, below the footer: the box's links, written
  // again by a later chunk whose heading was dropped as a repeat.
  if (afterFooter && isInternalLinks(b)) {
    let end = i + 1;
    while (end < blocks.length && isInternalLinks(blocks[end]!)) end++;
    return { kind: 'nav', end };
  }
  return undefined;
}

const INTRO_MAX = 80;

/** A line of the call to action's text: short, on one line. */
function isCtaText(b: Block): boolean {
  return b.kind === 'paragraph' && b.text.trim().length <= BLURB_MAX && !b.text.trim().includes('\n');
}

function isIntro(text: string): boolean {
  const t = text.trim();
  return t.length <= INTRO_MAX && !t.includes('\n') && /(以下|下記|こちら)/.test(t);
}

/** A list or paragraph of links only, or the bare titles `relatedTitles` made a list again. */
function isLinkBlock(b: Block): boolean {
  if (b.kind !== 'list' && b.kind !== 'paragraph') return false;
  const lines = b.text.split('\n');
  // `(/2025/09/19/…)`: the target of a link cut after its `]` at a seam.
  if (lines.every((l) => LINK_LINE.test(l) || /^\s*\(\/[^)\s]*\)?\s*$/.test(l))) return true;
  return (
    b.kind === 'list' && lines.every((l) => LIST_MARKER.test(l) && isTitleLine(l.replace(LIST_MARKER, '')))
  );
}

/** `[お問い合わせはこちら](/contact/?utm_source=…)` and perhaps its `{: .consulting-cta-link}`. */
function isCtaLinkOnly(text: string): boolean {
  const lines = text.trim().split('\n');
  // The echo flattens the attribute list onto the link's line (`[…](…) {: .consulting-cta-link}`).
  return (
    lines.length <= 2 &&
    LINK_LINE.test(lines[0]!.replace(/\s*\{:[^{}\n]*\}\s*$/, '')) &&
    (lines.length === 1 || attributeList(lines[1]!.trim()) !== undefined)
  );
}

function isInternalLinks(b: Block): boolean {
  return isLinkBlock(b) && b.text.includes('](/');
}

/**
 * `### [書名](https://www.amazon.co.jp/…)` or a line `**[書名](…)**`: a book in the books section,
 * not a section of its own.
 */
function isBookHeading(b: Block): boolean {
  return (
    b.kind === 'heading' && /^(?:#{1,6}\s*|\*\*)\[[^\]]*\]\(https?:\/\/[^)]*amazon\./.test(b.text.trim())
  );
}

function isBookParagraph(b: Block): boolean {
  return b.kind === 'paragraph' && AMAZON.test(b.text);
}

/** The line or two that describes the book whose heading is right above it. */
function isBlurb(b: Block, prev: Block): boolean {
  return isBookHeading(prev) && b.text.trim().length <= BLURB_MAX && !b.text.includes('\n\n');
}

function partKey(p: Part): string {
  return `${p.kind}:${keyOf(
    p.blocks
      .filter((b) => b.kind !== 'hr')
      .map((b) => b.text)
      .join(''),
  )}`;
}

function partLabel(p: Part): string {
  const head = p.blocks.find((b) => b.kind === 'heading' && !isBookHeading(b));
  if (head) return head.text.trim();
  const first = p.blocks.find((b) => b.kind !== 'hr');
  return first ? first.text.trim().split('\n')[0]! : p.kind;
}

/**
 * One related-articles box: the heading of the first box that has links, the links of every box
 * in their order, each target once. A box left with no link at all goes, heading and all.
 */
function mergeNav(navs: readonly Part[], ctx: PassContext): Block[] {
  if (navs.length === 1) return navs[0]!.blocks;
  const links = (p: Part) => p.blocks.filter(isLinkBlock);
  const main = navs.find((p) => links(p).length > 0 && p.blocks.some((b) => b.kind === 'heading'));
  if (main === undefined) {
    // Nothing but headings, or links with no heading: links stay as they are, headings go.
    const out: Block[] = [];
    for (const p of navs) {
      if (links(p).length > 0) out.push(...p.blocks);
      else reportDropped(p, 'a related-articles heading with no links under it', ctx);
    }
    return out;
  }
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of navs) {
    let added = 0;
    for (const b of links(p)) {
      for (const line of b.text.split('\n')) {
        // A link is the same if its target or its title is: a cut copy has only its title.
        const target = /\]\(([^)\s]+)\)?\s*$/.exec(line)?.[1];
        const title = keyOf(/\[([^\]\n]*)\]/.exec(line)?.[1] ?? line.replace(LIST_MARKER, ''));
        if ((target !== undefined && seen.has(target)) || seen.has(title)) continue;
        if (target !== undefined) seen.add(target);
        seen.add(title);
        lines.push(LIST_MARKER.test(line) ? line : `- ${line.trim()}`);
        added++;
      }
    }
    if (p === main) continue;
    if (added > 0) {
      ctx.fixes.push({
        kind: 'footer',
        detail: `moved ${added} link(s) of another related-articles box under ${quote(headingOf(main))} ${quote(partLabel(p), 80)}`,
        line: p.blocks[0]!.line,
      });
    } else reportDropped(p, 'a related-articles box written again', ctx);
  }
  const listAt = main.blocks.findIndex(isLinkBlock);
  const list = main.blocks[listAt]!;
  const merged: Block = {
    kind: 'list',
    text: lines.join('\n'),
    line: list.line,
    chunk: list.chunk,
    gap: list.gap,
  };
  return [...main.blocks.slice(0, listAt), merged];
}

function headingOf(p: Part): string {
  return p.blocks.find((b) => b.kind === 'heading')?.text.trim() ?? '';
}

function reportDropped(p: Part, what: string, ctx: PassContext): void {
  ctx.fixes.push({
    kind: 'footer',
    detail: `removed ${what} ${quote(partLabel(p), 80)}`,
    line: p.blocks[0]!.line,
  });
}

/**
 * One books section: the first that has its heading, then the books only another copy lists
 * (each book is its Amazon link), in their order.
 */
function mergeBooks(books: readonly Part[], ctx: PassContext): Block[] {
  if (books.length === 1) return books[0]!.blocks;
  const main =
    books.find((p) => p.blocks.some((b) => b.kind === 'heading' && !isBookHeading(b))) ?? books[0]!;
  const seen = new Set<string>();
  const urlOf = (b: Block) => /\]\((https?:\/\/[^)\s]*amazon\.[^)\s]*)\)/.exec(b.text)?.[1];
  for (const b of main.blocks) {
    const u = urlOf(b);
    if (u !== undefined) seen.add(u);
  }
  const out = [...main.blocks];
  for (const p of books) {
    if (p === main) continue;
    // Entries: a book's heading or linked paragraph, with the blurb and link under it.
    const entries: Block[][] = [];
    for (const b of p.blocks) {
      const open = entries.at(-1);
      // `[Amazonで詳しく見る →](…)` under a book's heading is that book's; a linked paragraph
      // after another one (`**[書名](…)**`) is the next book.
      const underHeading = open !== undefined && isBookHeading(open[0]!);
      if (isBookHeading(b) || (isBookParagraph(b) && !underHeading)) entries.push([b]);
      else if (open !== undefined && b.kind !== 'hr') open.push(b);
    }
    let added = 0;
    for (const e of entries) {
      const u = urlOf(e[0]!);
      if (u === undefined || seen.has(u)) continue;
      seen.add(u);
      // Copied without blank lines (`### [書名]…` right under the last line), they get the
      // spacing of the section they join.
      for (const b of e) b.gap = '\n\n';
      out.push(...e);
      added++;
    }
    ctx.fixes.push({
      kind: 'footer',
      detail:
        added > 0
          ? `moved ${added} book(s) of another copy of the books section under ${quote(partLabel(main), 60)}`
          : `removed a copy of the recommended books written again ${quote(partLabel(p), 80)}`,
      line: p.blocks[0]!.line,
    });
  }
  return out;
}

/**
 * The notice in its one emphasis (`*※ …*`): glued to a copy of itself in an echo, it took the
 * copy's opening `*` as its own closing (`…いただけます。**`).
 */
function italicNotice(b: Block): Block {
  const t = b.text.trim();
  if (b.kind !== 'paragraph' || !/^\*+[^*]/.test(t) || /^\*[^*](?:[^*]*[^*])?\*$/.test(t)) return b;
  return { ...b, text: `*${t.replace(/^\*+|\*+$/g, '')}*` };
}
