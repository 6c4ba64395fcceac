import type { Block } from '../blocks.js';
import type { SentenceCache } from '../sentences.js';
import type { Fix } from '../types.js';

/** What the passes share for one post: the fix log, flags for the gate, and a sentence cache. */
export interface PassContext {
  readonly fixes: Fix[];
  /** Keys (see `keyOf`) of the title in all its known forms: echoes of it are never content. */
  readonly titleKeys: Set<string>;
  /** Refusal/error text found where the article should start. */
  refusalAtStart: string | undefined;
  refusalChars: number;
  junkChars: number;
  conflictLines: number[];
  /** `splitSentences`, cached for the post. */
  readonly split: (text: string) => readonly string[];
  /** `keyOf` of each of `split(text)`, cached for the post. */
  readonly keys: (text: string) => readonly string[];
  /** The number of each of `keys(text)` (see `idOf`). */
  readonly ids: (text: string) => readonly number[];
  /** A number per key for the post: arrays indexed by it replace maps keyed on the text. */
  readonly idOf: (key: string) => number;
  /**
   * The key of a chunk's opening sentence that went on with a sentence cut at the seam before it
   * → the key of the joined sentence. The pipeline may append the same continuation after later
   * seams too; those copies are repeats of the joined sentence.
   */
  readonly continuations: Map<string, string>;
  /** The lines the chunks after the first open on as written, before any seam is sewn. */
  readonly chunkStarts: Set<number>;
}

export type Chunks = Block[][];

/** The text of every block of every chunk, a line apart: for the rare check that looks a word up in the post. */
export function chunksText(chunks: Chunks): string {
  return chunks.map((c) => c.map((b) => b.text).join('\n')).join('\n');
}

/** A fresh context for one post: no fixes yet, flags clear, sentences from the post's cache. */
export function createPassContext(
  fixes: Fix[],
  sentences: SentenceCache,
  titleKeys = new Set<string>(),
): PassContext {
  return {
    fixes,
    titleKeys,
    refusalAtStart: undefined,
    refusalChars: 0,
    junkChars: 0,
    conflictLines: [],
    split: sentences.split,
    keys: sentences.keys,
    ids: sentences.ids,
    idOf: sentences.idOf,
    continuations: new Map(),
    chunkStarts: new Set(),
  };
}
