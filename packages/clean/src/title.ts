import { charPairs, commonStart, keyOf } from './text.js';

/** `**X**について詳細に分析します。` → `X`; the pipeline's excerpt names the article's topic. */
const TOPIC = /^\s*(?:\*\*)?(.+?)(?:\*\*)?\s*について(?:詳細に分析|詳しく解説|解説|分析)/;
/** Titles over 40 characters were cut at the first `、` and given this tail. */
const KANOUSEI = /の可能性(?:と(?:は)?)?[？?]?$/;
/** What a cut at 40 bytes leaves of that tail: `…ZDRの可能`, `…の可` (never the end of a real title). */
const KANOUSEI_REMNANT = /の可能?$/;
/** After a cut inside a character (U+FFFD), any start of the tail may be left, down to `の`. */
const CUT_TAIL = /の(?:可(?:能(?:性(?:と(?:は)?)?)?)?)?$/;
const REPLACEMENT = '\uFFFD';

/**
 * The tails of the 2026 "SEO rewrite", which wrapped an existing title as `2026年<title><tail>`
 * (`…のだろうか？による業務効率化と競争力強化`). The list is the template's, not any article's: each
 * tail is a generic phrase glued on whatever the title said.
 */
const SEO_TAIL =
  /(?:の進化と実用化への道筋|による業務効率化と競争力強化|の全貌と実践的な活用法|の最新動向と企業への影響|が変えるビジネスの未来|の技術革新がもたらす変化|がもたらす産業構造の転換|の注目ポイントと導入効果)$/;
/** The rewrite's other decorations: `｜<category phrase>` and `（<category>）` at the end. */
const SEO_DECORATION = /(?:｜[^｜]+|（[^（）]+）)$/;
/** The rewrite's year glued in front of a title that did not start with it (`2026年Claude 4は…`). */
const SEO_YEAR = /^20\d\d年(?=[^\s、，,\d月])/;

/**
 * A title that is the model talking, not a headline: a greeting or interjection opening a reply
 * (`やあ、元気かい？`, `ちょっと待ってくださいね。`) or an English first-person work note (`I've
 * established a detailed article stru…`). The words are the class of reply openers the pipeline's
 * model uses; none starts a news headline.
 */
const CHATTER =
  /^(?:やあ|ねえ|ねぇ|おや|おい[、！!]|いや[ぁあー〜]*[、！!]|いやはや|どうも[、。]|こんにちは|こんばんは|ちょっと待って|えっ|え[、？?]|うーん|なるほど|はい[、。]|承知|了解|申し訳|すみません|(?:I['’]ve|I have|I['’]ll|I will|I['’]m|I am|Here['’]s|Here is|Let me|Okay|Sure|Certainly)\b)/i;
/**
 * The pipeline's `<topic>：その真意は？` cut at 40 bytes: a colon and the first characters of
 * `その…` left at the end (`…の提携：そ`, `…「Ironwood」：その真`).
 */
const DANGLING = /[:：]\s*そ(?:の[^\s？?]?)?[？?]?$/;
/** A title cannot start by pointing back at words it does not have (`その真意は？`). */
const FRAGMENT = /^(?:その|それ)/;
/**
 * Sentence ends of prose, not of a headline: polite or spoken predicates (`…ですね。`, `…ました。`,
 * `…だよ。`). A headline ends on a noun, a question or a plain `…のか。`.
 */
const PROSE_END = /(?:です|ます|でした|ました|ません|でしょう|ましょう|ね|よ|わ|さ|だ|な)[。！!]/;
/**
 * A quoted sentence, its `。` inside the quotes (`「Amazon Bedrock、新LLMでコスト半減。」`): the
 * article quoting the news it discusses (`この見出しを見た時…`), not its headline.
 */
export const QUOTED_SENTENCE = /^[「『][^「」『』]+[。．][」』]$/;
/** Spoken forms that mark a quoted line as dialogue, not a quoted headline. */
const SPOKEN = /あなた|君|僕|俺|じゃない|かな[？?]|だって[？?]|って[、？?！!]|マジ|よね/;

