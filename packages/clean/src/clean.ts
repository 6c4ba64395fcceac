import { createHash } from 'node:crypto';
import { createSlugifier, leadExcerpt, readingMinutes } from '@kiji/ja';
import type { SourcePost } from '@kiji/jekyll';
import { type Block, headingContent, parseBlocks, printBlocks } from './blocks.js';
import { balanceBold } from './passes/bold-balance.js';
import { boldHeadings } from './passes/bold-headings.js';
import { joinChunks } from './passes/chunk-join.js';
import { type Chunks, createPassContext, type PassContext } from './passes/context.js';
import { dropContinuationDots } from './passes/continuation-dots.js';
import { dedupe } from './passes/dedupe.js';
import { undoubleEndings } from './passes/doubled-ending.js';
import { splitAfterNotice, splitAtEndMarkers } from './passes/end-markers.js';
import { splitFlattenedLists } from './passes/flattened-list.js';
import { footerLast } from './passes/footer.js';
import { splitGluedHeadings } from './passes/glued-heading.js';
import { removeJunk } from './passes/junk.js';
import { removePromptLeak } from './passes/prompt-leak.js';
import { renamePromptWords } from './passes/prompt-words.js';
import { removeRefusals } from './passes/refusal.js';
import { mendBrokenLabels, relatedTitles } from './passes/related-links.js';
import { tidyEnding } from './passes/tidy-ending.js';
import {
  afterEcho,
  candidateText,
  echoCandidate,
  headlineOf,
  removeHeadline,
  removeTitleEcho,
  removeWrappedTitle,
} from './passes/title-echo.js';
import { createRenderer } from './render.js';
import { createSentenceCache, type SentenceCache } from './sentences.js';
import { keyOf, plainInline, quote, visibleLength } from './text.js';
import { isHeadlineShaped, repairTitle, seoCore, stripTitleMarkup, titleCore } from './title.js';
import type { CleanOptions, CleanPost, CleanResult, Fix, QuarantineReason, Verdict } from './types.js';

/**
 * Below this much plain text the body is not an article. In the corpus, cleaned articles run
 * from about 1,000 characters up; what falls below 400 is an empty body, a lone refusal or a
 * stub of a heading and a sentence or two.
 */
const MIN_TEXT = 400;
const EXCERPT_MAX = 140;
/**
 * The pipeline's excerpts that say nothing of the article: `<topic>について詳細に分析します。`, and the
 * site's tagline written as an excerpt (`最新のAI技術動向と市場分析をお届けします。`).
 */
const BOILERPLATE_EXCERPT = /について(詳細に分析|詳しく解説)します|^[^。！？]{0,40}をお届けします。?$/;
const CONFLICT = /^(<{7}|>{7})(\s|$)|^={7}\s*$/;

/** Loads the slug dictionary once; the returned function is pure, synchronous and deterministic. */
export async function createCleaner(options: CleanOptions = {}): Promise<(post: SourcePost) => CleanResult> {
  const slugify = await createSlugifier({ maxLength: options.slugMaxLength ?? 80 });
  const render = createRenderer();
  const sentences = createSentenceCache();
  return (post) => {
    try {
      return cleanWith(post, options, slugify, render, sentences);
    } finally {
      sentences.clear();
    }
  };
}

/** One-off convenience; for batches use `createCleaner` so the dictionary loads once. */
export async function cleanPost(post: SourcePost, options?: CleanOptions): Promise<CleanResult> {
  return (await createCleaner(options))(post);
}

