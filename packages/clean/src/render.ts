import MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { attributeList } from './text.js';

export interface Rendered {
  readonly html: string;
  /** Plain text of the body: blocks separated by blank lines. */
  readonly text: string;
  /** Plain text of the leading paragraphs only (no headings, lists or tables), for the excerpt. */
  readonly lead: string;
}

/** URLs with a scheme must be one of these; anything else (`javascript:`, `data:`) is not linked. */
const SAFE_SCHEME = /^(https?|mailto):/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The markdown-it the renderer uses, with raw HTML escaped (`html: false`): a body can never
 * inject markup. Two of its rules are swapped for faster ones that do the same (see below), so
 * `src` must go through `normalize` first.
 */
export function createMarkdown(): MarkdownIt {
  // CommonMark will not close `**` between a bracket and a kana (`**AGI（汎用）**への`), which
  // Japanese text does all the time; the CJK-friendly rule lets that bold render as bold.
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false }).use(cjkFriendly);
  // The sanitiser is an allow-list by construction: with `html: false` every tag in the output
  // is one markdown-it writes itself, so what is left to police is URLs. Links and images keep
  // relative URLs and http(s)/mailto only.
  md.validateLink = (url: string) => {
    const u = url.trim();
    return !HAS_SCHEME.test(u) || SAFE_SCHEME.test(u);
  };
  md.core.ruler.disable('normalize');
  md.inline.ruler.at('text', textRule);
  md.core.ruler.after('inline', 'kramdown_attributes', kramdownAttributes);
  return md;
}

const CLASS_NAME = /^\.([A-Za-z][\w-]*)$/;

/** How many spaces and tabs open `text`: every paragraph's last text is asked, without a copy. */
function leadingBlanks(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return i;
}

/**
 * The blog is Jekyll's, whose kramdown reads `{: .class}` under a paragraph as that paragraph's
 * attributes (the footer's call to action). markdown-it would print it as text; here it becomes
 * the paragraph's class (class names only: ids and other attributes are dropped), and a line of
 * it alone disappears. Right after a link on the same line it is the link's class.
 */
function kramdownAttributes(state: { tokens: Token[] }): void {
  const tokens = state.tokens;
  for (let i = tokens.length - 2; i > 0; i--) {
    const inline = tokens[i];
    const open = tokens[i - 1];
    if (inline?.type !== 'inline' || open?.type !== 'paragraph_open') continue;
    const children = inline.children ?? [];
    const last = children[children.length - 1];
    if (last?.type !== 'text' || !last.content.startsWith('{:', leadingBlanks(last.content))) continue;
    const attributes = attributeList(last.content.trim());
    if (attributes === undefined) continue;
    const before = children[children.length - 2];
    // After a link on its line (`[お問い合わせ](…) {: .consulting-cta-link}`) it is the link's.
    if (before?.type === 'link_close') {
      let j = children.length - 3;
      while (j >= 0 && children[j]!.type !== 'link_open') j--;
      const link = children[j];
      if (link === undefined) continue;
      children.pop();
      for (const part of attributes.trim().split(/\s+/)) {
        const c = CLASS_NAME.exec(part);
        if (c) link.attrJoin('class', c[1]!);
      }
      continue;
    }
    if (!last.content.startsWith('{:')) continue;
    if (before === undefined) {
      tokens.splice(i - 1, 3);
      continue;
    }
    if (before.type !== 'softbreak' && before.type !== 'hardbreak') continue;
    children.splice(children.length - 2, 2);
    for (const part of attributes.trim().split(/\s+/)) {
      const c = CLASS_NAME.exec(part);
      if (c) open.attrJoin('class', c[1]!);
    }
  }
}

/**
 * markdown-it's `normalize` rule, done only where it changes something: the rule replaces every
 * line break with itself, which copies the whole body (a tenth of the rendering time).
 */
export function normalize(src: string): string {
  if (!src.includes('\r') && !src.includes('\0')) return src;
  return src.replace(/\r\n?|\n/g, '\n').replace(/\0/g, '\uFFFD');
}

/** What markdown-it's `text` rule passes over: anything but these (its `isTerminatorChar`). */
const PLAIN = /[^\n!#$%&*+\-:<=>@[\\\]^_`{}~]+/y;

/**
 * markdown-it's `text` rule (take the run of characters no other rule starts on) with a regex
 * in place of its loop over the characters, which costs more in a long Japanese paragraph.
 */
export function textRule(state: StateInline, silent: boolean): boolean {
  const pos = state.pos;
  PLAIN.lastIndex = pos;
  if (!PLAIN.test(state.src)) return false;
  // Inside a link's label the inline parser stops at `posMax`, short of the end of `src`.
  const end = Math.min(PLAIN.lastIndex, state.posMax);
  if (end <= pos) return false;
  if (!silent) state.pending += state.src.slice(pos, end);
  state.pos = end;
  return true;
}

/** Markdown to sanitised HTML, plain text and lead, with one markdown-it for every post. */
export function createRenderer(): (markdown: string) => Rendered {
  const md = createMarkdown();
  return (markdown) => {
    const tokens = md.parse(normalize(markdown), {});
    const html = md.renderer.render(tokens, md.options, {});
    const { text, lead } = plainText(tokens);
    return { html, text, lead };
  };
}

function inlineText(t: Token): string {
  let s = '';
  for (const c of t.children ?? []) {
    if (c.type === 'text' || c.type === 'code_inline') s += c.content;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') s += '\n';
    else if (c.type === 'image') s += c.content;
  }
  return s;
}

function plainText(tokens: readonly Token[]): { text: string; lead: string } {
  const parts: string[] = [];
  let lead = '';
  let leadOpen = true;
  let depth = 0;
  let inHeading = false;
  for (const t of tokens) {
    const type = t.type;
    // An `_open` token opens a level (`nesting` 1) and a `_close` one closes it (-1); the
    // number says so without a look at the type's name.
    if (t.nesting !== 0) {
      if (type === 'heading_open') inHeading = true;
      else if (type === 'heading_close') inHeading = false;
      else if (type !== 'paragraph_open' && type !== 'paragraph_close') depth += t.nesting;
    } else if (type === 'inline') {
      const s = inlineText(t);
      parts.push(s);
      if (leadOpen && !inHeading && depth === 0 && s.trim() !== '') lead += joinLines(s);
      else if (leadOpen && lead !== '' && (depth > 0 || inHeading)) leadOpen = lead.length < 40;
    } else if (type === 'fence' || type === 'code_block') {
      parts.push(t.content.replace(/\n$/, ''));
    }
    if (lead.length > 600) leadOpen = false;
  }
  return { text: parts.join('\n\n'), lead };
}

/**
 * A paragraph's lines run together (the whitespace around each break taken out); the scan by `\s`
 * runs only when there is a break, which most paragraphs of the lead do not have.
 */
function joinLines(s: string): string {
  return s.includes('\n') ? s.replace(/\s*\n\s*/g, '') : s;
}
