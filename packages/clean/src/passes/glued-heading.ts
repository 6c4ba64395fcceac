import type { Block } from '../blocks.js';
import { headingContent, parseBlocks } from '../blocks.js';
import { endsCleanly, keyOf, quote, startsMidSentence } from '../text.js';
import type { Chunks, PassContext } from './context.js';

/**
 * When the model flattens and re-emits text, a heading and its first paragraph end up on one
 * line (`### **見出し** 本文…。`, `### 1. 見出し 本文…。`), which Markdown renders as one huge
 * heading. Split them: after a leading `**…**`, else at the last space before the first `。`.
 */
export function splitGluedHeadings(chunks: Chunks, ctx: PassContext): void {
  // Headings written on their own elsewhere, and the title: where a glued one ends.
  const known = new Set(ctx.titleKeys);
  /** Body headings by key, as first written: the markup a bare copy of one gets back. */
  const lines = new Map<string, string>();
  for (const chunk of chunks)
    for (const b of chunk)
      if (b.kind === 'heading' && b.text.length <= 100) {
        const k = keyOf(headingContent(b.text));
        known.add(k);
        if (!lines.has(k) && !b.text.includes('\n')) lines.set(k, b.text.trim());
      }
  /** The last block of the chunk before: what its seam cut. */
  let cut: Block | undefined;
  for (const chunk of chunks) {
    const before = cut;
    if (chunk.length > 0) cut = chunk[chunk.length - 1];
    const flattened = splitFlattenedRules(chunk, ctx);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind === 'paragraph') {
        if (splitBareHeading(chunk, i, lines, ctx)) i++;
        continue;
      }
      if (b.kind !== 'heading' || b.text.includes('\n')) continue;
      const m = /^(\s{0,3}#{1,6})\s+(.*)$/.exec(b.text);
      if (!m) continue;
      const content = m[2]!;
      let head: string | undefined;
      let rest: string | undefined;
      // Tried first: a heading cut out of flattened prose ends where a known heading ends, however
      // short, and a flattened link heading (`### [書名](https://…) 説明 [Amazonで詳しく見る →](…)`) ends with its link.
      const link = flattened.has(b) ? /^(\[[^\]\n]*\]\([^)\s]*\))\s+(\S.*)$/.exec(content) : null;
      if (link) {
        head = link[1]!;
        rest = link[2]!;
      } else if (flattened.has(b) || content.includes('。')) {
        // A heading known from elsewhere ends where it ends, even with a `？` and a quote after it
        // (`### …の真意とは？ 「またか！」 正直…。` is the heading, then the text).
        let cut = -1;
        const stop = flattened.has(b) ? 100 : Math.min(100, content.indexOf('。'));
        for (let i = content.indexOf(' '); i !== -1 && i <= stop; i = content.indexOf(' ', i + 1)) {
          if (known.has(keyOf(headingContent(content.slice(0, i))))) cut = i;
        }
        // Else a flattened list of links starts the text (`あわせて読みたい - [A](/…) - [B](/…)`).
        if (cut <= 0 && flattened.has(b)) cut = content.search(/\s[-*+]\s+\[/);
        if (cut > 0) {
          head = content.slice(0, cut);
          rest = content.slice(cut + 1);
        }
      }
      const bold = head === undefined ? /^\*\*([^*]+)\*\*\s+(\S.*)$/.exec(content) : null;
      if (bold) {
        head = bold[1]!;
        rest = bold[2]!;
      } else if (head === undefined && content.includes('。')) {
        const stop = content.indexOf('。');
        const space = Math.max(content.lastIndexOf(' ', stop), content.lastIndexOf('\u3000', stop));
        const head0 = content.slice(0, Math.max(space, 0));
        // Only where the head reads as a heading (numbered, or a `：` title) or the text runs on
        // past its first sentence; `# Amazon Bedrockの…のか。` is one title, not two parts.
        const headish = /^\d+[.)．]|[：:]/.test(head0) || stop < content.length - 1;
        // A space between two Latin words (`Amazon Bedrock`) is part of a name, not the seam.
        const latin =
          /[A-Za-z0-9]/.test(content[space - 1] ?? '') && /[A-Za-z0-9]/.test(content[space + 1] ?? '');
        if (space > 3 && stop - space > 8 && head0.length >= 6 && headish && !latin) {
          head = content.slice(0, space);
          rest = content.slice(space + 1);
        }
      }
      if (head === undefined && content.length > 100 && !content.startsWith('[')) {
        // A whole paragraph on the heading's line (`## 問い。 皆さん、どう思いますか？…`): no
        // heading runs this long. Cut after the known heading, else after its first sentence.
        let cut = -1;
        for (let i = content.indexOf(' '); i !== -1 && i <= 100; i = content.indexOf(' ', i + 1)) {
          if (known.has(keyOf(headingContent(content.slice(0, i))))) cut = i;
        }
        if (cut === -1) {
          const end = /[。？！?!](?=[ \u3000])/.exec(content.slice(0, 100));
          if (end) cut = end.index + 1;
        }
        if (cut > 0) {
          head = content.slice(0, cut);
          rest = content.slice(cut + 1);
        }
      }
      if (head === undefined || rest === undefined || rest.trim() === '') continue;
      const heading: Block = { ...b, text: `${m[1]} ${headingContent(head)}` };
      // An echo that stops where the chunk before was cut ends on a copy of the cut words
      // (`### 見出し 製造現場の` after a chunk cut at `製造現場の`): split off the heading, they would
      // stand as a paragraph of their own. The seam repair drops the cut words themselves. Not when
      // the chunk goes on with them, perhaps after a rule (`…自社が利用` + `---` + `しているAI…`):
      // the seam repair joins that copy.
      const after = chunk[i + 1]?.kind === 'hr' ? chunk[i + 2] : chunk[i + 1];
      const goesOn = after?.kind === 'paragraph' && startsMidSentence(after.text);
      if (flattened.has(b) && !goesOn && copiesCut(rest.trim(), before)) {
        chunk.splice(i, 1, heading);
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed ${quote(rest.trim())} after the heading ${quote(head)}: the echo's copy of the words cut at the seam before it`,
          line: b.line,
        });
        continue;
      }
      // A flattened list of links (`### あわせて読みたい - [A](/…) - [B](/…)`) is a list again.
      const list = /^[-*+]\s+\[/.test(rest.trim());
      const para: Block = {
        kind: list ? 'list' : 'paragraph',
        text: list ? rest.trim().replace(/\s+(?=[-*+]\s+\[)/g, '\n') : rest.trim(),
        line: b.line,
        chunk: b.chunk,
        gap: '\n',
      };
      chunk.splice(i, 1, heading, para);
      ctx.fixes.push({
        kind: 'glued-heading',
        detail: `split heading ${quote(head)} from its text ${quote(rest, 40)}`,
        line: b.line,
      });
      // The echo of an article that opens with a heading is on that heading's line: the rules and
      // headings it flattened into the text are cut out of the text here, and split in turn.
      if (!list && rest.includes('#')) {
        const blocks = [para];
        for (const made of splitFlattenedRules(blocks, ctx)) flattened.add(made);
        chunk.splice(i + 1, 1, ...blocks);
      }
      i++;
    }
  }
}