function cleanWith(
  post: SourcePost,
  options: CleanOptions,
  slugify: (text: string) => string,
  render: ReturnType<typeof createRenderer>,
  sentences: SentenceCache,
): CleanResult {
  const fixes: Fix[] = [];
  const ctx: PassContext = createPassContext(fixes, sentences);
  const body = undoubleEndings(
    renamePromptWords(removePromptLeak(post.body, post.bodyLine, fixes), post.bodyLine, fixes),
    post.bodyLine,
    fixes,
  );
  if (body.includes('=======') || body.includes('<<<<<<<') || body.includes('>>>>>>>')) {
    body.split('\n').forEach((l, i) => {
      if (CONFLICT.test(l)) ctx.conflictLines.push(post.bodyLine + i);
    });
  }
  const rawPlain = stripTitleMarkup(post.title);
  const chunks: Chunks = splitAfterNotice(splitAtEndMarkers(body, post.bodyLine, fixes), rawPlain, fixes).map(
    (c, i) => parseBlocks(c.text, c.line, i),
  );
  removeRefusals(chunks, ctx);
  removeJunk(chunks, ctx);

  // Title: repaired before the echo is removed, since the echo may be the only full form of it.
  const echo = echoCandidate(chunks);
  const firstHeading = firstBlock(chunks, 'heading', echo);
  // The paragraph after the echo, or the rest of the one whose first line the echo is.
  const opening = (echo && afterEcho(chunks, echo)) || firstBlock(chunks, 'paragraph', echo);
  const repair = repairTitle({
    raw: post.title,
    excerpt: post.excerpt,
    echo: echo ? headlineOf(echo) : undefined,
    firstHeading: firstHeading ? headingContent(firstHeading.text) : undefined,
    bodyOpening: opening?.text,
    firstLine: firstLineOf(post.body),
  });
  // The body's headline, when the title as written is not its start (a topic, an SEO rewrite, a
  // placeholder, the last character turned into `？`; a line with a `。`), stays in the body while
  // the body passes run: the later chunks write it again as body text (alone, or run into the
  // first paragraph), and the passes know those as repeats of the body's first line. It goes
  // once they are done. A headline the written title was cut from is its echo: it goes first.
  const deferred = repair.headline && echo && !echoesWrittenTitle(echo, rawPlain) ? echo : undefined;
  // The title as written counts too: the body may quote it, brackets and all (`「…」`).
  if (repair.problem === undefined) ctx.titleKeys.add(keyOf(rawPlain)).add(keyOf(post.title.trim()));
  // A title broken inside a character is never text: written as a line of the body, it is the
  // echo of the broken title (`## MicrosoftとAzure AIが示すの可�`).
  else if (rawPlain.includes('\uFFFD')) ctx.titleKeys.add(keyOf(rawPlain));
  if (repair.title !== undefined && !deferred) ctx.titleKeys.add(keyOf(repair.title));
  if (repair.headline && echo && !deferred) {
    // The headline as written too (`タイトル：…`): a later chunk may write it again that way.
    ctx.titleKeys.add(keyOf(candidateText(echo))).add(keyOf(headingContent(echo.text)));
  }
  const core =
    repair.problem?.startsWith('broken') || repair.problem?.startsWith('cut short')
      ? titleCore(rawPlain)
      : '';
  if (!deferred) removeTitleEcho(chunks, ctx.titleKeys, core, ctx);
  // A headline-like first line that stays (the title is whole and says it differently) is no
  // part of the lead: the excerpt must not open with it glued to the first sentence.
  const kept = echoCandidate(chunks);
  const headlines = [repair.title, echo && repair.headline ? candidateText(echo) : undefined];
  // Only a line with no sentence end at all: one ending in `？` or `」` may be the first sentence.
  if (
    kept &&
    afterEcho(chunks, kept) === undefined &&
    isHeadlineShaped(headlineOf(kept)) &&
    !/[。．！？!?」』）)]$/.test(candidateText(kept))
  ) {
    headlines.push(candidateText(kept));
  }
  if (repair.title === undefined) {
    fixes.push({ kind: 'title', detail: `could not rebuild title ${quote(post.title)} (${repair.problem})` });
  } else if (repair.title !== post.title) {
    const why = repair.problem ?? 'markup';
    fixes.push({
      kind: 'title',
      detail: `${quote(post.title)} → ${quote(repair.title)} (${why}; from ${repair.from})`,
    });
  }

  const before = fixes.length;
  let markdown = repairBody(chunks, ctx);
  // Nothing merged, joined or cut: the printed body is the input's own blocks (headings
  // normalised), already a fixed point, and the check round is skipped.
  const settled = fixes.slice(before).every((f) => f.kind === 'bold-heading' || f.kind === 'glued-heading');
  // A repair can expose another (a join completes a sentence that is now a repeat; a dropped
  // section leaves its heading dangling): run the body passes again until nothing changes, so
  // that cleaning a clean post is a no-op. Fixes from these rounds have no file line.
  for (let round = 0; round < 3 && !settled; round++) {
    const local: Fix[] = [];
    const printed = markdown.endsWith('\n') ? markdown.slice(0, -1) : markdown;
    const again = repairBody([parseBlocks(printed, 1, 0)], { ...ctx, fixes: local });
    if (again === markdown) break;
    for (const f of local) fixes.push({ kind: f.kind, detail: f.detail });
    markdown = again;
  }
  markdown = dropContinuationDots(markdown, ctx);
  // Title stage, continued: the headline the title came from goes now (see `deferred`).
  if (deferred) markdown = removeHeadline(markdown, deferred, ctx);
  const wrapped = repair.problem === undefined ? undefined : seoCore(rawPlain);
  if (wrapped !== undefined) markdown = removeWrappedTitle(markdown, wrapped, ctx);
  const { html, text, lead } = render(markdown);

  const title = repair.title ?? (rawPlain.replace(/\uFFFD.*$/, '').trim() || post.id);
  const excerptMax = options.excerptMax ?? EXCERPT_MAX;
  const excerpt = chooseExcerpt(post.excerpt, lead, text, excerptMax, fixes, headlines);
  const slug = slugify(title) || post.id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const minutes = readingMinutes(text);

  const reasons: QuarantineReason[] = [];
  if (ctx.conflictLines.length > 0) {
    reasons.push({
      code: 'conflict-markers',
      message: `unresolved merge conflict markers on line(s) ${ctx.conflictLines.slice(0, 5).join(', ')}; resolve them in the source`,
    });
  }
  if (ctx.refusalAtStart !== undefined) {
    reasons.push({
      code: 'refusal',
      message: `the body opens with model refusal/error text instead of an article: ${quote(ctx.refusalAtStart, 80)}`,
    });
  }
  if (ctx.junkChars > 0 && ctx.junkChars * 3 > post.body.length) {
    reasons.push({
      code: 'junk',
      message: `${ctx.junkChars} of ${post.body.length} characters were junk (LaTeX-like runs)`,
    });
  }
  if (repair.title === undefined) {
    reasons.push({
      code: 'untitled',
      message: `title ${quote(post.title)} is ${repair.problem} and could not be rebuilt`,
    });
  }
  const minText = options.minTextLength ?? MIN_TEXT;
  const textLength = visibleLength(text, minText);
  if (textLength < minText) {
    reasons.push({
      code: 'too-short',
      message: `only ${textLength} characters of text after cleaning (minimum ${minText})`,
    });
  }
  const verdict: Verdict =
    reasons.length === 0 ? { status: 'publish', reasons: [] } : { status: 'quarantine', reasons };

  const contentHash = createHash('sha256')
    .update(
      JSON.stringify([
        title,
        slug,
        post.date.iso,
        post.categories,
        post.tags,
        post.author ?? null,
        excerpt,
        html,
      ]),
    )
    .digest('hex');
  const clean: CleanPost = {
    id: post.id,
    sourcePath: post.sourcePath,
    title,
    slug,
    date: post.date,
    categories: post.categories,
    tags: post.tags,
    author: post.author,
    excerpt,
    markdown,
    html,
    text,
    readingMinutes: minutes,
    draft: post.draft,
    extra: post.extra,
    contentHash,
  };
  return { post: clean, fixes, verdict };
}

