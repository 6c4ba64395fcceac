import { splitSentences } from '@kiji/ja';
import { keyOf } from './text.js';

interface Entry {
  readonly text: string;
  readonly pieces: readonly string[];
  keys: readonly string[] | undefined;
}

/**
 * The sentences of the texts seen while cleaning one post, and their keys, each computed once:
 * chunk-join, dedupe and the check round all read the same paragraphs. Entries are found by
 * length, then compared: a Map keyed on the text hashed every fresh copy of a long paragraph,
 * which cost about as much as splitting it.
 */
export interface SentenceCache {
  /** `splitSentences(text)`. */
  split(text: string): readonly string[];
  /** `split(text).map(keyOf)`. */
  keys(text: string): readonly string[];
  clear(): void;
}

export function createSentenceCache(): SentenceCache {
  const byLength = new Map<number, Entry[]>();
  const entry = (text: string): Entry => {
    let same = byLength.get(text.length);
    if (same === undefined) {
      same = [];
      byLength.set(text.length, same);
    }
    for (const e of same) if (e.text === text) return e;
    const e: Entry = { text, pieces: splitSentences(text), keys: undefined };
    same.push(e);
    return e;
  };
  return {
    split: (text) => entry(text).pieces,
    keys: (text) => {
      const e = entry(text);
      e.keys ??= e.pieces.map(keyOf);
      return e.keys;
    },
    clear: () => byLength.clear(),
  };
}
