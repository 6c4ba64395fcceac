import { splitSentences } from '@kiji/ja';

/**
 * A model of the generation pipeline that damaged the corpus, run on a whole article: it cuts the
 * article into chunks at random points of its prose, and makes each continuation the way the
 * model does (going on from the cut, restarting the cut sentence or a few characters of it, with
 * `...` before them or not, echoing the article so far flattened onto one line, writing the
 * current section again, or appending the previous continuation once more), with
 * `---END---` after each, sometimes glued to the text or around an empty chunk; the last chunk may
 * be cut off mid-sentence or on half a heading, and the title may be echoed first. A perfect repair
 * gives back the article up to where the last chunk was cut. Used to test the cleaner on posts it
 * has never seen, so that it is judged on causes, not on the corpus' examples.
 */

export interface Simulated {
  readonly body: string;
  /** The article a perfect repair gives back. */
  readonly expected: string;
  /** How the body was made, for failure messages. */
  readonly steps: readonly string[];
}

export type Continuation = 'continue' | 'restart' | 'overlap' | 'echo' | 'section' | 'again' | 'dots';
export const CONTINUATIONS: readonly Continuation[] = ['continue', 'restart', 'overlap', 'echo', 'section'];

/** `pick(n)`: an integer in [0, n). */
export type Pick = (n: number) => number;

interface Line {
  readonly start: number;
  readonly text: string;
}

const NOT_PROSE = /^\s*([-*+]\s|\d{1,9}[.)]\s|[|>]|```|~~~|#{1,6}(\s|$)|---+\s*$|\*\*[^*]+\*\*\s*$|!?\[)/;
const HEADING = /^#{1,6}\s/;

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    out.push({ start, text: line });
    start += line.length + 1;
  }
  return out;
}

/** An item of a bullet list, on one line (`* **要点:** 本文。`). */
const LIST_ITEM = /^[-*+]\s+\S/;

/** A line of prose: an indented line belongs to a list item above it. */
function isProse(line: string): boolean {
  return !/^\s/.test(line) && !NOT_PROSE.test(line);
}

/**
 * Lines a chunk can stop in, long enough to be cut mid-sentence: prose outside code, or (with
 * `inLists`) the items of bullet lists.
 */
function proseLines(lines: readonly Line[], inLists = false): Line[] {
  const out: Line[] = [];
  let fence = false;
  for (const l of lines) {
    if (/^\s*(```|~~~)/.test(l.text)) fence = !fence;
    // An indented line belongs to a list item above it.
    else if (!fence && l.text.length >= 30 && (inLists ? LIST_ITEM.test(l.text) : isProse(l.text)))
      out.push(l);
  }
  return out;
}

/**
 * A position inside a prose line: not in the first or last few characters (a cut there is a
 * seam between sentences, not inside one), not between a surrogate pair, not inside a link.
 */
function cutIn(line: Line, pick: Pick): number | undefined {
  for (let tries = 0; tries < 8; tries++) {
    const at = 6 + pick(line.text.length - 10);
    const c = line.text.charCodeAt(at);
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    const before = line.text.slice(0, at);
    if (
      before.lastIndexOf('](') > before.lastIndexOf(')') ||
      before.lastIndexOf('[') > before.lastIndexOf(']')
    )
      continue;
    // Ending on whitespace or at a sentence end is a clean seam; the test wants a cut sentence.
    if (/[\s。！？!?」』）)]$/.test(before) || /^\s/.test(line.text.slice(at))) continue;
    // A single kana left of a new sentence cannot be told from a word that doubles it (`こ` +
    // `こ数年` is `ここ数年`), so a restart of it is not a fair test.
    if (/(^|[。！？!?」』）)])[\u3040-\u30ff]$/.test(before)) continue;
    return line.start + at;
  }
  return undefined;
}

/** Where the sentence holding position `at` starts. */
function sentenceStart(text: string, lines: readonly Line[], at: number): number {
  const line = [...lines].reverse().find((l) => l.start <= at)!;
  let start = line.start;
  for (const piece of splitSentences(line.text)) {
    if (start + piece.length > at) break;
    start += piece.length;
  }
  while (/\s/.test(text[start] ?? '')) start++;
  return start;
}

const MARKERS = ['\n\n---END---\n\n', '---END---\n\n', '\n\n---END---\n\n---END---\n\n', '\n---END---\n'];

/**
 * Damage `article` (a clean Markdown body) the way the pipeline does. `cuts` continuations are
 * made, each of the kind given (or a random one).
 */