/** Whether `rest`, unfinished, is the end of `before`, a paragraph cut unfinished. */
function copiesCut(rest: string, before: Block | undefined): boolean {
  if (before?.kind !== 'paragraph' || rest.includes('\n') || keyOf(rest).length < 2 || endsCleanly(rest))
    return false;
  const text = before.text.trimEnd();
  if (!text.endsWith(rest)) return false;
  const c = text.charAt(text.length - rest.length - 1);
  return c === '' || /[\s。！？!?」』）)]/.test(c);
}

/**
 * An ATX heading inside a line: after a rule (`。 --- ### 見出し`), or right after a sentence or a
 * link (`。 ### 7. 見出し`, `…-22) ### [書名](…)`). `##` and more only, without the rule: a lone `#`
 * after a bracket can be prose.
 */
const FLATTENED_RULE =
  /(^|[\s。！？!?」』）)])-{3,}[ \t\u3000]+(?=#{1,6}[ \t])|([。！？!?」』）)])[ \t\u3000]*(?=#{2,6}[ \t])/g;

/**
 * On a heading's own line, a link heading after its text (`## おすすめ書籍 ### [書名](…)`) starts
 * another: the flattened book box. Other text there is the heading's glued paragraph (see above).
 */
const FLATTENED_IN_HEADING = /(\s)(?:-{3,}[ \t\u3000]+)?(?=#{2,6}[ \t]+\[)/g;

function countChar(text: string, ch: string, from: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf(ch, from); i !== -1 && i < end; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * The flattened echo (and some re-emitted chunks) joins a section's closing rule and its next
 * heading onto the prose line (`…でしょうか。 --- ### 見出し 本文…`), which renders as one paragraph
 * with the heading's markup in it. Cut the paragraph at each such rule: the text after it starts a
 * heading line again (the loop above then splits the heading from its glued text). The rule
 * itself goes: the heading marks the section, and a rule placed inside the merged article would
 * stand between two of its sentences.
 */
function splitFlattenedRules(chunk: Block[], ctx: PassContext): Set<Block> {
  const made = new Set<Block>();
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    // A list item's last line can carry it too (`3. **項目:** 本文。` + `--- ### あわせて読みたい - […]`),
    // and so can a heading's line (`## おすすめ書籍 ### [書名](…) 説明 ### [書名](…)`).
    if ((b.kind !== 'paragraph' && b.kind !== 'list' && b.kind !== 'heading') || !b.text.includes('#'))
      continue;
    const cuts: { at: number; end: number }[] = [];
    const re = b.kind === 'heading' ? FLATTENED_IN_HEADING : FLATTENED_RULE;
    let ticks = 0;
    let counted = 0;
    for (const m of b.text.matchAll(re)) {
      const at = m.index + (m[1] ?? m[2] ?? '').length;
      // Not inside inline code (`` `。 ## 見出し` ``): an odd number of backticks before it
      // (counted on from the previous match, so a long flattened line is read once).
      ticks += countChar(b.text, '`', counted, at);
      counted = at;
      if (ticks % 2 === 1) continue;
      if (b.kind === 'heading' && at <= b.text.search(/[^\s#]/)) continue;
      cuts.push({ at, end: m.index + m[0].length });
    }
    if (cuts.length === 0) continue;
    const out: Block[] = [];
    const before = b.text.slice(0, cuts[0]!.at).trimEnd();
    if (before !== '') out.push({ ...b, text: before });
    for (let c = 0; c < cuts.length; c++) {
      const seg = b.text.slice(cuts[c]!.end, cuts[c + 1]?.at ?? b.text.length).trimEnd();
      const nl = seg.indexOf('\n');
      const line = nl === -1 ? seg : seg.slice(0, nl).trimEnd();
      const rest = nl === -1 ? '' : seg.slice(nl + 1).trim();
      const gap = out.length === 0 ? b.gap : '\n\n';
      const heading: Block = { kind: 'heading', text: line, line: b.line, chunk: b.chunk, gap };
      made.add(heading);
      out.push(heading);
      // The lines after the heading's line are blocks of their own (a list, a paragraph…).
      if (rest !== '') {
        const more = parseBlocks(rest, b.line, b.chunk);
        if (more[0]) more[0].gap = '\n\n';
        out.push(...more);
      }
      ctx.fixes.push({
        kind: 'glued-heading',
        detail: `split a heading flattened into the text (after a rule, a sentence or a link) ${quote(line, 60)}`,
        line: b.line,
      });
    }
    chunk.splice(i, 1, ...out);
    i += out.length - 1;
  }
  return made;
}

/**
 * A re-emitted section whose heading lost its markup opens a paragraph with the heading's text on
 * a line of its own (`AI技術の未来に何をもたらすか？：革新の加速と多様化` then `まず、…`). Read as
 * prose, the sentence splitter cuts it at its `？` and the merge keeps a half heading as text.
 * A first line that is a heading of the post, word for word, is that heading again.
 */
function splitBareHeading(
  chunk: Block[],
  i: number,
  lines: ReadonlyMap<string, string>,
  ctx: PassContext,
): boolean {
  const b = chunk[i]!;
  const nl = b.text.indexOf('\n');
  if (nl <= 0 || nl > 100) return false;
  const first = b.text.slice(0, nl).trim();
  if (first.includes('。')) return false;
  const heading = lines.get(keyOf(first));
  const rest = b.text.slice(nl + 1).trim();
  if (heading === undefined || rest === '') return false;
  chunk.splice(
    i,
    1,
    { ...b, kind: 'heading', text: heading },
    { kind: 'paragraph', text: rest, line: b.line + 1, chunk: b.chunk, gap: '\n\n' },
  );
  ctx.fixes.push({
    kind: 'glued-heading',
    detail: `split heading ${quote(first)} (its markup lost) off the paragraph it opened`,
    line: b.line,
  });
  return true;
}
