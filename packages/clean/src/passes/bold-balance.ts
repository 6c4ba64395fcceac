import type { Block } from '../blocks.js';
import { quote } from '../text.js';
import type { PassContext } from './context.js';

/**
 * A `**` left without its pair where a seam or a merge cut a bold span (`**「患者さんのためのAI」が…`
 * with its closing in a removed copy, `…冒険になるのではないでしょうか。**`, `アニメ**ーション`)
 * prints as two stars in the article. In a paragraph or a list item with an odd number of them,
 * the one whose removal leaves bold spans that stay inside a sentence goes; reported.
 */
export function balanceBold(blocks: Block[], ctx: PassContext): Block[] {
  let stars = false;
  for (const b of blocks) {
    if (b.kind !== 'paragraph' && b.kind !== 'list') continue;
    if (!b.text.includes('**')) continue;
    // Stars alone, the words between them gone with a repeat (`**`): nothing to print.
    if (b.kind === 'paragraph' && STARS_ONLY.test(b.text)) {
      ctx.fixes.push({
        kind: 'unbalanced-bold',
        detail: `removed a paragraph of \`${b.text.trim()}\` alone`,
        line: b.line,
      });
      b.text = '';
      stars = true;
      continue;
    }
    const lines = b.kind === 'list' ? b.text.split('\n') : [b.text];
    let changed = false;
    for (let i = 0; i < lines.length; i++) {
      // An empty pair (`…でしょう。****`, two copies' markers met at a seam) prints as four stars
      // and holds nothing: it goes before the count is read.
      if (EMPTY_BOLD.test(lines[i]!)) {
        ctx.fixes.push({
          kind: 'unbalanced-bold',
          detail: `removed an empty \`****\` in ${quote(lines[i]!.trim(), 60)}`,
          line: b.line,
        });
        lines[i] = lines[i]!.replace(EMPTY_BOLD_ALL, '');
        changed = true;
      }
      // A pair with a space inside a marker (`と** clarifying questions （明確化の質問）**を`) is no
      // pair to Markdown: both print as stars. The model meant the bold.
      const tight = withoutPaddedBold(lines[i]!);
      if (tight !== undefined) {
        ctx.fixes.push({
          kind: 'unbalanced-bold',
          detail: `removed the spaces inside \`**\` in ${quote(lines[i]!.trim(), 60)}`,
          line: b.line,
        });
        lines[i] = tight;
        changed = true;
      }
      const fixed = withoutStrayBold(lines[i]!);
      if (fixed === undefined) continue;
      // Prose cut off (`**未来への招待：共に因果`, `まず、**基盤モデル`) is left to the passes that
      // drop cut-offs: only whole sentences lose a stray `**`.
      if (b.kind === 'paragraph' && !SENTENCE_END.test(lines[i]!.replace(/[*\s]+$/, '').slice(-8))) continue;
      ctx.fixes.push({
        kind: 'unbalanced-bold',
        detail: `removed a \`**\` without its pair in ${quote(lines[i]!.trim(), 60)}`,
        line: b.line,
      });
      lines[i] = fixed;
      changed = true;
    }
    if (changed) b.text = lines.join('\n');
  }
  return stars ? blocks.filter((b) => b.kind !== 'paragraph' || b.text !== '') : blocks;
}

const STARS_ONLY = /^\s*\*+\s*$/;

const SENTENCE_END = /[。！？!?][」』）)]*$/;

/** Four stars that no other star touches: a bold pair with nothing inside. */
const EMPTY_BOLD = /(?<!\*)\*\*\*\*(?!\*)/;
const EMPTY_BOLD_ALL = new RegExp(EMPTY_BOLD.source, 'g');

/**
 * `text` with the spaces just inside its bold markers removed (`** 語 **` → `**語**`), or undefined
 * when no pair has them. Only where every `**` has its pair in order and each pair holds a phrase
 * (no star, no line break, something besides spaces), and not in a line with code.
 */
export function withoutPaddedBold(text: string): string | undefined {
  if (!text.includes('** ') && !text.includes(' **')) return undefined;
  if (text.includes('`') || /\*{3}/.test(text)) return undefined;
  const parts = text.split('**');
  // An even number of markers: parts alternate outside / inside, starting and ending outside.
  if (parts.length < 3 || parts.length % 2 === 0) return undefined;
  let padded = false;
  for (let k = 1; k < parts.length; k += 2) {
    const inside = parts[k]!;
    if (inside.trim() === '' || inside.includes('*')) return undefined;
    if (inside !== inside.trim()) {
      parts[k] = inside.trim();
      padded = true;
    }
  }
  return padded ? parts.join('**') : undefined;
}

/** `text` without its one unpaired `**`, or undefined when every `**` has its pair. */
export function withoutStrayBold(text: string): string | undefined {
  const at: number[] = [];
  for (let i = text.indexOf('**'); i !== -1; i = text.indexOf('**', i + 2)) at.push(i);
  if (at.length % 2 === 0) return undefined;
  let best: string | undefined;
  let bestCost = Number.POSITIVE_INFINITY;
  // The last one first: a span cut at its end is the common case, and wins a tie.
  for (let k = at.length - 1; k >= 0; k--) {
    const candidate = text.slice(0, at[k]) + text.slice(at[k]! + 2);
    const cost = crossings(candidate);
    if (cost < bestCost) {
      best = candidate;
      bestCost = cost;
    }
  }
  return best;
}

/** How many sentence ends the bold spans of `text` run across: a bold span is a phrase. */
function crossings(text: string): number {
  let n = 0;
  let open = -1;
  for (let i = text.indexOf('**'); i !== -1; i = text.indexOf('**', i + 2)) {
    if (open === -1) open = i;
    else {
      n += (text.slice(open, i).match(/[。！？]/g) ?? []).length;
      open = -1;
    }
  }
  return n;
}
