import { splitSentences } from '@kiji/ja';
import { isWhite, keyOf } from './text.js';

interface Entry {
  readonly text: string;
  readonly pieces: readonly string[];
  keys: readonly string[] | undefined;
  ids: readonly number[] | undefined;
}

/**
 * The sentences of the texts seen while cleaning one post, their keys and key numbers, each
 * computed once: chunk-join, dedupe and the check round all read the same paragraphs. Entries are
 * found by length, then compared: a Map keyed on the text hashed every fresh copy of a long
 * paragraph, which cost about as much as splitting it. Keys are numbered once per post, so the
 * passes index arrays by key instead of hashing each sentence's key again in every structure.
 */
export interface SentenceCache {
  /** `splitSentences(text)`. */
  split(text: string): readonly string[];
  /** `split(text).map(keyOf)`. */
  keys(text: string): readonly string[];
  /** `keys(text).map(idOf)`. */
  ids(text: string): readonly number[];
  /** The number of a key: equal keys, equal numbers, for the post being cleaned. */
  idOf(key: string): number;
  clear(): void;
}

export function createSentenceCache(): SentenceCache {
  const byLength = new Map<number, Entry[]>();
  const numbers = new Map<string, number>();
  const entry = (text: string): Entry => {
    let same = byLength.get(text.length);
    if (same === undefined) {
      same = [];
      byLength.set(text.length, same);
    }
    for (const e of same) if (e.text === text) return e;
    const e: Entry = {
      text,
      pieces: splitAttributions(splitSentences(text)),
      keys: undefined,
      ids: undefined,
    };
    same.push(e);
    return e;
  };
  const idOf = (key: string): number => {
    let id = numbers.get(key);
    if (id === undefined) {
      id = numbers.size;
      numbers.set(key, id);
    }
    return id;
  };
  const keys = (text: string): readonly string[] => {
    const e = entry(text);
    e.keys ??= e.pieces.map(keyOf);
    return e.keys;
  };
  return {
    split: (text) => entry(text).pieces,
    keys,
    ids: (text) => {
      const e = entry(text);
      e.ids ??= keys(text).map(idOf);
      return e.ids;
    },
    idOf,
    clear: () => {
      byLength.clear();
      numbers.clear();
    },
  };
}

/**
 * A flattened echo runs the line that says who was quoted onto the next sentence (`」（A社 担当者）
 * A社では…`): the splitter keeps `（…） A社では…` as one piece, since `）` ends no sentence. The
 * space after the brackets is where the line broke; the piece is cut there, so that the
 * attribution is known as the repeat it is.
 */
function splitAttributions(pieces: string[]): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    const cut = attributionEnd(p);
    if (cut === -1) {
      out?.push(p);
      continue;
    }
    out ??= pieces.slice(0, i);
    out.push(p.slice(0, cut), p.slice(cut));
  }
  return out ?? pieces;
}

/** Where the text after a leading `（…）` and the space after it starts, or -1. */
function attributionEnd(p: string): number {
  let i = 0;
  while (i < p.length && isWhite(p.charCodeAt(i))) i++;
  const open = p.charAt(i);
  if (open !== '（' && open !== '(') return -1;
  const close = p.indexOf(open === '（' ? '）' : ')', i + 1);
  if (close === -1 || close - i > 40) return -1;
  const inner = p.slice(i + 1, close);
  if (inner.includes('（') || inner.includes('(') || inner.includes('。')) return -1;
  let j = close + 1;
  if (j >= p.length || !isWhite(p.charCodeAt(j))) return -1;
  while (j < p.length && isWhite(p.charCodeAt(j))) j++;
  return j < p.length ? j : -1;
}
