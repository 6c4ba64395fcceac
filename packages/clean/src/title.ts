import { keyOf } from './text.js';

/** `**X**について詳細に分析します。` → `X`; the pipeline's excerpt names the article's topic. */
const TOPIC = /^\s*(?:\*\*)?(.+?)(?:\*\*)?\s*について(?:詳細に分析|詳しく解説|解説|分析)/;
/** Titles over 40 characters were cut at the first `、` and given this tail. */
const KANOUSEI = /の可能性(?:と(?:は)?)?[？?]?$/;
const REPLACEMENT = '\uFFFD';

export function excerptTopic(excerpt: string | undefined): string | undefined {
  if (!excerpt) return undefined;
  const m = TOPIC.exec(excerpt);
  if (!m) return undefined;
  const topic = stripTitleMarkup(m[1]!);
  return topic.length >= 2 && !topic.includes(REPLACEMENT) ? topic : undefined;
}

/** Markup the pipeline leaves in titles: `**`, `#`, `タイトル:`, wrapping quotes, trailing `:`. */
export function stripTitleMarkup(title: string): string {
  let t = title.trim();
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t
      .replace(/^#{1,6}\s*/, '')
      .replace(/\*\*/g, '')
      .replace(/^\s*(?:タイトル|title)\s*[:：]\s*/i, '')
      .replace(/^[`"']+|[`"']+$/g, '')
      .replace(/\s*[:：]$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (t === before) break;
  }
  return t;
}

/** Why a (markup-free) title cannot be published as is, or undefined when it can. */
export function titleProblem(title: string, bodyOpening: string | undefined): string | undefined {
  if (title === '') return 'empty';
  if (title.includes(REPLACEMENT)) return 'broken characters (cut inside a multi-byte character)';
  if (KANOUSEI.test(title)) return 'cut at the first `、` and given `の可能性とは？`';
  if (bodyOpening !== undefined) {
    // A title made from the body's first words (`やあ、元気かい？`) is chatter, not a title.
    // Only the whole first sentence counts: a topic the lead merely starts with is a fine title.
    const tk = keyOf(title).replace(/[。！？!?]+$/, '');
    const first = /^[^。！？!?]*[。！？!?]?/.exec(bodyOpening.trim())?.[0] ?? '';
    const bk = keyOf(first).replace(/[。！？!?]+$/, '');
    if (tk.length >= 2 && tk === bk && keyOf(bodyOpening).length > tk.length + 20)
      return "the body's opening words";
  }
  if (unbalanced(title)) return 'cut short (unbalanced brackets)';
  return undefined;
}

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['「', '」'],
  ['『', '』'],
  ['（', '）'],
  ['(', ')'],
  ['【', '】'],
];

/** Whether some bracket is opened more often than closed, or the other way round. */
export function unbalanced(t: string): boolean {
  for (const [open, close] of PAIRS) if (count(t, open) !== count(t, close)) return true;
  return false;
}

/** How often the character `c` occurs in `t` (what `t.split(c).length - 1` says, without the array). */
function count(t: string, c: string): number {
  let n = 0;
  for (let i = t.indexOf(c); i !== -1; i = t.indexOf(c, i + 1)) n++;
  return n;
}

/** The part of a broken title that is still the author's: before U+FFFD or `の可能性`. */
export function titleCore(title: string): string {
  let t = title;
  const bad = t.indexOf(REPLACEMENT);
  if (bad !== -1) t = t.slice(0, bad);
  t = t.replace(KANOUSEI, '');
  return keyOf(t);
}

export interface TitleRepair {
  readonly title: string | undefined;
  readonly from: 'as-is' | 'markup' | 'echo' | 'excerpt' | 'heading';
  readonly problem: string | undefined;
}

/**
 * Choose the published title. A cut title whose full form the body echoes takes the echo; a
 * broken one is rebuilt from the excerpt's topic, else from the echo or the first heading; when
 * nothing fits, `title` is undefined and the post is held back as untitled.
 */
export function repairTitle(
  raw: string,
  excerpt: string | undefined,
  echo: string | undefined,
  firstHeading: string | undefined,
  bodyOpening: string | undefined,
): TitleRepair {
  const plain = stripTitleMarkup(raw);
  const core = titleCore(plain);
  const echoPlain = echo === undefined ? undefined : stripTitleMarkup(echo);
  if (echoPlain && !titleProblem(echoPlain, undefined) && core.length >= 4) {
    const ek = keyOf(echoPlain);
    if (ek.length > core.length && ek.startsWith(core) && keyOf(plain) !== ek) {
      return { title: echoPlain, from: 'echo', problem: titleProblem(plain, bodyOpening) ?? 'cut short' };
    }
  }
  const problem = titleProblem(plain, bodyOpening);
  if (problem === undefined)
    return { title: plain, from: plain === raw.trim() ? 'as-is' : 'markup', problem };
  const topic = excerptTopic(excerpt);
  if (topic && !titleProblem(topic, undefined)) {
    // The topic is often the headline's first half; the echo, when it starts with it, is whole.
    const tk = keyOf(topic);
    if (echoPlain && !titleProblem(echoPlain, undefined) && keyOf(echoPlain).startsWith(tk)) {
      return { title: echoPlain, from: 'echo', problem };
    }
    return { title: topic, from: 'excerpt', problem };
  }
  if (echoPlain && !titleProblem(echoPlain, undefined)) return { title: echoPlain, from: 'echo', problem };
  const heading = firstHeading === undefined ? undefined : stripTitleMarkup(firstHeading);
  if (heading && !titleProblem(heading, undefined)) return { title: heading, from: 'heading', problem };
  return { title: undefined, from: 'as-is', problem };
}
