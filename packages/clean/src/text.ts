import { isCompleteSentence } from '@kiji/ja';

const KEY_STRIP = /[\s\u3000*`_~#>|]+/g;

/**
 * The identity of a sentence, heading or item for repeat detection: whitespace and inline
 * markup removed, so the flattened echo (spaces instead of breaks) and the bold/plain variants of
 * one sentence meet on the same key.
 */
export function keyOf(text: string): string {
  return text.replace(KEY_STRIP, '').replace(/^[…‥.]+/, '');
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
