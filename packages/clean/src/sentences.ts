import { splitSentences } from '@kiji/ja';
import { keyOf } from './text.js';

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
    const e: Entry = { text, pieces: splitSentences(text), keys: undefined, ids: undefined };
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