export function simulate(
  article: string,
  title: string,
  pick: Pick,
  options: { cuts: number; continuation?: Continuation; inLists?: boolean },
): Simulated {
  const text = article.replace(/\n+$/, '');
  const lines = linesOf(text);
  const prose = proseLines(lines);
  const cutLines = options.inLists ? proseLines(lines, true) : prose;
  const steps: string[] = [];
  // Cut points: distinct prose lines, in order; none in the first 15% (the pipeline writes a
  // whole first draft before it ever continues).
  const candidates = cutLines.filter((l) => l.start > text.length * 0.15);
  const chosen = new Set<Line>();
  for (let i = 0; i < options.cuts * 3 && chosen.size < options.cuts && candidates.length > 0; i++)
    chosen.add(candidates[pick(candidates.length)]!);
  const cuts = [...chosen]
    .sort((a, b) => a.start - b.start)
    .map((l) => cutIn(l, pick))
    .filter((c): c is number => c !== undefined);

  // The last chunk may stop early: mid-sentence in a prose line after the last cut, or on half a heading.
  let end = text.length;
  const last = cuts[cuts.length - 1] ?? 0;
  const ending = pick(3);
  if (ending === 1) {
    const later = prose.filter((l) => l.start > last + 200);
    const at = later.length > 0 ? cutIn(later[pick(later.length)]!, pick) : undefined;
    if (at !== undefined) {
      end = at;
      steps.push(`last chunk cut mid-sentence at ${JSON.stringify(text.slice(at - 12, at))}`);
    }
  } else if (ending === 2) {
    const heading = lines.find((l) => l.start > last + 200 && HEADING.test(l.text) && l.text.length >= 10);
    if (heading) {
      end = heading.start + heading.text.length - 2;
      steps.push(`last chunk cut in heading ${JSON.stringify(text.slice(heading.start, end))}`);
    }
  }

  let body = '';
  const titleEcho = pick(4);
  if (titleEcho === 1) body += `# ${title}\n\n`;
  else if (titleEcho === 2) body += `**${title}**\n\n`;
  if (titleEcho > 0 && titleEcho < 3) steps.push('title echoed');

  let from = 0;
  let previous: number | undefined;
  for (const cut of cuts) {
    body += text.slice(from, cut);
    const marker = MARKERS[pick(MARKERS.length)]!;
    body += marker;
    let kind = options.continuation ?? CONTINUATIONS[pick(CONTINUATIONS.length)]!;
    const label =
      kind === 'again' && previous !== undefined ? 'the previous continuation again, then restart' : kind;
    // `again`: the pipeline appends the previous seam's continuation once more (its first
    // paragraph), then the cut sentence is written again from its start.
    if (kind === 'again') {
      if (previous === undefined) kind = 'continue';
      else {
        const end = text.indexOf('\n', previous);
        body += `${text.slice(previous, end === -1 ? text.length : end)}${MARKERS[0]}`;
        kind = 'restart';
      }
    }
    previous = cut;
    let start = cut;
    // `dots`: the model opens its continuation with `...` and the last words again.
    if (kind === 'dots') {
      body += '...';
      start = Math.max(sentenceStart(text, lines, cut), cut - 4 - pick(9));
    } else if (kind === 'restart') start = sentenceStart(text, lines, cut);
    else if (kind === 'overlap') start = Math.max(sentenceStart(text, lines, cut), cut - 4 - pick(9));
    else if (kind === 'section') {
      const heading = [...lines].reverse().find((l) => l.start < cut && HEADING.test(l.text));
      start = heading ? heading.start : sentenceStart(text, lines, cut);
    } else if (kind === 'echo') {
      body += `${text.slice(0, cut).replace(/\s*\n\s*/g, ' ')}`;
    }
    steps.push(
      `cut at ${JSON.stringify(text.slice(cut - 12, cut))} | ${JSON.stringify(text.slice(cut, cut + 12))}, marker ${JSON.stringify(marker)}, then ${label}`,
    );
    from = start;
  }
  body += text.slice(from, end);
  if (pick(2) === 1) body += '\n\n---END---\n';
  return { body, expected: expectedUpTo(text, end), steps };
}

/** The article up to `end`, less the sentence or heading cut there. */
function expectedUpTo(text: string, end: number): string {
  if (end >= text.length) return text;
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  const line = text.slice(lineStart, end);
  let kept: string;
  if (HEADING.test(line)) kept = text.slice(0, lineStart);
  else {
    const pieces = splitSentences(line);
    pieces.pop();
    kept = text.slice(0, lineStart) + pieces.join('');
  }
  // An article never ends on a heading or a rule whose section was cut away.
  for (;;) {
    const trimmed = kept.trimEnd();
    const last = trimmed.slice(trimmed.lastIndexOf('\n') + 1);
    if (!HEADING.test(last) && !/^\s*---+\s*$/.test(last)) return trimmed;
    kept = trimmed.slice(0, trimmed.length - last.length);
  }
}
