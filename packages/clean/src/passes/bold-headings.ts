import { type Block, headingContent, isBoldLine, isUnspacedHeading } from '../blocks.js';
import { countBold, QUOTING_PARTICLE, quote, startsMidWord } from '../text.js';
import { type Chunks, chunksText, type PassContext } from './context.js';

const CONTINUED = /\s*[（(]続き[)）]/;
/** A line that is a bold label and nothing else, perhaps a list item's (`4.  **見出し（続き）**`). */
const CONTINUED_LABEL = /^(\s*(?:(?:[-*+]|\d{1,9}[.)])\s+)?\*\*[^*\n]*?)\s*[（(]続き[)）](\*\*\s*)$/;

/**
 * `（続き）` ("continued") is the model's mark on a heading it writes again in a continuation: the
 * same section, not a new one. Marked headings and bold labels lose the mark (the merge then meets
 * the section it continues), and a mark left on a line of its own goes. Runs first of the heading
 * passes, before the merge.
 */
export function dropContinuedMarks(chunks: Chunks, ctx: PassContext): void {
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind === 'code' || !b.text.includes('続き')) continue;
      if (/^[\s*#>]*[（(]続き[)）][\s*]*$/.test(b.text)) {
        ctx.fixes.push({
          kind: 'continued-mark',
          detail: `removed the mark ${quote(b.text.trim())} left on a line of its own`,
          line: b.line,
        });
        chunk.splice(i--, 1);
        continue;
      }
      // A list item's label keeps it: the merge matches the item against its earlier copy
      // (`3. **見出し**:`) by the label, and the mark is what keeps the two apart.
      if (b.kind !== 'list') dropMark(b, ctx);
    }
  }
}

function dropMark(b: Block, ctx: PassContext): void {
  let text = b.text;
  let marked = '';
  if (b.kind === 'heading') {
    if (CONTINUED.test(headingContent(text))) {
      marked = text;
      text = text.replace(CONTINUED, '');
    }
  } else {
    text = text
      .split('\n')
      .map((line) => {
        const cut = line.replace(CONTINUED_LABEL, '$1$2');
        if (cut !== line && marked === '') marked = line;
        return cut;
      })
      .join('\n');
  }
  if (text === b.text) return;
  ctx.fixes.push({
    kind: 'continued-mark',
    detail: `removed the mark （続き） from ${quote(marked.trim())}`,
    line: b.line,
  });
  b.text = text;
}

/**
 * The pipeline writes section headings as standalone `**…**` lines (and sometimes `# **…**`);
 * make them real headings so they render, index and dedupe as headings. They go one level below
 * the deepest ATX heading the post already uses (`##` when it uses none).
 */
