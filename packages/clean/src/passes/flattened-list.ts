import { quote } from '../text.js';
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
  for (const chunk of chunks) {
    for (const b of chunk) {
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
