import type { Block } from '../blocks.js';
import { keyOf, quote } from '../text.js';
import type { Chunks, PassContext } from './context.js';

/** An item marker with a bold label, right after a sentence: where a flattened item starts. */
const FLATTENED_ITEM = /(?<=[。！？])[ \t\u3000]+(?=(?:\d{1,2}[.)]|[-*+])[ \t]+\*\*)/g;
/** The same without the lookbehind, to pass over the common list with one test. */
const HAS_FLATTENED_ITEM = /[。！？][ \t\u3000]+(?:\d{1,2}[.)]|[-*+])[ \t]+\*\*/;
/** An item whose text is only another item (`2.  3. **見出し:** 本文`): the outer marker is empty. */
const EMPTY_OUTER = /^(\s{0,3})(?:\d{1,9}[.)]|[-*+])\s+(?=(?:\d{1,9}[.)]|[-*+])\s+\*\*)/;

/**
 * The flattened echo joins a list's items onto one line (`3. **ヘルスケア:** 本文。 4. **アシスタント:**
 * 本文。`), sometimes behind the bare marker of an item it never wrote (`2.  3. **…`), and that line
 * lands in a list of the article. Read as one item it repeats two items in other words and the
 * merge cannot see it. Put each item back on its own line, so each is matched on its own.
 * Only inside lists and only at a sentence end followed by a marker and a bold label: prose that
 * mentions `1. **` stays.
 */
export function splitFlattenedLists(chunks: Chunks, ctx: PassContext): void {
  let keys: string[] | undefined;
  /** The keys of the post's list item lines, read once and only when a paragraph may hold one. */
  const itemKeys = (): readonly string[] =>
    (keys ??= chunks.flatMap((c) =>
      c.flatMap((b) => (b.kind === 'list' ? b.text.split('\n').map((line) => keyOf(line)) : [])),
    ));
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      if (splitTrailingItem(chunk, i, itemKeys, ctx)) i++;
      const b = chunk[i]!;
      if (b.kind !== 'list' || !b.text.includes('**') || !HAS_FLATTENED_ITEM.test(b.text)) continue;
      let changed = false;
      const lines = b.text.split('\n').flatMap((line) => {
        const parts = line.split(FLATTENED_ITEM);
        if (parts.length === 1) return [line];
        // Only on a run that was flattened: a lone `3. 4. **…` may be what the merge printed.
        const first = parts[0]!.replace(EMPTY_OUTER, '$1');
        changed = true;
        const indent = /^\s*/.exec(first)![0];
        return [first, ...parts.slice(1).map((p) => `${indent}${p.trim()}`)];
      });
      if (!changed) continue;
      ctx.fixes.push({
        kind: 'flattened-list',
        detail: `put flattened list items back on their own lines ${quote(b.text, 80)}`,
        line: b.line,
      });
      b.text = lines.join('\n');
    }
  }
}

/**
 * The echo flattens the article onto one line, and where it goes on as the article's list it
 * breaks lines again: the list's first item stays at the end of the prose (`…提供しています。 *   **Qualcomm:**
 * 本文。` + `*   **Appleの`). Read as prose, that item is new sentences of the paragraph, and the list
 * written again later lands around them out of order. It goes back into its list. Only on a
 * paragraph's last line right before a list: elsewhere (an echo cut after prose, its line glued to
 * `---END---`) the prose after a flattened list, which nothing sets apart, would be taken for an item.
 */
function splitTrailingItem(
  chunk: Block[],
  i: number,
  itemKeys: () => readonly string[],
  ctx: PassContext,
): boolean {
  const b = chunk[i]!;
  const next = chunk[i + 1];
  if (b.kind !== 'paragraph' || !b.text.includes('**')) return false;
  if (next?.kind !== 'list' || next.gap !== '\n') return false;
  // The last item only: the prose after an item further back, which nothing sets apart, would be
  // taken for part of it (`…か。 これらの要素を…。 技術者の皆さん、…` between two items).
  const start = b.text.lastIndexOf('\n') + 1;
  let at = -1;
  for (const m of b.text.slice(start).matchAll(FLATTENED_ITEM)) at = start + m.index;
  if (at === -1) return false;
  const prose = b.text.slice(0, at).trimEnd();
  const item = b.text.slice(at).trim();
  // Nor where prose, or another item without a stop, may run on after it (`…投資しているか。 これらの
  // 要素を…。`, `= 9,000万円 - **導入コスト**: …`): a list of the post must have the item as a line of
  // its own, whole or going on past the echo's cut.
  const key = keyOf(item);
  if (!itemKeys().some((k) => k.startsWith(key))) return false;
  // Set apart as the article sets its lists, not as the echo broke its line.
  const list: Block = {
    kind: 'list',
    text: `${item}\n${next.text}`,
    line: b.line,
    chunk: b.chunk,
    gap: '\n\n',
  };
  b.text = prose;
  chunk.splice(i + 1, 1, list);
  ctx.fixes.push({
    kind: 'flattened-list',
    detail: `put a list item flattened into the end of a paragraph back into its list ${quote(item, 60)}`,
    line: b.line,
  });
  return true;
}