export function boldHeadings(chunks: Chunks, ctx: PassContext): void {
  dropContinuedMarks(chunks, ctx);
  let deepest = 0;
  for (const chunk of chunks) {
    for (const b of chunk) {
      if (b.kind !== 'heading') continue;
      const m = /^\s{0,3}(#{1,6})\s/.exec(b.text);
      if (m) deepest = Math.max(deepest, m[1]!.length);
    }
  }
  const level = Math.min(Math.max(deepest + 1, 2), 4);
  let before: Block | undefined;
  let allText: string | undefined;
  const postText = () => (allText ??= chunksText(chunks));
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const cut = before;
    if (chunk.length > 0) before = chunk[chunk.length - 1];
    for (const b of chunk) {
      if (b.kind !== 'heading') continue;
      if (isBoldLine(b.text)) {
        // A list item's label cut at a seam, which the next chunk writes again from its `**`
        // without the list marker (`* **高品質な` + `**高品質な画像を…？**`): the item's words, for the
        // seam repair to join, not a heading.
        if (b === chunk[0] && restartsCutLabel(cut, b.text)) continue;
        // Bold words the next chunk closes as a sentence (`**…あなたへ**` + `。自動運転AIの…`) or goes on
        // from with their colon (`**ROI**` + `: (4,000万円…`): the seam repair joins them, and the line
        // is no heading.
        if (b === chunk[chunk.length - 1] && CLOSES_BOLD_WORDS.test(firstText(chunks, c + 1))) continue;
        // Bold words a paragraph of the post opens with and goes on from, cut at a seam right after
        // them (`**投資家として**` + `**投資家として**、まず…`): the seam repair drops them as a cut-off.
        if (
          b === chunk[chunk.length - 1] &&
          c < chunks.length - 1 &&
          opensParagraph(b.text.trim(), postText())
        )
          continue;
        // A bold lead-in cut right after its `**` (`**技術者として**` + `は、微細化の…`): the next
        // chunk goes on with its sentence, which the seam repair completes; the line is no heading.
        if (
          b === chunk[chunk.length - 1] &&
          c + 1 < chunks.length &&
          goesOnFromBold(b.text.trim(), chunks, c + 1)
        )
          continue;
        const text = `${'#'.repeat(level)} ${headingContent(b.text)}`;
        ctx.fixes.push({
          kind: 'bold-heading',
          detail: `${quote(b.text.trim())} → ${quote(text)}`,
          line: b.line,
        });
        b.text = text;
      } else if (
        isUnspacedHeading(b.text) ||
        (/^\s{0,3}#{1,6}\s*\*\*/.test(b.text) && b.text.includes('**'))
      ) {
        const m = /^\s{0,3}(#{1,6})\s*/.exec(b.text)!;
        // `##概要` has no space for `headingContent` to find the marks by: they are cut off here.
        const text = `${m[1]} ${headingContent(`${m[1]} ${b.text.slice(m[0].length)}`)}`;
        ctx.fixes.push({
          kind: 'bold-heading',
          detail: `${quote(b.text.trim())} → ${quote(text)}`,
          line: b.line,
        });
        b.text = text;
      }
    }
  }
}

/**
 * What the next chunk opens with when it goes on from bold words a chunk ended on: their stop or
 * comma (`**…あなたへ**` + `。自動運転…`), or their colon (`**ROI**` + `: (4,000万円…`).
 */
export const CLOSES_BOLD_WORDS = /^\s*[。、:：]/;

/** Whether `words` stand in `text` with more of their line after them. */
export function opensParagraph(words: string, text: string): boolean {
  for (let at = text.indexOf(words); at !== -1; at = text.indexOf(words, at + 1)) {
    const c = text.charAt(at + words.length);
    if (c !== '' && c !== '\n' && c !== ' ' && c !== '\t') return true;
  }
  return false;
}

/**
 * A list marker and the `**` that opens the item's label, alone on the line (`*   **`, a chunk cut
 * right after it): three stars, a rule to Markdown, which the model never writes so.
 */
export const CUT_LABEL_RULE = /^\s{0,3}[*+-]\s+\*\*\s*$/;

/** Whether `text` writes again the bold label `prev` (a list) was cut in. */
function restartsCutLabel(prev: Block | undefined, text: string): boolean {
  // Cut right after the label's `**`, the item has no words yet: a bold line goes on with it.
  if (prev?.kind === 'hr' && CUT_LABEL_RULE.test(prev.text)) return text.trimStart().startsWith('**');
  if (prev?.kind !== 'list') return false;
  const last = prev.text.slice(prev.text.lastIndexOf('\n') + 1);
  const open = last.lastIndexOf('**');
  if (open === -1 || countBold(last) % 2 === 0) return false;
  const label = last.slice(open).trimEnd();
  return label.length > 2 && text.trimStart().startsWith(label);
}

/** The text of the first block after chunk `c - 1`: '' when none follows. */
function firstText(chunks: Chunks, c: number): string {
  for (let j = c; j < chunks.length; j++) if (chunks[j]!.length > 0) return chunks[j]![0]!.text;
  return '';
}

/** A bold line ending on a question or exclamation (`**…その真意は？**`): whole, no lead-in cut off. */
const ENDS_SENTENCE = /[？！?!]\*\*$/;

/** The words after a bold lead-in inside its sentence: a particle (`は、`, `を`) or a stop. */
function goesOnMid(text: string): boolean {
  // `は` and `も` open no sentence unless a word goes on in kana (`はじめに`, `もちろん`); nor do
  // the particles that quote or list what came before (`という概念も…`, `といった`, `として`, `など`).
  return startsMidWord(text) || /^[はも](?![\u3040-\u309f])/.test(text) || QUOTING_PARTICLE.test(text);
}

/**
 * Where `text`, opening the chunk after the bold line `line`, goes on with the sentence the line
 * opens: 0 when it does at once with a particle (`は、微細化の…`), after the line's last characters
 * written again (`として**は、…`, the whole line on a restart) or dots, their length; -1 when it
 * does not. A heading is followed by a sentence of its own, never by a particle.
 */
export function boldGoesOn(line: string, text: string): number {
  if (ENDS_SENTENCE.test(line)) return -1;
  // The model may open with dots before the words it writes again (`...として**は、…`).
  const d = /^(?:\.\.\.|…)/.exec(text)?.[0].length ?? 0;
  const rest = text.slice(d);
  // The line's last characters written again first: the restart may open mid-word itself
  // (`…学び続けるしかない**` + `るしかない**。DeepMindの…`).
  for (let k = line.length; k >= 3; k--)
    if (rest.startsWith(line.slice(-k)) && goesOnMid(rest.slice(k))) return d + k;
  return goesOnMid(rest) ? d : -1;
}

/**
 * Where `blocks` (a chunk echoing the article) write `line` on with its sentence
 * (`…**技術者として**は、…`): the text from the line on, at each place, in order.
 */
export function boldEchoedOn(line: string, blocks: readonly Block[]): string[] {
  const out: string[] = [];
  if (ENDS_SENTENCE.test(line)) return out;
  for (const b of blocks) {
    for (let at = b.text.indexOf(line); at !== -1; at = b.text.indexOf(line, at + line.length))
      if (at > 0 && goesOnMid(b.text.slice(at + line.length))) out.push(b.text.slice(at));
  }
  return out;
}

/** Whether chunk `c` goes on with the sentence the bold line `line`, ending chunk `c - 1`, opens. */
function goesOnFromBold(line: string, chunks: Chunks, c: number): boolean {
  return boldGoesOn(line, firstText(chunks, c)) >= 0 || boldEchoedOn(line, chunks[c]!).length > 0;
}