function repairBody(chunks: Chunks, ctx: PassContext): string {
  splitGluedHeadings(chunks, ctx);
  splitFlattenedLists(chunks, ctx);
  boldHeadings(chunks, ctx);
  relatedTitles(chunks, ctx);
  const joined = joinChunks(chunks, ctx);
  const merged = dedupe(joined, ctx);
  const ended = balanceBold(tidyEnding(footerLast(merged, ctx), ctx), ctx);
  mendBrokenLabels(ended, ctx);
  return printBlocks(ended);
}

/**
 * Whether the candidate is the title as written or its whole form (the written title cut off
 * it): a single line, a paragraph only without `。`, starting with the written title's surviving
 * part.
 */
function echoesWrittenTitle(echo: Block, rawPlain: string): boolean {
  const text = candidateText(echo);
  // A line of prose, or one in the cut form itself, is no echo of the written title.
  if (echo.kind === 'paragraph' && /[。．\n]/.test(echo.text)) return false;
  if (/の可能性(?:と(?:は)?)?[？?]?$/.test(text)) return false;
  const bad = rawPlain.indexOf('\uFFFD');
  const written = keyOf(
    (bad === -1 ? rawPlain : rawPlain.slice(0, bad)).replace(/の可能性(?:と(?:は)?)?[？?]?$/, ''),
  );
  return written.length >= 4 && keyOf(text).startsWith(written);
}

