import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import cjkFriendly from 'markdown-it-cjk-friendly';
import sanitizeHtml from 'sanitize-html';

export interface Rendered {
  readonly html: string;
  /** Plain text of the body: blocks separated by blank lines. */
  readonly text: string;
  /** Plain text of the leading paragraphs only (no headings, lists or tables), for the excerpt. */
  readonly lead: string;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
    code: ['class'],
  },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
};

/** markdown-it with raw HTML escaped (`html: false`): a body can never inject markup. */
export function createRenderer(): (markdown: string) => Rendered {
  // CommonMark will not close `**` between a bracket and a kana (`**AGI（汎用）**への`), which
  // Japanese text does all the time; the CJK-friendly rule lets that bold render as bold.
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false }).use(cjkFriendly);
  return (markdown) => {
    const tokens = md.parse(markdown, {});
    const html = sanitizeHtml(md.renderer.render(tokens, md.options, {}), SANITIZE);
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
