import { isCompleteSentence } from '@kiji/ja';

/** Whitespace and inline-markup characters that do not make two sentences different. */
function ignorable(c: number): boolean {
  return (
    c <= 32 ||
    c === 42 || // *
    c === 96 || // `
    c === 95 || // _
    c === 126 || // ~
    c === 35 || // #
    c === 62 || // >
    c === 124 || // |
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029
  );
}

const memo = new Map<string, string>();

/**
 * The identity of a sentence, heading or item for repeat detection: whitespace and inline
 * markup removed, so the flattened echo (spaces instead of breaks) and the bold/plain variants of
 * one sentence meet on the same key. A hand loop with a bounded memo: the passes ask for the
 * same sentences' keys many times, and this is the hottest function of the package.
 */
export function keyOf(text: string): string {
  if (text.length < 200) {
    const hit = memo.get(text);
    if (hit !== undefined) return hit;
  }
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (ignorable(text.charCodeAt(i))) {
      if (i > start) out += text.slice(start, i);
      start = i + 1;
    }
  }
  out = start === 0 ? text : out + text.slice(start);
  let lead = 0;
  while (lead < out.length && (out[lead] === '…' || out[lead] === '‥' || out[lead] === '.')) lead++;
  if (lead > 0) out = out.slice(lead);
  if (text.length < 200) {
    if (memo.size > 20_000) memo.clear();
    memo.set(text, out);
  }
  return out;
}

/** Characters of text that are not whitespace. */
export function visibleLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c <= 32 || c === 0x3000 || c === 0xa0)) n++;
  }
  return n;
}

/** Strip a list marker (`- `, `1. `) from an item's first line. */
export function stripListMarker(item: string): string {
  return item.replace(/^\s{0,3}([-*+]|\d{1,9}[.)])\s+/, '');
}

const SOFT_END = /[：:…]\s*(\*\*)?\s*$/;

/**
 * Whether a paragraph may stop here: a complete sentence, or a lead-in to what follows
 * (`以下の通りです：`). Used at generation seams, where anything else was cut off.
 */
export function endsCleanly(text: string): boolean {
  const t = text.trimEnd();
  if (t === '') return true;
  if (countBold(t) % 2 === 1) return false;
  const plain = t.replace(/[*_]+$/, '').trimEnd();
  return isCompleteSentence(plain) || SOFT_END.test(t) || (/\)$/.test(plain) && /\]\(/.test(plain));
}

export function countBold(text: string): number {
  let n = 0;
  let i = text.indexOf('**');
  while (i !== -1) {
    n++;
    i = text.indexOf('**', i + 2);
  }
  return n;
}

/** Shorten a quote for a fix detail, keeping both ends readable. */
export function quote(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return `「${t}」`;
  const half = Math.floor((max - 1) / 2);
  return `「${t.slice(0, half)}…${t.slice(-half)}」`;
}
