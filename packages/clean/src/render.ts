import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import cjkFriendly from 'markdown-it-cjk-friendly';

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

/** markdown-it with raw HTML escaped (`html: false`): a body can never inject markup. */
export function createRenderer(): (markdown: string) => Rendered {
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
  return (markdown) => {
    const tokens = md.parse(markdown, {});
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
    if (t.type === 'heading_open') inHeading = true;
    else if (t.type === 'heading_close') inHeading = false;
    else if (t.type.endsWith('_open') && t.type !== 'paragraph_open') depth++;
    else if (t.type.endsWith('_close') && t.type !== 'paragraph_close') depth--;
    if (t.type === 'inline') {
      const s = inlineText(t);
      parts.push(s);
      if (leadOpen && !inHeading && depth === 0 && s.trim() !== '') lead += s.replace(/\s*\n\s*/g, '');
      else if (leadOpen && lead !== '' && (depth > 0 || inHeading)) leadOpen = lead.length < 40;
    } else if (t.type === 'fence' || t.type === 'code_block') {
      parts.push(t.content.replace(/\n$/, ''));
    }
    if (lead.length > 600) leadOpen = false;
  }
  return { text: parts.join('\n\n'), lead };
}
