import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { describe, expect, test } from 'vitest';
import { corpusFiles } from '../test/corpus.js';
import { seeded } from '../test/seeded.js';
import { createMarkdown, createRenderer, normalize, type Rendered, textRule } from './render.js';

/** markdown-it as configured, with its own `normalize` and `text` rules. */
function reference(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false }).use(cjkFriendly);
  md.validateLink = createMarkdown().validateLink;
  return md;
}

/** The renderer as first written: stock rules, and block levels told by the tokens' names. */
function referenceRenderer(): (markdown: string) => Rendered {
  const md = reference();
  const inlineText = (t: Token): string => {
    let s = '';
    for (const c of t.children ?? []) {
      if (c.type === 'text' || c.type === 'code_inline') s += c.content;
      else if (c.type === 'softbreak' || c.type === 'hardbreak') s += '\n';
      else if (c.type === 'image') s += c.content;
    }
    return s;
  };
  return (markdown) => {
    const tokens = md.parse(markdown, {});
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
    return { html: md.renderer.render(tokens, md.options, {}), text: parts.join('\n\n'), lead };
  };
}

/** Every character markdown-it's `text` rule stops on, and what sits between them. */
const PIECES = [
  ...'\n!#$%&*+-:<=>@[\\]^_`{}~"\'(),./;?|',
  '本文です。',
  'テキスト',
  '「引用」',
  '（注）',
  'abc',
  ' ',
  '\u3000',
  '\n\n',
  '\r',
  '\r\n',
  '\0',
  '**',
  '## ',
  '- ',
  '1. ',
  '> ',
  '---',
  '```',
  '](https://example.com/a_b)',
  '![図',
  '[リンク',
  '😀',
  '\ud800',
];

describe('createMarkdown and createRenderer', () => {
  const fast = createMarkdown();
  const slow = reference();
  const render = createRenderer();
  const renderReference = referenceRenderer();
  const same = (src: string) => {
    const tokens = JSON.stringify(fast.parse(normalize(src), {}));
    expect([src, tokens]).toEqual([src, JSON.stringify(slow.parse(src, {}))]);
    expect([src, render(src)]).toEqual([src, renderReference(src)]);
  };

  test('parse and render generated Markdown as stock markdown-it does', () => {
    const next = seeded(17);
    for (let n = 0; n < 5000; n++) {
      let src = '';
      // The high bits: the generator's low bits repeat every few draws.
      const length = (next() >> 12) % 40;
      for (let i = 0; i < length; i++) src += PIECES[(next() >> 12) % PIECES.length];
      same(src);
    }
  });

  test('parse and render the corpus as stock markdown-it does', () => {
    for (const file of corpusFiles().slice(0, 300)) same(readFileSync(file, 'utf8'));
  });
});

/** markdown-it's `text` rule as it is written there: a loop over its terminator characters. */
function textReference(state: { src: string; pos: number; posMax: number; pending: string }): boolean {
  const stops = new Set([...'\n!#$%&*+-:<=>@[\\]^_`{}~'].map((c) => c.charCodeAt(0)));
  let pos = state.pos;
  while (pos < state.posMax && !stops.has(state.src.charCodeAt(pos))) pos++;
  if (pos === state.pos) return false;
  state.pending += state.src.slice(state.pos, pos);
  state.pos = pos;
  return true;
}

describe('textRule', () => {
  test('takes the run markdown-it takes, wherever the parser stops (`posMax`)', () => {
    const md = createMarkdown();
    const next = seeded(19);
    for (let n = 0; n < 20000; n++) {
      let src = '';
      const length = (next() >> 12) % 12;
      for (let i = 0; i < length; i++) src += PIECES[(next() >> 12) % PIECES.length];
      const pos = (next() >> 12) % (src.length + 1);
      const posMax = pos + ((next() >> 12) % (src.length - pos + 1));
      const state = new md.inline.State(src, md, {}, []);
      state.pos = pos;
      state.posMax = posMax;
      const expected = { src, pos, posMax, pending: '' };
      const taken = textReference(expected);
      expect([src, pos, posMax, textRule(state, false), state.pos, state.pending]).toEqual([
        src,
        pos,
        posMax,
        taken,
        expected.pos,
        expected.pending,
      ]);
    }
  });
});