export function excerptTopic(excerpt: string | undefined): string | undefined {
  if (!excerpt) return undefined;
  const m = TOPIC.exec(excerpt);
  if (!m) return undefined;
  // The topic in bold, a note after it (`**ARM、AIチップ性能3倍向上へ** (半導体/技術革新)`,
  // `(2026-01-06)`, `(27文字)`): the note is the pipeline's, not the topic's.
  const bold = /^\s*\*\*([^*]+)\*\*\s*[(（][^)）]*[)）]\s*について/.exec(excerpt);
  const topic = stripTitleMarkup(bold ? bold[1]! : m[1]!);
  return topic.length >= 2 && !topic.includes(REPLACEMENT) ? topic : undefined;
}

/**
 * Markup the pipeline leaves in titles: `**`, `#`, `タイトル:`, wrapping quotes (`"…"`, or `「…」`
 * around the whole title), trailing `:`.
 */
export function stripTitleMarkup(title: string): string {
  let t = title.trim();
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t
      .replace(/^#{1,6}\s*/, '')
      .replace(/\*\*/g, '')
      .replace(/^\s*(?:タイトル|title)\s*[:：]\s*/i, '')
      .replace(/^[`"']+|[`"']+$/g, '')
      .replace(/^「([^「」]+)」$/, '$1')
      .replace(/^『([^『』]+)』$/, '$1')
      .replace(/\s*[:：]$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (t === before) break;
  }
  return t;
}

/** Why a (markup-free) title cannot be published as is, or undefined when it can. */
export function titleProblem(
  title: string,
  bodyOpening: string | undefined,
  firstLine?: string,
): string | undefined {
  if (title === '') return 'empty';
  if (title.includes(REPLACEMENT)) return 'broken characters (cut inside a multi-byte character)';
  // Cut at the first `、`: a `、` before the tail means the author wrote it (`…、AIの可能性とは？`).
  if (KANOUSEI.test(title) && !title.includes('、'))
    return 'cut at the first `、` and given `の可能性とは？`';
  if (KANOUSEI_REMNANT.test(title)) return 'cut inside the `の可能性とは？` tail';
  if (DANGLING.test(title)) return 'cut short after `：`';
  if (seoCore(title) !== undefined) return 'an SEO rewrite (`2026年…` and a template tail)';
  if (CHATTER.test(title)) return 'the model talking, not a headline';
  if (FRAGMENT.test(title)) return 'a fragment (starts by pointing back at words it does not have)';
  if (bodyOpening !== undefined) {
    // A title made from the body's first words (`やあ、元気かい？`) is chatter, not a title.
    // Only the whole first sentence counts: a topic the lead merely starts with is a fine title.
    const tk = keyOf(title).replace(/[。！？!?]+$/, '');
    const first = /^[^。！？!?]*[。！？!?]?/.exec(bodyOpening.trim())?.[0] ?? '';
    const bk = keyOf(first).replace(/[。！？!?]+$/, '');
    if (tk.length >= 2 && tk === bk && keyOf(bodyOpening).length > tk.length + 20)
      return "the body's opening words";
  }
  if (firstLine !== undefined && cutFromProse(title, firstLine)) return "the body's opening words, cut off";
  if (unbalanced(title)) return 'cut short (unbalanced brackets)';
  if (isParagraph(title)) return 'a paragraph, not a title';
  return undefined;
}

/** Over 100 characters with a sentence ended inside: a summary written where the title goes. */
function isParagraph(title: string): boolean {
  return title.length > 100 && /[。．！？!?]\s*\S/.test(title);
}

/**
 * What a paragraph written as the title names before its first colon (`**AIハードウェアの革新と
 * 半導体企業の動向**: GEEKOMは…。NVIDIAは…。`): the headline it was meant to be.
 */
function paragraphHead(text: string): string | undefined {
  const m = /^(.{8,60}?)\s*[:：]\s/.exec(text);
  const head = m?.[1]?.trim();
  return head !== undefined && /[。．！？!?]/.test(head) ? undefined : head;
}

/**
 * Whether the title is the start of the body's first line cut off mid-sentence, that line being
 * prose (`ちょっと待ってくださいね。W` of `ちょっと待ってくださいね。Web検索で…`).
 */
function cutFromProse(title: string, line: string): boolean {
  // A heading or bold line is the pipeline's headline, whatever it holds.
  if (/^\s*(?:#|\*\*)/.test(line)) return false;
  const t = title.replace(/\s*[？?]$/, '');
  const l = line.trim();
  if (isHeadlineShaped({ text: l, marked: false, labelled: false })) return false;
  // Cut inside a word: the line goes on with a letter where the title stops.
  const next = l.charAt(t.length);
  return (
    t.length >= 4 &&
    l.length > t.length + 20 &&
    l.startsWith(t) &&
    /[\p{L}\p{N}]/u.test(next) &&
    /[。.]\s*\S/.test(l)
  );
}

/**
 * The title the 2026 SEO rewrite wrapped (`2026年Claude 4は…のだろうか？による業務効率化と競争力強化`
 * → `Claude 4は…のだろうか？`), or undefined when the title is not such a rewrite.
 */
export function seoCore(title: string): string | undefined {
  let t = title;
  const tail = SEO_TAIL.test(t);
  if (!tail && !(SEO_YEAR.test(t) && SEO_DECORATION.test(t))) return undefined;
  t = t.replace(SEO_TAIL, '');
  for (let i = 0; i < 3 && SEO_DECORATION.test(t); i++) t = t.replace(SEO_DECORATION, '');
  t = t.replace(SEO_YEAR, '').trim();
  return t.length >= 4 ? t : undefined;
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

/**
 * What a cut title still holds of the author's words: the text before U+FFFD, without what the
 * cut left of the `の可能性とは？` tail or of `：その…` (`AI時代の�` → `AI時代`).
 */
export function beforeCut(title: string): string {
  let t = title;
  const bad = t.indexOf(REPLACEMENT);
  if (bad !== -1) t = t.slice(0, bad).replace(CUT_TAIL, '');
  return t.replace(KANOUSEI, '').replace(KANOUSEI_REMNANT, '').replace(DANGLING, '');
}

/** The part of a broken title that is still the author's, as a key (see `beforeCut`). */
export function titleCore(title: string): string {
  return keyOf(beforeCut(title));
}

/**
 * Text reduced to what two spellings of one headline share: `keyOf` without punctuation,
 * brackets and quotes (`NuraGridとKimi K2 Thinking ZDR、その真意は？` and its cut title
 * `NuraGridとKimi K2 Thinking ZDRの可能` differ in a `、` first).
 */
export function looseKey(text: string): string {
  return keyOf(text).replace(/[、。，,．.：:・！？!?「」『』（）()【】〜～\-–—―"'“”‘’\s]/g, '');
}

/** What a damaged title still holds of the headline it was cut from, as a loose key. */
function damagedCore(plain: string): string {
  let t = plain;
  const bad = t.indexOf(REPLACEMENT);
  if (bad !== -1) t = t.slice(0, bad).replace(CUT_TAIL, '');
  // The last character replaced by `？` (`…インフラの真意と？` for `…の真意とは`).
  t = t
    .replace(KANOUSEI, '')
    .replace(KANOUSEI_REMNANT, '')
    .replace(/[？?]$/, '');
  return looseKey(t);
}

/** How much of `a` (its character pairs) `b` holds: 1 when every pair of `a` is in `b`. */
function coverage(a: string, b: string): number {
  const ka = looseKey(a);
  const kb = looseKey(b);
  if (ka.length < 4) return 0;
  const pairs = charPairs(kb);
  const own = charPairs(ka);
  let hit = 0;
  for (const p of own) if (pairs.has(p)) hit++;
  return hit / own.size;
}

/** The length of the common start of `a` and `b`. */
/** The body's first line as the pipeline wrote it, and how. */
export interface HeadlineCandidate {
  /** The line's text without `#`, `**` or `タイトル:`. */
  readonly text: string;
  /** Written as `# …`, `## …` or a whole `**…**` line, not as a paragraph. */
  readonly marked: boolean;
  /** Labelled `タイトル:` by the model itself. */
  readonly labelled: boolean;
}

/**
 * Whether a candidate reads as a headline rather than the article's first sentence: short, no
 * greeting, no polite or spoken sentence end, and a quoted line not dialogue.
 */
export function isHeadlineShaped(c: HeadlineCandidate): boolean {
  const t = c.text;
  if (t.length < 4 || t.length > 100 || CHATTER.test(t) || unbalanced(t)) return false;
  if (c.labelled || c.marked) return true;
  if (PROSE_END.test(t)) return false;
  if (/^[「『]/.test(t) && SPOKEN.test(t)) return false;
  if (QUOTED_SENTENCE.test(t)) return false;
  // More than two sentences is a paragraph, however short.
  return (t.match(/[。！？!?](?=\s*\S)/g)?.length ?? 0) <= 2;
}

export interface TitleRepair {
  readonly title: string | undefined;
  readonly from: 'as-is' | 'markup' | 'echo' | 'excerpt' | 'heading' | 'seo';
  readonly problem: string | undefined;
  /** The body's first line is the article's headline (the title written again): it goes. */
  readonly headline: boolean;
}

/** What the title stage knows of the post. */
export interface TitleInput {
  readonly raw: string;
  readonly excerpt: string | undefined;
  /** The body's first line, when it is a short line of its own. */
  readonly echo: HeadlineCandidate | undefined;
  readonly firstHeading: string | undefined;
  /** The first paragraph after the echo. */
  readonly bodyOpening: string | undefined;
  /** The body's first non-empty line as written, before any repair. */
  readonly firstLine: string | undefined;
}

/**
 * Choose the published title. A broken title (cut, `…の可`, `…と？`, U+FFFD, a `タイトル:`
 * placeholder, model talk) is rebuilt from the excerpt's topic, the pipeline's short name for the
 * news, as the issue asks; else from the body's first line when that is the headline the title was
 * made from; else from the first heading. An SEO rewrite gives back the title it wrapped. The body's
 * first line, when it is the article's headline (the title written again, whole or before it was
 * cut), goes from the body. When nothing fits, `title` is undefined and the post is held back as
 * untitled.
 */
export function repairTitle(input: TitleInput): TitleRepair {
  const plain = stripTitleMarkup(input.raw);
  const problem = titleProblem(plain, input.bodyOpening, input.firstLine);
  // A quoted sentence is no headline (`QUOTED_SENTENCE`), unless the damaged title was cut from
  // it: then it is the headline in quotes (`「…の�` of `「…、その真意は何か？…のか。」`).
  const quoted =
    input.echo !== undefined && problem !== undefined && QUOTED_SENTENCE.test(input.echo.text)
      ? { ...input.echo, text: input.echo.text.slice(1, -1) }
      : undefined;
  const cutFromQuote =
    quoted !== undefined &&
    damagedCore(plain).length >= 3 &&
    looseKey(quoted.text).startsWith(damagedCore(plain));
  const echo = cutFromQuote ? quoted : input.echo;
  const usable =
    echo !== undefined &&
    isHeadlineShaped(echo) &&
    titleProblem(echo.text, undefined) === undefined &&
    // A title taken from the line must not be the line's first words cut off (`…ね。W`).
    !problem?.startsWith("the body's opening words");
  // The excerpt's topic, when it names one: what a broken title is rebuilt from first.
  const given = excerptTopic(input.excerpt);
  const topic = given !== undefined && titleProblem(given, undefined) === undefined ? given : undefined;
  if (usable) {
    const hk = looseKey(echo.text);
    const core = damagedCore(plain);
    if (hk === looseKey(plain) && problem === undefined) return { ...kept(plain, input.raw), headline: true };
    // The line is the headline the damaged title was made from: it goes from the body either
    // way, and the title is the topic, else the line. Not a topic that names something else
    // than the headline does (the generic `AI業界の最新動向` of the early posts), nor for an SEO
    // rewrite, which wraps the title itself: the line writes that whole.
    const rebuilt = (why: string): TitleRepair =>
      topic !== undefined &&
      seoCore(plain) === undefined &&
      !isGeneric(topic) &&
      coverage(topic, echo.text) >= 0.2
        ? { title: topic, from: 'excerpt', problem: why, headline: true }
        : { title: echo.text, from: 'echo', problem: why, headline: true };
    // A title that is the headline's start: cut at 40 bytes, at the first `、`, or its last
    // character replaced by `？`.
    if (core.length >= 3 && hk.length > core.length && hk.startsWith(core)) {
      return rebuilt(problem ?? 'cut short');
    }
    if (problem !== undefined) {
      const lead = commonStart(core, hk);
      const related =
        echo.labelled ||
        // A cut title whose last characters were garbled (`…調達：そ�` for `…調達：AI調達…`).
        (lead >= 6 && lead >= core.length * 0.6) ||
        [given, seoCore(plain), core].some((a) => a !== undefined && coverage(a, echo.text) >= 0.4);
      if (related) return rebuilt(problem);
    } else if (coverage(plain, echo.text) >= 0.85 && coverage(echo.text, plain) >= 0.85) {
      // The title written again with a word spelled differently (`三次元` / `3次元`).
      return { ...kept(plain, input.raw), headline: true };
    }
  }
  if (problem === undefined) return { ...kept(plain, input.raw), headline: false };
  const seo = seoCore(plain);
  if (seo !== undefined && titleProblem(seo, undefined) === undefined) {
    return { title: seo, from: 'seo', problem, headline: false };
  }
  // A summary in the title's place names its headline before its first colon; the body's copy of
  // it (its first heading) has the characters the front matter lost (`半導企業` for `半導体企業`).
  // The body's copy stays: it is the summary, not only the headline.
  const head = isParagraph(plain) ? paragraphHead(plain) : undefined;
  if (head !== undefined && (topic === undefined || isGeneric(topic))) {
    const written = input.firstHeading === undefined ? undefined : stripTitleMarkup(input.firstHeading);
    const whole = written !== undefined && isParagraph(written) ? paragraphHead(written) : undefined;
    if (whole !== undefined && commonStart(looseKey(whole), looseKey(head)) >= 4) {
      return { title: whole, from: 'heading', problem, headline: false };
    }
    return { title: head, from: 'as-is', problem, headline: false };
  }
  if (topic !== undefined) return { title: topic, from: 'excerpt', problem, headline: false };
  // Nothing names the topic: the body's first short line is the best headline there is.
  if (usable) return { title: echo.text, from: 'echo', problem, headline: true };
  const heading = input.firstHeading === undefined ? undefined : stripTitleMarkup(input.firstHeading);
  if (heading && !titleProblem(heading, undefined)) {
    return { title: heading, from: 'heading', problem, headline: false };
  }
  return { title: undefined, from: 'as-is', problem, headline: false };
}

/**
 * A topic that names no news, only a field's trends (`AI業界の最新動向`, the excerpt of many early
 * posts): nothing in Latin letters but `AI`, no katakana word, figure or quoted name, and a
 * summary's last word.
 */
function isGeneric(topic: string): boolean {
  const names =
    /[0-9０-９]|[「『]|[\u30a1-\u30fa\u30fc]{2}/.test(topic) ||
    (topic.match(/[A-Za-z][A-Za-z.&-]*/g) ?? []).some((w) => w !== 'AI');
  return !names && /(?:動向|最前線|トレンド|概要|まとめ|現状)$/.test(topic);
}

function kept(plain: string, raw: string): Omit<TitleRepair, 'headline'> {
  return { title: plain, from: plain === raw.trim() ? 'as-is' : 'markup', problem: undefined };
}