/** The body's first non-empty line, as written. */
function firstLineOf(body: string): string | undefined {
  const m = /^[ \t]*\S[^\n]*/m.exec(body);
  return m?.[0].trim();
}

function firstBlock(chunks: Chunks, kind: Block['kind'], except: Block | undefined): Block | undefined {
  for (const chunk of chunks) for (const b of chunk) if (b.kind === kind && b !== except) return b;
  return undefined;
}

/**
 * The pipeline's boilerplate excerpt says nothing; the article's lead does. Neither may open with
 * the headline (`headlines`: the title and the body's headline line): the description was often
 * made from the body's start, headline and lead glued together, and an excerpt that is only the
 * title says nothing either. An excerpt that is the body's start cut anywhere gives way to the
 * lead too, and the lead's greeting goes (see `SALUTATION`).
 */
function chooseExcerpt(
  given: string | undefined,
  lead: string,
  bodyText: string,
  max: number,
  fixes: Fix[],
  headlines: readonly (string | undefined)[],
): string {
  const plain = given === undefined ? '' : plainInline(given);
  const leadText = withoutHeadline(plainInline(lead), headlines);
  if (plain !== '' && !BOILERPLATE_EXCERPT.test(plain) && !plain.includes('\uFFFD')) {
    const rest = withoutHeadline(plain, headlines);
    // The pipeline's later excerpts are the body's first characters, headings and all, cut
    // anywhere (`…人間のよ`): the lead has the sentence whole.
    const cutOff =
      rest !== '' &&
      !SENTENCE_END.test(rest) &&
      keyOf(bodyText.slice(0, rest.length * 2 + 200)).includes(keyOf(rest));
    if (cutOff) {
      const out = leadExcerpt(withoutSalutation(leadText), { max });
      fixes.push({
        kind: 'excerpt',
        detail: `${quote(given ?? '')} → ${quote(out)} (cut off; replaced by the lead)`,
      });
      return out;
    }
    if (rest !== '') {
      if (rest.length <= max && rest === given) return rest;
      const cut = rest.length <= max ? rest : leadExcerpt(rest, { max });
      const why = rest === plain ? 'markup removed / shortened' : 'headline removed';
      fixes.push({ kind: 'excerpt', detail: `${quote(given ?? '')} → ${quote(cut)} (${why})` });
      return cut;
    }
  }
  const out = leadExcerpt(withoutSalutation(leadText), { max });
  const why = plain !== '' && !BOILERPLATE_EXCERPT.test(plain) ? 'the title again' : 'boilerplate';
  fixes.push({
    kind: 'excerpt',
    detail: `${quote(given ?? '')} → ${quote(out)} (${why} replaced by the lead)`,
  });
  return out;
}

/** How a sentence ends, or an excerpt that was cut with care (`…`). */
const SENTENCE_END = /[。．！？!?」』）)…]$/;

/**
 * A first sentence that only greets the reader (`やあ、みんな。`, `皆さん、こんにちは。`,
 * `やあ、元気にしてるかい？`): it says nothing of the article, and in a digest every excerpt of
 * the blog would open with it.
 */
const SALUTATION =
  /^(?:(?:やあ|どうも|おい|ねえ)、?)?(?:(?:皆さん|みなさん|皆様|みんな|君たち|諸君|君|あなた)、?)?(?:こんにちは|こんばんは|おはようございます|お元気ですか|お久しぶりです|元気(?:にしてる|だった)?かい|元気(?:にしてる|だった)?か|久しぶり(?:だね)?)?[。！!？?]\s*/;

/** `text` without the salutations it opens with (`やあ、みんな。元気かい？`), when more follows. */
function withoutSalutation(text: string): string {
  let rest = text;
  for (;;) {
    const m = SALUTATION.exec(rest);
    // A bare stop is no greeting; what is left must still be something to read.
    if (m === null || m[0].trim().length < 3 || rest.length - m[0].length < 20) return rest;
    rest = rest.slice(m[0].length);
  }
}

/** `text` without a headline it opens with; '' when it is nothing but one. */
function withoutHeadline(text: string, headlines: readonly (string | undefined)[]): string {
  for (const h of headlines) {
    if (h === undefined || h.length < 4 || !text.startsWith(h)) continue;
    return text.slice(h.length).trim();
  }
  return text;
}
