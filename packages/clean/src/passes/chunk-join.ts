import { type Block, headingContent, isBoldLine } from '../blocks.js';
import {
  countBold,
  endsCleanly,
  isBareLabel,
  isHiragana,
  keyOf,
  QUOTING_PARTICLE,
  quote,
  SENTENCE_OPENER,
  startsMidSentence,
  startsMidWord,
  stripListMarker,
  withoutLeadingDash,
} from '../text.js';
import type { Fix } from '../types.js';
import {
  boldEchoedOn,
  boldGoesOn,
  CLOSES_BOLD_WORDS,
  CUT_LABEL_RULE,
  opensParagraph,
} from './bold-headings.js';
import { type Chunks, chunksText, type PassContext } from './context.js';
import { DOTS as LEADING_DOTS } from './continuation-dots.js';
import { isAffiliateNotice, isCutNotice } from './footer.js';
import { BOLD_LABEL_LINE } from './tidy-ending.js';

const MIN_OVERLAP = 4;
/** How many key characters at the end of a headline say a chunk opens with it reworded. */
const HEADLINE_TAIL = 12;
/** The shortest fragment (in key characters) that a longer sentence starting with it shows to be a cut-off copy. */
const MIN_COPY = 8;
/** Characters at each end of a key that index it for `cutCopy`. */
const EDGE = 4;
/** Key characters two sentences must open alike with to be the same passage begun again. */
const OPENING_WORDS = 12;
/** Words that add one more name to a list (`あるいは`, `または`): no paragraph opens with them after a list cut off. */
const NAMES_GO_ON = /^(?:あるいは|または|もしくは|ならびに|および)(?!、)/;
/** Commas, which a sentence written again may set differently. */
const COMMAS = /[、,，]/g;
/** A fragment that ends on a comma: the cut fell right after a whole clause. */
const COMMA_END = /[、,，]$/;

/**
 * The start of a paragraph that does not go on with a cut sentence: one written like a list item
 * (a label and a colon, bold, a quote), a restart (`…`, `...`), or a new sentence (`そして、`).
 * A colon inside brackets is no label's (`…市場は80Bドル以上（出典：参照データ）`).
 */
const ITEM_LIKE =
  /^(?:\*\*|[「『]|(?:[^。、！？\s*（(]|[（(][^）)\n]*[）)]){1,40}?[：:]\s?|…|\.\.\.|(?:そして|しかし|また|さらに|一方|つまり|特に|例えば|なお|ただし|もちろん|実は|では|さて)、)/;

/**
 * Sew the chunks back together. A chunk that stops mid-sentence (`…総`) is continued by the next
 * one (`額330億ドル…`), which sometimes restarts the cut fragment instead (overlap); both are
 * joined. When the next chunk starts afresh (a title echo, a repeat, a heading), the fragment is
 * a cut-off and is dropped; so is a half heading (`**社会全体`, `### 倫理と`) and the body's
 * unfinished last sentence. Seams also hide inside a chunk as a double blank line or a `…`
 * restart.
 */
export function joinChunks(chunks: Chunks, ctx: PassContext): Block[] {
  for (let c = 1; c < chunks.length; c++) {
    const first = chunks[c]![0];
    const text = textOpening(chunks[c]!);
    if (first !== undefined) ctx.chunkStarts.add(first.line);
    if (text !== undefined && text !== first) ctx.chunkStarts.add(text.line);
  }
  removeRewordedHeadlines(chunks, ctx);
  /** By key number: the first text of every sentence key, and the keys that occur more than once. */
  const texts: SentenceIndex = { first: [], repeated: [], keys: [], order: [] };
  /**
   * By key number: whether the sentence stands anywhere but first in a chunk, and the first chunk
   * it opens. A chunk that opens with text written before restarts the article; one that opens
   * like an earlier chunk did is the same continuation appended again.
   */
  const inside: (boolean | undefined)[] = [];
  const opensChunk: (number | undefined)[] = [];
  /** By key number: it is all some later chunk has (a continuation appended again, not a headline). */
  const opensAlone: (boolean | undefined)[] = [];
  /** By key number: the source line the sentence first stands on. */
  const firstLine: (number | undefined)[] = [];
  const headingKeys: string[] = [];
  // The index of every sentence is only needed at a seam that is cut mid-sentence; most posts
  // have none, so it is built on first use.
  let indexed = false;
  const index = () => {
    if (indexed) return;
    indexed = true;
    for (const chunk of chunks) {
      for (const b of chunk) {
        if (b.kind === 'heading') headingKeys.push(keyOf(headingContent(b.text)));
        if (b.kind !== 'paragraph') continue;
        const pieces = ctx.split(b.text);
        const keys = ctx.keys(b.text);
        const ids = ctx.ids(b.text);
        let opening = b.chunk > 0 && (b === chunk[0] || b === textOpening(chunk));
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i]!;
          if (k === '') continue;
          const id = ids[i]!;
          firstLine[id] ??= b.line;
          if (opening) {
            opensChunk[id] ??= b.chunk;
            if (chunk.length === 1 && keys.length === 1) opensAlone[id] = true;
          } else inside[id] = true;
          opening = false;
          if (texts.first[id] !== undefined) texts.repeated[id] = true;
          else {
            texts.first[id] = pieces[i]!; // trimmed only when used (wholeCopy)
            texts.keys.push(k);
            texts.order.push(id);
          }
        }
      }
    }
  };
  /**
   * `k`, opening chunk `chunk` on source line `line`, was written before: in the article, or
   * opening an earlier chunk.
   */
  const repeated = (k: string, chunk: number, line: number) => {
    index();
    const id = ctx.idOf(k);
    if (texts.repeated[id] !== true) return ctx.titleKeys.has(k);
    // What cannot open a sentence (`しているAI…`) goes on with a cut wherever it stands; only
    // its first copy completes one.
    if (startsMidWord(k)) return (firstLine[id] ?? line) < line;
    // Opening several chunks without a sentence end, it is the headline each echo starts with; not
    // when a later chunk has it alone: a continuation appended again (`de 3ファミリーなら、` after
    // `Clau`, `コスト**: 5,000万円…` after `*   **導入`, the rest of a book's blurb).
    return (
      inside[id] === true ||
      (opensChunk[id] ?? chunk) < chunk ||
      ctx.titleKeys.has(k) ||
      (!SENTENCE_END.test(k) && opensAlone[id] !== true)
    );
  };
  /** The post's text, for the rare check that looks a word up in it (`goesOnInWord`). */
  let allText: string | undefined;
  const postText = () => (allText ??= chunksText(chunks));
  /**
   * `opensAnew`, but `である` ends no sentence in a post that never ends one with `である。`: written
   * in the polite style, it is the form before a noun (`…手法である` + `**LoRA**や…を活用し、…`).
   */
  const endsAnew = (frag: string, head: string): boolean =>
    opensAnew(frag, head) && !(frag.endsWith('である') && !postText().includes('である。'));
  const firstKey = (b: Block) => ctx.keys(b.text).find((k) => k !== '') ?? '';
  /** The next chunk starts again (a repeat, or the echo opening with the title) rather than going on. */
  const startsAfresh = (next: Block): boolean => {
    const first = firstKey(next);
    if (repeated(first, next.chunk, next.line) && !goesOnAfterShort(next)) return true;
    return opensLikeTop(next, first);
  };
  /** The next chunk opens with the title or the article's first words: an echo from the top. */
  const opensLikeTop = (next: Block, first = firstKey(next)): boolean => {
    // The echo may set the title off with a dash (`― AppleのA18X、…のか？ いやはや、…`), or follow a
    // stray `、` the model wrote first, on a line of its own (`、` + `「タイトル」 本文…`).
    const k = withoutLeadingDash(
      first === '、' ? (ctx.keys(next.text).filter((x) => x !== '')[1] ?? '') : first,
    );
    // The title may run into the echo's first sentence (`タイトル 本文…`), so only its start is known.
    // Or the splitter cut the title at its `？` (`…の真意とは？` + `AI時代の…`).
    for (const t of ctx.titleKeys) {
      if (t.length >= 8 && k.length >= t.length && k.startsWith(t)) return true;
      if (k.length >= 8 && t.length > k.length && t.startsWith(k)) return true;
    }
    // So may the article's first line, when the echo starts from the top.
    if (articleStart === undefined) {
      const opening = chunks.find((c) => c.length > 0)?.find((b) => b.kind === 'paragraph');
      articleStart = opening === undefined ? '' : firstKey(opening);
    }
    return articleStart.length >= 8 && k.startsWith(articleStart);
  };
  let articleStart: string | undefined;
  /**
   * A seam inside a figure (`…90時間 × 1` + `00万円/時間…`): the next chunk goes on with it, however
   * often the pipeline appends it. Not an echo of an article that opens with a figure (`…この20` +
   * `1000億ドル？正直、…`): that starts from the top.
   */
  const inNumber = (frag: string, next: Block): boolean =>
    cutInNumber(frag, next.text) && !opensLikeTop(next);
  /**
   * Whether `chunk` is one line that completed an earlier cut and is the end of a line of an
   * earlier chunk: the pipeline appended that continuation again.
   */
  const appendedAgain = (chunk: readonly Block[]): boolean =>
    chunk.length === 1 &&
    // A list of one line too: the second star of a label's close and the item's text (`* 再生可能…`).
    (chunk[0]!.kind === 'paragraph' || (chunk[0]!.kind === 'list' && !chunk[0]!.text.includes('\n'))) &&
    ctx.continuations.has(firstKey(chunk[0]!)) &&
    (endsLineWrittenBefore(chunk[0]!) || opensEarlierChunk(chunk[0]!));
  /**
   * Whether an earlier chunk opened with this very line, however short (`部 担当者）`, the end of an
   * attribution): the same continuation, which completed a cut there.
   */
  const opensEarlierChunk = (block: Block): boolean => {
    const line = block.text.trim();
    if (line.includes('\n')) return false;
    for (const chunk of chunks) {
      const first = chunk[0];
      if (first === undefined || first.chunk >= block.chunk) break;
      if (first !== block && first.kind === block.kind && first.text.trim() === line) return true;
    }
    return false;
  };
  /**
   * Whether `block`, all a later chunk opens with, is the end of a line of an earlier chunk that has
   * more of its chunk after it (8+ key characters): the pipeline appended a continuation again, up to
   * where that line ends in the article.
   */
  const endsLineWrittenBefore = (block: Block): boolean => {
    if (block.chunk === 0 || chunks[block.chunk]?.[0]?.line !== block.line) return false;
    const words = block.text.trim();
    const key = keyOf(words);
    if (key.length < MIN_COPY || words.includes('\n')) return false;
    for (const chunk of chunks) {
      if ((chunk[0]?.chunk ?? block.chunk) >= block.chunk) break;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (!b.text.includes(words)) continue;
        const lines = b.text.split('\n');
        for (let j = 0; j < lines.length; j++) {
          if (i === chunk.length - 1 && j === lines.length - 1) continue;
          if (keyOf(lines[j]!).endsWith(key)) return true;
        }
      }
    }
    return false;
  };
  /**
   * Whether `next` opens with a continuation that already completed another cut (the pipeline
   * appended it again): it goes on with that one, not with `frag`, unless it restarts `frag`.
   */
  const consumed = (frag: string, next: Block): boolean =>
    ctx.continuations.has(firstKey(next)) &&
    restartedAfterDots(frag, next.text) === 0 &&
    !goesOnAfterShort(next);
  /**
   * A chunk opening too short to tell one continuation from another (`ます。`, the end of many a
   * sentence cut before its ending) is one appended again only when the sentence after it was
   * written before too; otherwise it goes on with this cut (`…強化してい` + `ます。これは、…`).
   */
  const goesOnAfterShort = (next: Block): boolean => {
    const keys = ctx.keys(next.text).filter((k) => k !== '');
    return keys.length >= 2 && keys[0]!.length < MIN_COPY && secondIsNew(keys);
  };
  const secondIsNew = (keys: readonly string[]): boolean => {
    index();
    return texts.repeated[ctx.idOf(keys[1]!)] !== true;
  };
  /**
   * A chunk whose first sentence the post writes elsewhere too, but which writes the cut words
   * again from inside the cut sentence (`…しかし、私はそうは思いませ` + `私はそうは思いません。むしろ、…`),
   * goes on with this cut when the sentence after that one is new: a passage written again would
   * repeat that one too. Only a clause written again from its start after a comma; a chunk that
   * writes the whole cut sentence again, or opens inside a word of it, starts afresh as before.
   */
  const restartsCutClause = (frag: string, next: Block): boolean => {
    const n = restartedLength(frag, next.text);
    if (n < MIN_OVERLAP || n >= frag.length || !CLAUSE_BREAK.test(frag.charAt(frag.length - n - 1)))
      return false;
    const keys = ctx.keys(next.text).filter((k) => k !== '');
    return keys.length >= 2 && secondIsNew(keys);
  };

  /**
   * Remember that `head` (its first `k` characters restarting `frag`) completed `frag`: the
   * pipeline may append it again after a later seam, whole or from where the restart ends
   * (`考慮し、…` completes `…を考慮`, a later chunk opens `し、…`), and no copy completes another cut.
   */
  const consume = (head: string, k: number, frag: string, joined?: string): void => {
    const rest = head.slice(k);
    const first = ctx.split(rest)[0] ?? '';
    const whole = joined ?? keyOf(frag + first);
    const opening = ctx.keys(head).find((x) => x !== '');
    if (opening !== undefined) ctx.continuations.set(opening, whole);
    const after = keyOf(first);
    // A stop alone (`。`, what is left of `学習や推論を行える。` once the restart goes) completes nothing:
    // kept, it would read every later chunk that opens on a stop as this one appended again.
    if (k > 0 && after !== '' && after !== whole && !STOPS_ONLY.test(after))
      ctx.continuations.set(after, whole);
  };

  /** By the first and by the last characters of a key: the numbers (in `texts.keys`) of the keys. */
  let byStart: Map<string, number[]> | undefined;
  let byEnd: Map<string, number[]> | undefined;
  /**
   * Whether `frag` is a cut-off copy, and `rest` the continuation of another cut: a longer
   * sentence written elsewhere starts like `frag` and does not go on like `rest`, and `rest`'s
   * first sentence ends another sentence written whole elsewhere (an echo cut at `…業界に小さくない波紋`
   * before `のAI戦略を…見ています。`, while the article has `…波紋を広げています。` and `この流出が、結果的に
   * AppleのAI戦略を…見ています。`). Gluing them makes a sentence nobody wrote. When `rest` ends no other
   * sentence, it is the model writing the cut sentence on in other words, and the join stands.
   * Short pieces say too little (`しかし、` opens many sentences, `います。` ends many), so both
   * must have `MIN_COPY` characters.
   */
  const cutCopy = (frag: string, rest: string): string | undefined => {
    const fk = keyOf(frag);
    const ck = keyOf(ctx.split(rest)[0] ?? '');
    if (fk.length < MIN_COPY || ck.length < MIN_COPY) return undefined;
    // An ending in kana only (`かもしれません。`) ends sentences everywhere: it shows no other cut.
    if (KANA_ONLY_KEY.test(ck)) return undefined;
    let longer = false;
    for (const k of longerCopies(fk)) {
      // A whole copy that goes on like `rest` is the sentence this seam joins.
      if (k.startsWith(ck.slice(0, Math.min(ck.length, k.length - fk.length, EDGE)), fk.length))
        return undefined;
      longer = true;
    }
    const whole = longer ? wholeEnding(ck, fk) : undefined;
    // That sentence reads like `frag` right before `rest` (`あなたも、…未来を描` + `き、…ますか？` where the
    // cut is `あなたもこの…未来を描`): the article writes one sentence twice in near-identical words,
    // and `rest` goes on with this cut, not another.
    if (whole?.slice(0, -ck.length).endsWith(fk.slice(-EDGE))) return undefined;
    return whole;
  };
  /**
   * The next chunk opens with a whole sentence in quotes (`「しかし、…ということです。」`) after a
   * fragment the post writes whole and longer elsewhere (an echo cut at `…少しばかり懐疑的な気持ち`, the
   * article having `…懐疑的な気持ちで受け止めました。`): a quote stands on its own, and the fragment is a
   * cut-off copy, not its start.
   */
  const quoteAfterCopy = (frag: string, head: string): boolean => {
    if (!head.startsWith('「')) return false;
    const first = (ctx.split(head)[0] ?? '').trim();
    return /^「[^「」]*」$/.test(first) && writtenLonger(frag);
  };
  /** Whether the post writes a longer sentence that opens with all of `frag`. */
  const writtenLonger = (frag: string): boolean => {
    const fk = keyOf(frag);
    return fk.length >= MIN_COPY && longerCopies(fk).next().done === false;
  };
  /** The keys of the post's sentences that open with all of `fk` and go on. */
  function* longerCopies(fk: string): Generator<string> {
    for (const k of keysOpeningWith(fk)) if (k.length > fk.length) yield k;
  }
  /** The keys of the post's sentences that open with `words` (at least `EDGE` characters). */
  function* keysOpeningWith(words: string): Generator<string> {
    for (const i of edges().byStart.get(words.slice(0, EDGE)) ?? []) {
      const k = texts.keys[i]!;
      if (k.startsWith(words)) yield k;
    }
  }
  /**
   * Whether `head` opens with a statement of its own (a sentence ending on `。`; a question or a
   * headline opening a chunk is left to the title and heading checks) whose first words open
   * another sentence of the post too, one that is not the same sentence with its commas moved
   * (the merge keeps both of those).
   */
  const opensLikeAnother = (head: string): boolean => {
    if (startsMidSentence(head) || DOTS.test(head)) return false;
    const first = (ctx.split(head)[0] ?? '').trim();
    if (!first.endsWith('。')) return false;
    const hk = keyOf(first);
    if (hk.length < OPENING_WORDS) return false;
    const words = hk.slice(0, OPENING_WORDS);
    const bare = hk.replace(COMMAS, '');
    let n = 0;
    for (const k of keysOpeningWith(words)) {
      if (k !== hk && k.replace(COMMAS, '') === bare) return false;
      n++;
    }
    return n >= 2;
  };
  /** Whether the sentence before `pieces[fi]` is one the post writes once, as it stands here. */
  const afterOnlyCopy = (pieces: readonly string[], fi: number): boolean => {
    let i = fi - 1;
    while (i >= 0 && pieces[i]!.trim() === '') i--;
    const k = i < 0 ? '' : keyOf(pieces[i]!);
    if (k === '') return false;
    index();
    const id = ctx.idOf(k);
    return texts.first[id] !== undefined && texts.repeated[id] !== true;
  };
  /**
   * When `head` opens with the first sentence of `paragraph` (cut at `frag`) written again with its
   * commas set otherwise: that sentence as `paragraph` has it, and the length of its copy in `head`.
   */
  const restartedParagraph = (
    paragraph: string,
    frag: string,
    head: string,
  ): { first: string; length: number } | undefined => {
    const first = (ctx.split(paragraph)[0] ?? '').trim();
    const again = ctx.split(head)[0] ?? '';
    if (first === frag.trim() || !again.trimEnd().endsWith('。') || !head.startsWith(again)) return undefined;
    const fk = keyOf(first);
    const hk = keyOf(again);
    return fk !== hk && hk.length >= OPENING_WORDS && fk.replace(COMMAS, '') === hk.replace(COMMAS, '')
      ? { first, length: again.trimEnd().length }
      : undefined;
  };
  const edges = () => {
    if (byStart === undefined || byEnd === undefined) {
      index();
      byStart = new Map();
      byEnd = new Map();
      for (let i = 0; i < texts.keys.length; i++) {
        const k = texts.keys[i]!;
        addTo(byStart, afterRuleKey(k).slice(0, EDGE), i);
        addTo(byEnd, k.slice(-EDGE), i);
      }
    }
    return { byStart, byEnd };
  };
  /** The first line after chunk `c`: where the next chunk with blocks starts. */
  const chunkEnd = (c: number): number => {
    for (let j = c + 1; j < chunks.length; j++) {
      const first = chunks[j]![0];
      if (first !== undefined) return first.line;
    }
    return Number.POSITIVE_INFINITY;
  };
  /**
   * A whole sentence that starts like `frag`, first written in lines [`from`, `to`), as written there.
   * With `ruled` (`frag` opens the paragraph after a rule), a shorter `frag` (`じゃあ、僕ら`) will do
   * when the sentence opens right after the rule the echo flattened inline (`--- じゃあ、僕ら…`):
   * the rule says where it stands.
   */
  const laterWhole = (frag: string, from: number, to: number, ruled = false): string | undefined => {
    const fk = keyOf(frag);
    if (fk.length < (ruled ? EDGE : MIN_COPY)) return undefined;
    for (const i of edges().byStart.get(fk.slice(0, EDGE)) ?? []) {
      if (fk.length < MIN_COPY && !texts.keys[i]!.startsWith('---')) continue;
      const k = afterRuleKey(texts.keys[i]!);
      const id = texts.order[i]!;
      const at = firstLine[id] ?? 0;
      if (k.length > fk.length && k.startsWith(fk) && SENTENCE_END.test(k) && at >= from && at < to)
        return afterRule(texts.first[id]!.trim()).trimStart();
    }
    return undefined;
  };
  /** `frag` with the stop a sentence of lines `from`–`to` ends the same words with, after a label. */
  const withStopLater = (frag: string, from: number, to: number): string | undefined => {
    const fk = keyOf(frag);
    if (fk.length < MIN_COPY) return undefined;
    for (const stop of '。！？') {
      const ending = fk + stop;
      for (const i of edges().byEnd.get(ending.slice(-EDGE)) ?? []) {
        const k = texts.keys[i]!;
        const at = firstLine[texts.order[i]!] ?? 0;
        if (at < from || at >= to || !k.endsWith(ending)) continue;
        const before = k.slice(0, k.length - ending.length);
        if (/[:：]$/.test(before)) return `${frag.trimEnd()}${stop}`;
      }
    }
    return undefined;
  };
  /**
   * A longer sentence of the post that ends like `ck` (and does not start like `fk`; and is first
   * written after line `after`).
   */
  const wholeEnding = (ck: string, fk = '', after = 0): string | undefined => {
    for (const i of edges().byEnd.get(ck.slice(-EDGE)) ?? []) {
      const k = texts.keys[i]!;
      if (k.length > ck.length && k.endsWith(ck) && (fk === '' || !k.startsWith(fk))) {
        if ((firstLine[texts.order[i]!] ?? 0) > after) return k;
      }
    }
    return undefined;
  };
  /**
   * A chunk that opens with the end of a sentence written whole elsewhere, going on with no cut
   * (`ぬ行動を取った際の責任の所在はどうなるのか？` after a sentence that ends, while the post has `…予期せぬ
   * 行動を取った際の責任の所在はどうなるのか？` further on): the continuation of an earlier cut, appended
   * again. It cannot stand as a sentence; its end is a repeat, and goes, with its copies.
   */
  /** Keys of the continuations removed so: their copies inside a chunk go too. */
  const orphans = new Set<string>();
  const dropRepeatedEnd = (b: Block): void => {
    if (b.kind !== 'paragraph') return;
    const first = ctx.split(b.text)[0] ?? '';
    const ck = keyOf(first);
    if (!orphans.has(ck)) {
      if (!startsMidSentence(b.text) || ck.length < MIN_COPY || ctx.continuations.has(ck)) return;
      // Written whole before, the merge finds it a repeat of that sentence; only one written
      // later is left to this pass.
      if (!wholeEnding(ck, '', b.line)) return;
    }
    orphans.add(ck);
    b.text = b.text.slice(first.length).trimStart();
    ctx.fixes.push({
      kind: 'truncated-chunk',
      detail: `removed ${quote(first)}, the end of a sentence written whole elsewhere (the continuation of an earlier cut, appended again)`,
      line: b.line,
    });
  };

  /**
   * After the dots, a sentence end shorter than the cut sentence, then that sentence written again
   * from its start: the length of the dots and that end, or 0.
   */
  const strayBeforeRestart = (frag: string, head: string): number => {
    const dots = LEADING_DOTS.exec(head)?.[0].length ?? 0;
    const first = dots === 0 ? '' : (ctx.split(head.slice(dots))[0] ?? '');
    const fk = keyOf(frag);
    const ending = keyOf(first);
    if (ending === '' || !SENTENCE_END.test(ending) || ending.length >= fk.length || fk.length < MIN_COPY)
      return 0;
    const rest = head.slice(dots + first.length).trimStart();
    return keyOf(rest.slice(0, frag.length * 2)).startsWith(fk) ? head.length - rest.length : 0;
  };

  /** The labels of the post's links (`[label](`), gathered when a seam first cuts one. */
  let linkLabels: Set<string> | undefined;

  /**
   * Report a join of the cut `frag` with `head` from its `k`th character on: by default what it
   * dropped is the restart of the cut words (`head`'s first `k` characters).
   */
  const reportJoin = (
    frag: string,
    head: string,
    k: number,
    line: number,
    dropped = k > 0 ? `the restarted ${quote(head.slice(0, k))}` : '',
  ): void => {
    ctx.fixes.push({
      kind: 'chunk-join',
      detail: `joined ${quote(frag.slice(-24))} + ${quote(head.slice(k, k + 24))}${dropped === '' ? '' : ` (dropped ${dropped})`}`,
      line,
    });
  };

  const out: Block[] = [];
  /**
   * A sentence cut at the last marker seam and dropped because the next chunk started afresh (an
   * echo, a restart): the chunk after that may still go on with it (`…壁が立ちはだか` + echo +
   * `っている、というのが…`).
   */
  let dropped:
    | { readonly block: Block; readonly frag: string; readonly fix: Fix; readonly chunk: number }
    | undefined;
  /** Repair the seam after `out`'s last block; returns true when `next` was absorbed. */
  const seam = (next: Block | undefined, marker: boolean): boolean => {
    const prev = out[out.length - 1];
    if (!prev) return false;
    if (marker && next !== undefined) {
      const cut = dropped;
      dropped = undefined;
      if (
        cut !== undefined &&
        next.kind === 'paragraph' &&
        !consumed(cut.frag, next) &&
        next.chunk === cut.chunk + 1 &&
        startsMidWord(next.text) &&
        // A particle does not follow a particle (`…その結果から` + `を追いかけ…`).
        !(/[をがにのへもはでと]$/.test(cut.frag) && /^[をがにのへ]/.test(next.text)) &&
        endsCleanly(prev.text) &&
        out.includes(cut.block)
      ) {
        const at = ctx.fixes.indexOf(cut.fix);
        if (at !== -1) ctx.fixes.splice(at, 1);
        consume(next.text, 0, cut.frag);
        cut.block.text = `${cut.block.text}${cut.frag}${next.text}`;
        ctx.fixes.push({
          kind: 'chunk-join',
          detail: `joined ${quote(cut.frag.slice(-24))} + ${quote(next.text.slice(0, 24))} across a chunk that started afresh`,
          line: next.line,
        });
        return true;
      }
    }
    // A chunk that opens on a lone ending, a few kana and a stop (`だ。`), after a chunk that ended
    // whole: no word is that short, and there is no cut for it to complete. It goes; what follows
    // it is the chunk's text. Not the same continuation appended again after the cut it completed
    // (`います。` after `…考えて`): that copy goes whole, as a repeat.
    if (marker && next?.kind === 'paragraph' && endsCleanly(prev.text)) {
      const ending = LONE_ENDING.exec(next.text)?.[0];
      if (ending !== undefined && !consumed(ending, next)) {
        next.text = next.text.slice(ending.length).trimStart();
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed ${quote(ending)}, an ending that opens a chunk after a whole sentence and completes no cut`,
          line: next.line,
        });
      }
    }
    // A cut between the two stars that open a bold span after a sentence (`…深刻な脅威です。*` +
    // `*プロンプトインジェクション**を通じて…`): the next chunk goes on with it.
    if (
      marker &&
      prev.kind === 'paragraph' &&
      STAR_AFTER_STOP.test(prev.text) &&
      next?.kind === 'paragraph' &&
      /^\*[^*\s]/.test(next.text)
    ) {
      const cut = prev.text.trimEnd();
      prev.text = cut + next.text;
      reportJoin(cut, next.text, 0, next.line);
      return true;
    }
    // Bold words the next chunk closes as a sentence (`**…あなたへ**` + `。自動運転AIの開発は…`) or goes
    // on from with their colon (`**ROI**` + `: (4,000万円…`): the cut fell right after them, and the
    // line is prose, not a heading.
    if (
      marker &&
      prev.kind === 'heading' &&
      isBoldLine(prev.text) &&
      next?.kind === 'paragraph' &&
      CLOSES_BOLD_WORDS.test(next.text)
    ) {
      out[out.length - 1] = { ...prev, kind: 'paragraph', text: `${prev.text.trim()}${next.text.trim()}` };
      reportJoin(prev.text.trim(), next.text.trim(), 0, next.line);
      return true;
    }
    // A bold lead-in cut right after its `**` (`**技術者として**` + `は、微細化の…`, also with its last
    // characters written again: `として**は、…`): the next chunk goes on with its sentence.
    if (marker && prev.kind === 'heading' && isBoldLine(prev.text) && next !== undefined) {
      const line = prev.text.trim();
      const k = next.kind === 'paragraph' && !consumed(line, next) ? boldGoesOn(line, next.text) : -1;
      index();
      // Not a sentence the post has before (an earlier section's, under the same lead-in): a chunk
      // that writes that again starts afresh.
      const isNew = (t: string) => (firstLine[ctx.idOf(keyOf(t))] ?? next.line) >= next.line;
      if (k >= 0 && isNew(line + (ctx.split(next.text.trim().slice(k))[0] ?? ''))) {
        consume(next.text.trim(), k, line);
        out[out.length - 1] = { ...prev, kind: 'paragraph', text: `${line}${next.text.trim().slice(k)}` };
        reportJoin(line, next.text.trim(), k, next.line);
        return true;
      }
      // An echo of the article that writes it on with its sentence: the sentence takes its place,
      // and the merge goes on after it with what follows it there.
      const whole = boldEchoedOn(line, chunks[next.chunk] ?? [])
        .map((t) => (ctx.split(t)[0] ?? t).trim())
        .find(isNew);
      if (whole !== undefined) {
        out[out.length - 1] = { ...prev, kind: 'paragraph', text: whole };
        ctx.fixes.push({
          kind: 'chunk-join',
          detail: `completed ${quote(line)} from its whole copy in the next chunk ${quote(whole, 50)}`,
          line: prev.line,
        });
        return false;
      }
    }
    if (prev.kind === 'heading') {
      index();
      const k = keyOf(headingContent(prev.text));
      // A heading cut mid-word that the next chunk goes on with (`### 欧州市場とロ` +
      // `ンドンという立地の…しょう。`), the whole heading written elsewhere: its rest comes back.
      if (marker && next?.kind === 'paragraph') {
        const rest = headingRest(k, next.text, headingKeys);
        if (rest !== undefined) {
          prev.text += rest;
          next.text = next.text.slice(rest.length).trimStart();
          ctx.fixes.push({
            kind: 'chunk-join',
            detail: `joined the cut heading ${quote(headingContent(prev.text.slice(0, -rest.length)))} + ${quote(rest)}`,
            line: next.line,
          });
          return next.text === '';
        }
      }
      // Bold words a paragraph opens with and goes on from, the next chunk's or one the post writes
      // elsewhere (`**投資家として**` + `**投資家として**、まず注目すべきは…`): the cut fell after the
      // paragraph's first words, and a chunk wrote them again; they were never a heading.
      const restarted = marker && isBoldLine(prev.text) && opensParagraph(prev.text.trim(), postText());
      const cut =
        next === undefined ||
        restarted ||
        (marker && headingKeys.some((h) => h.length > k.length && h.startsWith(k)));
      if (cut) {
        out.pop();
        ctx.fixes.push({
          kind: next === undefined ? 'truncated-ending' : 'truncated-chunk',
          detail: restarted
            ? `removed the cut-off start of a paragraph written whole elsewhere ${quote(prev.text.trim())}`
            : `removed cut-off heading ${quote(prev.text.trim())}`,
          line: prev.line,
        });
        return seam(next, marker);
      }
      return false;
    }
    // A chunk cut right after a list item's marker and the `**` opening its label (`*   **`) reads
    // as a rule (three stars), which the model never writes so: it is that item, cut.
    if (marker && prev.kind === 'hr' && CUT_LABEL_RULE.test(prev.text)) {
      out[out.length - 1] = { ...prev, kind: 'list' };
      return seam(next, marker);
    }
    if (prev.kind === 'list') {
      const lines = prev.text.split('\n');
      const last = lines[lines.length - 1]!;
      // An item cut mid-sentence that the next chunk goes on with as prose (`* **要点:** 企業の持`
      // + `続可能性を…。`): the item gets its end back.
      const pieces = ctx.split(last);
      // As in a paragraph, a stop inside a quote the cut left open ends no sentence (`**提案**: 「…可能性が
      // 〇〇%です。来週の` + `す。来週の…`): the cut sentence starts before it, and the restart may too.
      const fi = cutSentenceStart(pieces, pieces.length - 1);
      const frag = stripListMarker(pieces.slice(fi).join('').trim());
      // The model going on with dots and the cut words again, with or without a marker
      // (`…全体での可視化と` + `...サプライチェーン全体での可視化と**最適化を…`).
      const dots =
        next?.kind === 'paragraph' && DOTS.test(next.text)
          ? restartedAfterDots(frag, next.text) || (marker ? goesOnAfterDots(next.text) : 0)
          : 0;
      // The item without its marker: a `**` right after the marker opens a label, and is not the
      // close of one a cut chunk opened (`* **「…」の深化:` is cut inside its label, not ended by `:`).
      const item = stripListMarker(last);
      // So is a label closed right before its colon, which the next chunk opens with (`- **ROI**` +
      // `: (4,000万円 - 1,500万円) ÷ …`).
      const colonNext = /\*\*\s*$/.test(item) && next?.kind === 'paragraph' && COLON_FIRST.test(next.text);
      const open = !endsCleanly(item) || isBareLabel(last) || colonNext;
      const labelOpen = countBold(last) % 2 === 1;
      // Or it writes the label again from its `**`, the list marker lost, and the line reads as a
      // bold heading (`* **高品質な` + `  **高品質な画像を…？**`).
      const bold = labelOpen && next?.kind === 'heading' ? next.text.trimStart() : undefined;
      const restartsBold = bold?.startsWith('**') === true && restartsLabel(frag, bold);
      // Or it writes the item's last words again from inside the label's close (`* **要点:** 本文の`
      // + `* 本文の続き…`), or from a minus sign in them (`(9,000万円 - 3,00` + `- 3,000万円) ÷ …`):
      // the marker is the item's own text.
      const starClose =
        (labelOpen && closesWithStar(last, next)) ||
        (next?.kind === 'list' && /^ {0,3}[-*+] /.test(next.text) && restartedLength(frag, next.text) > 2) ||
        restartsBold;
      if (
        (marker || dots > 0) &&
        next !== undefined &&
        (next.kind === 'paragraph' || starClose) &&
        // A label alone (`* **要点**：`) has its text still to come.
        open &&
        // The item has text, not a marker alone (`*`); a label opened on one character (`* **人`),
        // or cut right after its `**` (`* **` + `高品質な…？**`), is text when the next chunk closes it.
        keyOf(item).length >= (labelOpen || colonNext ? 0 : 4) &&
        // A label cut inside its `**` goes on where the next chunk closes it (`**新たな市場の創出` +
        // `:** 本文`), or where it writes the label again from its `**`, the marker lost (`* **` +
        // `   **アクチュエーター:** 本文`); else a paragraph that opens like an item (`オープンソースの活用：…`,
        // `**要点**`, `「…`) starts afresh.
        (dots > 0 ||
          (labelOpen
            ? closesBoldFirst(last.endsWith('*') ? `*${next.text}` : next.text) ||
              restartsBold ||
              restartsLabel(frag, next.text.trimStart())
            : !ITEM_LIKE.test(next.text) ||
              restartsLabel(frag, next.text) ||
              // Or closes the bracket the item was cut right after (`…タスク（` + `例えば、同時通訳や
              // ゲーム）で…`): the words inside it go on, whatever they open with.
              closesCutBracket(item, next.text) ||
              // Or it writes the item's last words again (`…アプリでは、段差の少な` + `では、段差の少ない…`),
              // whatever they open with.
              restartedLength(frag, next.text) >= MIN_OVERLAP ||
              // An item cut after a particle or comma goes on even with a quote (`…そして何よりも` +
              // `「安全工学」といった…`): it cannot end there. So does one cut after a word that
              // introduces what follows (`…ようになれば、例えば` + `「ロボットが…」`).
              // So does one the next chunk goes on with in its list, the list's next items right
              // after that line.
              (/^[「『]/.test(next.text) &&
                (PARTICLE_END.test(frag) ||
                  ADNOMINAL_END.test(frag) ||
                  LEADS_ON.test(frag) ||
                  itemsFollow(last, chunks[next.chunk]?.[chunks[next.chunk]!.indexOf(next) + 1]))) ||
              // So do bold words after a particle or a word that needs its noun (`…そしてより高度な` +
              // `**予測分析（Predictive Analytics）**が使われる。`).
              (/^\*\*/.test(next.text) && (PARTICLE_END.test(frag) || ADNOMINAL_END.test(frag))) ||
              // `では、` after a noun is its particles (`…移動支援アプリ` + `では、段差の少ない…`), not
              // the opener "well then".
              (/^では、/.test(next.text) && NOUN_END.test(frag)))) &&
        // Text that opens by closing the label the cut left open (`* **` + `人材戦略：** …`) goes on with
        // it, though the section written again later has that item whole.
        (!startsAfresh(next) || inNumber(frag, next) || (labelOpen && closesBoldFirst(next.text)))
      ) {
        let head = bold ?? next.text;
        let k = dots > 0 ? dots : restartedLength(frag, head);
        // An indented continuation (`  **ROI**: (4,000万円…`) restarts the item from past its spaces;
        // a space the cut item ends with may be part of the restart too (`(9,` + ` (9,000万円…`).
        if (k === 0 && head !== head.trimStart() && restartedLength(frag, head.trimStart()) > 0) {
          head = head.trimStart();
          k = restartedLength(frag, head);
        }
        consume(head, k, frag);
        prev.text = prev.text.trimEnd() + head.slice(k);
        ctx.fixes.push({
          kind: 'chunk-join',
          detail:
            `joined list item ${quote(frag.slice(-24))} + ${quote(head.slice(k, k + 24))}` +
            (k === 0
              ? ''
              : LEADING_DOTS.exec(head)?.[0].length === k
                ? " (dropped the continuation's dots)"
                : ` (dropped the restarted ${quote(head.slice(0, k))})`),
          line: next.line,
        });
        return true;
      }
      // A link cut between its label and its URL (`- [記事の題]` + a chunk that writes the section
      // or the article again): the item is a cut-off copy when the post has that link whole.
      const label = next !== undefined && marker ? cutLinkLabel(last) : undefined;
      // The next chunk goes on with the address (`- [記事の題]` + `(/2025/…/)`), maybe after the model's
      // dots (`...(/2025/…/)`): one link again.
      const address = next?.kind === 'paragraph' ? next.text.replace(DOTS, '') : '';
      if (label !== undefined && LINK_ADDRESS.test(address)) {
        // The address completes this label only: appended again after another, it is a repeat.
        consume(next!.text, 0, last.trim());
        prev.text = prev.text.trimEnd() + address;
        ctx.fixes.push({
          kind: 'chunk-join',
          detail: `joined link ${quote(last.trim(), 40)} + its address ${quote(address.split('\n')[0]!, 40)}`,
          line: next!.line,
        });
        return true;
      }
      if (label !== undefined && !(next?.kind === 'paragraph' && next.text.startsWith('('))) {
        linkLabels ??= labelsOf(chunks);
        if (linkLabels.has(label)) {
          lines.pop();
          prev.text = lines.join('\n');
          ctx.fixes.push({
            kind: 'truncated-chunk',
            detail: `removed cut-off link ${quote(last.trim())} (the post has it whole with its address)`,
            line: prev.line,
          });
          if (prev.text.trim() === '') out.pop();
          return false;
        }
      }
      // The next chunk writes the cut item again whole (`* **要点:** 本文の途` + `* **要点:** 本文の途中…。`).
      const cutKey = keyOf(stripListMarker(last));
      const again = next?.kind === 'list' ? keyOf(stripListMarker(next.text.split('\n')[0]!)) : '';
      if (marker && open && cutKey.length >= 4 && again.length > cutKey.length && again.startsWith(cutKey)) {
        lines.pop();
        prev.text = lines.join('\n');
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed cut-off list item ${quote(last)} (the next chunk writes it again whole)`,
          line: prev.line,
        });
        if (prev.text.trim() === '') out.pop();
        return false;
      }
      if (countBold(last) % 2 === 1) {
        lines.pop();
        prev.text = lines.join('\n');
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed cut-off list item ${quote(last)}`,
          line: prev.line,
        });
        if (prev.text.trim() === '') out.pop();
      }
      return false;
    }
    if (prev.kind !== 'paragraph') return false;
    // The same in prose (`**要点：*` + `* 本文…`, `**要点:** 本文の` + `* 本文の続き…`), the item of one line;
    // also the cut words written again from a minus sign in them (`（Explainable AI - XAI）の要素がど` +
    // `- XAI）の要素がどれだけ…`), with the space before it too (` - XAI）の…`).
    if (marker && next?.kind === 'list' && /^ {0,3}[-*+] /.test(next.text) && !next.text.includes('\n')) {
      const cut = prev.text.trimEnd();
      const closes = next.text.startsWith('* ') && closesWithStar(cut, next);
      const k = closes ? 0 : restartedLength(cut, next.text);
      if ((closes || k > 2) && !startsAfresh(next)) {
        prev.text = cut + next.text.slice(k);
        reportJoin(cut, next.text, k, next.line);
        return true;
      }
    }
    // A name cut after its dot (`DeepRoute.` + `eepRoute.aiの今回の動きは…`): a `.` right after a
    // Latin letter ends no sentence when the next chunk goes on in lower case.
    if (
      marker &&
      next?.kind === 'paragraph' &&
      /[A-Za-z]\.$/.test(prev.text.trimEnd()) &&
      /^[a-z]/.test(next.text)
    ) {
      const cut = /[A-Za-z0-9.]+$/.exec(prev.text.trimEnd())![0];
      const k = restartedLength(cut, next.text);
      prev.text = prev.text.trimEnd() + next.text.slice(k);
      reportJoin(cut, next.text, k, next.line);
      return true;
    }
    // Nor does it when the next chunk writes the sentence again (`しかし、DeepRoute.` +
    // `しかし、DeepRoute.aiのような…`): the name is cut, in Japanese prose; or when the name is all
    // the paragraph has (`DeepRoute.` before an echo of the article): one word is no sentence.
    // At the article's end, a name alone after a sentence or on its own (`…不可欠です。Pony.`), or
    // ending a Japanese sentence (`…予兆を、私はDeepRoute.`), is cut too; an English sentence is not.
    const cutAtDot =
      (next === undefined
        ? /(?:^|[。！？])[A-Za-z][A-Za-z0-9-]*\.$/.test(prev.text.trim()) ||
          /[^\x00-\x7f][^。！？\x00-\x7f]*[A-Za-z]+\.$/.test(lastSentenceOf(prev.text))
        : marker && (/[^\x00-\x7f]/.test(prev.text) || /^[A-Za-z0-9-]+\.$/.test(prev.text.trim()))) &&
      /[A-Za-z]\.$/.test(prev.text.trimEnd());
    // A chunk that opens by closing a quote (`「またEUの厳しい規制か…` + `」という反応が…`) goes on
    // with the sentence cut inside it, whatever the quote ended with.
    if (
      marker &&
      next?.kind === 'paragraph' &&
      /^[」』]/.test(next.text) &&
      endsInsideOpenBracket(`${prev.text.trimEnd()}。`) &&
      // Not that close appended again after a later cut (it completed its own).
      !consumed(prev.text.trimEnd(), next)
    ) {
      const cut = prev.text.trimEnd();
      // It may restart the quote's last words from the close before them (`…」や「倫理的なAI開` +
      // `」や「倫理的なAI開発」という…`).
      const k = restartedLength(cut, next.text);
      consume(next.text, k, cut);
      prev.text = cut + next.text.slice(k);
      reportJoin(cut, next.text, k, next.line);
      return true;
    }
    if (!cutAtDot && endsCleanly(prev.text)) return false;
    // A label set in bold on its own line (`**技術者へ：AIは「ツール」だ。…を磨け**`) is whole: a cut
    // does not fall right after its closing `**`.
    if (BOLD_LABEL_LINE.test(prev.text.trim())) return false;
    // At the article's end a paragraph whose last sentence has its stop is whole, a stray `**` in it
    // (`…「強力な」**相棒であり、パートナーであるべきだ。`) notwithstanding: a cut leaves no stop.
    if (next === undefined && JA_STOP_END.test(prev.text)) return false;
    const pieces = ctx.split(prev.text);
    let fi = pieces.length - 1;
    while (fi > 0 && pieces[fi]!.trim() === '') fi--;
    // The affiliate notice never ends like a sentence (`*※ 上記リンクはAmazonアソシエイトリンクです*`),
    // and must be published; only a sentence cut after the notice's own is a cut-off
    // (`*※ …アフィリエイトリンクが含まれます。購入によりサイ`).
    // Unless the notice itself was cut (its `*` never closed) and the next chunk goes on with it
    // (`*※ …リンクが含まれま` + `含まれます。購入により…。*`).
    if (
      isAffiliateNotice(prev.text) &&
      !isAffiliateNotice(pieces.slice(0, fi).join('')) &&
      !(marker && isCutNotice(prev.text) && next?.kind === 'paragraph' && next.text.trimEnd().endsWith('*'))
    )
      return false;
    const lastAt = fi;
    // The cut left a bracket open, so the splitter took a `?` inside it for a sentence end
    // (`AIは「What if?` + `（もしこうだったら`): the cut sentence starts before it.
    fi = cutSentenceStart(pieces, fi);
    // The cut fell inside a bold label's closing `**` (`**技術者の君たちへ。*`): the `*` left after
    // the label's stop belongs to the label, which the next chunk may restart (`君たちへ。** …`).
    if (fi === lastAt && fi > 0 && pieces[fi]!.trim() === '*' && opensBold(pieces.slice(0, fi).join('')))
      fi--;
    // At the article's end, a quote that opens a sentence and was cut after whole sentences of its
    // own (`「もちろん、準備はできています。そして、あなたも共に`) keeps them: they are the author's
    // sentences, and the quote is closed where they end.
    const closing = next === undefined && fi < lastAt ? quoteClosing(pieces.slice(fi, lastAt)) : '';
    if (closing !== '') fi = lastAt;
    const frag = pieces
      .slice(fi, lastAt + 1)
      .join('')
      .trim();
    // The next chunk restarts the cut words after dots (`これは、まるで空中に…ようなもの` + `…まるで空中に
    // …ようなものです。例えば…`): the sentence is completed there, at the head of the next chunk, whose
    // sentences say where that chunk is; the cut copy goes.
    if (marker && next?.kind === 'paragraph' && next.text.startsWith('…')) {
      // Or ends the cut sentence its own way first (`…物語を紡` + `…ぎ出す世界を。それは、単に…物語を紡ぎ、…`):
      // that ending is stray, here and wherever the continuation is appended again.
      const stray = strayBeforeRestart(frag, next.text);
      if (stray > 0) {
        const ending = next.text.slice(0, stray).trim();
        orphans.add(keyOf(ending));
        next.text = next.text.slice(stray);
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed ${quote(ending)}, an ending the model wrote before starting the cut sentence again`,
          line: next.line,
        });
      }
      const k = restartedAfterDots(frag, next.text);
      if (k > 0) {
        const head = next.text;
        consume(head, k, frag);
        next.text = frag + head.slice(k);
        reportJoin(frag, head, k, next.line);
        const before = pieces.slice(0, fi).join('').trimEnd();
        if (keyOf(before) !== '') {
          prev.text = before;
          return false;
        }
        out.pop();
        return seam(next, marker);
      }
      // The next chunk goes on with the cut words after dots (`…技術スタックに固執する` + `…のではなく、
      // 複数の選択肢の中から…`): a particle or an ending cannot open a sentence, so the dots only
      // stand for the cut, and the sentence is joined.
      const d = goesOnAfterDots(next.text);
      // Not a continuation already joined at an earlier seam and appended again after an echo.
      if (d > 0 && !consumed(frag, next)) {
        const head = next.text;
        consume(head, d, frag);
        prev.text = prev.text.trimEnd() + head.slice(d);
        reportJoin(frag, head, d, next.line, "the continuation's dots");
        return true;
      }
    }
    /** `frag` is a cut-off copy of a sentence written whole elsewhere, which `next` does not go on with. */
    let copy = false;
    const star = next?.kind === 'paragraph' ? restartsOpenBold(frag, next.text) : -1;
    if (
      next?.kind === 'paragraph' &&
      !next.text.startsWith('…') &&
      (!startsAfresh(next) || restartsCutClause(frag, next) || inNumber(frag, next) || star >= 0) &&
      !consumed(frag, next) &&
      !endsAnew(frag, next.text) &&
      !opensSentence(frag, next.text) &&
      !quoteAfterCopy(frag, next.text)
    ) {
      const head = next.text;
      // Bold words the cut left open, which the next chunk writes again from their start and closes
      // (`**生産性向上と品質安定化の` + `生産性向上と品質安定化のその先へ。** 遠隔AI…`, also from the second
      // star: `**技術者の皆さんへ` + `*技術者の皆さんへ。** これは…`): the restart is the bold words whole.
      // However often the post writes them elsewhere (an echo), no passage begun again opens by
      // closing a span it never opened.
      if (star >= 0) {
        const words = frag.slice(frag.lastIndexOf('**') + 2);
        consume(head, star + words.length, frag);
        prev.text = prev.text.trimEnd().slice(0, -words.length) + head.slice(star);
        reportJoin(frag, head, star + words.length, next.line);
        return true;
      }
      let k = restartedAfterDots(frag, head);
      if (k > 0 && goesOnInWord(frag, head, k, postText)) k = 0;
      const rest = head.slice(k);
      index();
      const restored = wholeCopy(frag, ctx.split(rest)[0] ?? '', texts, ctx.idOf);
      const whole = restored === undefined && k === 0 ? cutCopy(frag, rest) : undefined;
      copy = whole !== undefined;
      if (whole !== undefined) {
        // The continuation's first sentence ends one written whole elsewhere: a repeat of its end,
        // and no later copy of it goes on with another cut.
        const first = ctx.split(head)[0]!;
        const opening = ctx.keys(head).find((x) => x !== '');
        if (opening !== undefined) ctx.continuations.set(opening, whole);
        if (startsMidSentence(head)) orphans.add(keyOf(first));
        next.text = head.slice(first.length).trimStart();
        ctx.fixes.push({
          kind: 'truncated-chunk',
          detail: `removed ${quote(first)}, the end of a sentence written whole elsewhere (it goes on another cut, not ${quote(frag.slice(-24))})`,
          line: next.line,
        });
      } else if (restored !== undefined) {
        // The seam lost characters (`今回登場` + `るGB300…`): the sentence exists whole elsewhere.
        const first = ctx.split(rest)[0]!;
        consume(head, k, frag, keyOf(restored));
        prev.text = prev.text.trimEnd().slice(0, -frag.length) + restored + rest.slice(first.length);
        ctx.fixes.push({
          kind: 'chunk-join',
          detail: `joined ${quote(frag.slice(-24))} + ${quote(first.slice(0, 24))} as its whole copy ${quote(restored, 50)}`,
          line: next.line,
        });
        return true;
      }
      // A quoted word the cut ended on, written again without its quotes after dots.
      const quoted = !copy && k === 0 ? restartedQuote(frag, head) : 0;
      if (quoted > 0) {
        const dots = DOTS.exec(head)?.[0].length ?? 0;
        consume(head, dots, frag.slice(0, -quoted));
        prev.text = prev.text.trimEnd().slice(0, -quoted) + head.slice(dots);
        const again = `the cut ${quote(frag.slice(-quoted))}, written again by the next chunk`;
        reportJoin(frag, head, dots, next.line, `${again}${dots > 0 ? ", and the continuation's dots" : ''}`);
        return true;
      }
      // A Latin word going on across the seam (`Inte` + `lも「Intel 18A」…`) is no restart of its
      // letters further on.
      const inMarkup =
        k === 0 && !latinWordGoesOn(frag, head, postText)
          ? restartedInside(frag, head) || restartedPhrase(frag, head) || restartedOtherOpener(frag, head)
          : 0;
      if (!copy && inMarkup > 0) {
        consume(head, 0, frag.slice(0, -inMarkup));
        prev.text = prev.text.trimEnd().slice(0, -inMarkup) + head;
        reportJoin(
          frag,
          head,
          0,
          next.line,
          `the cut ${quote(frag.slice(-inMarkup))}, written again by the next chunk`,
        );
        return true;
      }
      // The next chunk starts over from inside the text before the cut, the cut word with it
      // (`…それよりも、いかに…重要になる。Ga` + `いかに…重要になる。Gaudi 3 Evoは…`): what it writes
      // again goes, and the cut word goes on.
      if (!copy && k === 0) {
        const written = prev.text.trimEnd();
        for (let n = Math.min(written.length, head.length, 300); n >= frag.length + MIN_COPY; n--) {
          if (!endsWithStartOf(written, head, n)) continue;
          consume(head, n, frag);
          prev.text = written + head.slice(n);
          reportJoin(frag, head, n, next.line);
          return true;
        }
        // Or, maybe after its dots, it writes the end of the sentence before the cut again and goes
        // on otherwise (`…集中できるようになる。AI` + `...プロフェッショナルは…集中できるようになる。これは、…`):
        // the restart goes, and so does the cut word it never went on with.
        const dots = DOTS.exec(head)?.[0].length ?? 0;
        const before = written.slice(0, written.length - frag.length);
        // Not when the chunk opens inside a word without dots (`…どのように変わってい` + `くのでしょうか。…`):
        // it goes on with the cut word, however like the sentence before it ends (`…変えていくのでしょうか。`).
        if (JA_STOP_END.test(before) && (dots > 0 || !startsMidSentence(head))) {
          const kept = before.trimEnd();
          for (let n = Math.min(kept.length, head.length - dots, 300); n >= MIN_COPY; n--) {
            if (!endsWithStartOf(kept, head.slice(dots), n) || !JA_STOP_END.test(head.slice(dots, dots + n)))
              continue;
            const goesOn = head.slice(dots + n).trimStart();
            if (goesOn === '' || goesOn.startsWith(frag)) break;
            consume(head, dots + n, '');
            prev.text = `${kept}${goesOn}`;
            ctx.fixes.push({
              kind: 'chunk-join',
              detail: `removed the cut ${quote(frag)}, which the next chunk does not go on with, and its restart ${quote(head.slice(0, dots + n))}`,
              line: next.line,
            });
            return true;
          }
        }
      }
      // A cut-off copy of a sentence the post writes whole (`…単なる技術的な進歩以上の`), before a chunk
      // that opens a sentence the way another sentence of the post opens (`AIインフラが描く未来、…`, the
      // post having `AIインフラが描く未来、…、より深い意味を持つはずです。`): that chunk starts the passage
      // afresh in other words, and the copy goes.
      // So does one before a chunk that writes the cut paragraph again from its first sentence, its
      // commas set otherwise (`もちろん、…においては、NVIDIAの…でしょう。しかし、一度…本番環境で` +
      // `もちろん、…においてはNVIDIAの…でしょう。しかし、…`): a restart of the paragraph. That sentence
      // is the same one: written as its first copy, the merge meets it as a repeat.
      // Not after a sentence the post writes only here (`…求められます。マイクロソフトが` +
      // `EUの「AI Act」への対応を…`): the passage is no copy, and the cut words are the author's,
      // however many sentences open with them (`マイクロソフトが「MAI Image 1」で…`). Nor after a cut
      // right after a comma (`投資家の皆さんには、` + `個別のAIスタートアップだけでなく、…`): a whole clause
      // opens many sentences, so a longer one that opens with it shows no copy.
      const restart =
        !copy && k === 0 && writtenLonger(frag) ? restartedParagraph(prev.text, frag, head) : undefined;
      if (restart !== undefined) next.text = restart.first + head.slice(restart.length);
      else if (
        !copy &&
        !(
          k === 0 &&
          !COMMA_END.test(frag) &&
          writtenLonger(frag) &&
          opensLikeAnother(head) &&
          !afterOnlyCopy(pieces, fi)
        )
      ) {
        consume(head, k, frag);
        prev.text = prev.text.trimEnd() + rest;
        reportJoin(frag, head, k, next.line);
        return true;
      }
    }
    // A sentence whole but for its `。` is the author's: it stays, and the next chunk goes on apart.
    // Unless the next chunk is an echo of the article that writes it on whole: the cut fell before
    // its last characters (`…担いたいと見ています` + `か？`, `…残っています` + `ね。`), and the whole copy
    // takes its place (the copy in the echo is then a repeat). Only in the echo's own paragraph: a
    // copy further on may be another version of the section, which the merge weighs.
    // Anything else before a chunk that opens with a rule is cut off.
    if (next?.kind === 'paragraph' && endsAnew(frag, next.text) && FINAL_FORM.test(frag)) {
      // Further on in the echo, the same words with their stop after the label they stand under
      // (`**…競争優位性**:` + `このようなAIの進化は…与えるでしょう` + echo `… ### 7. … **…競争優位性**:
      // このようなAIの進化は…与えるでしょう。`): the echo's headings, split out of its line, ended its
      // own paragraph before it, and the label runs into the sentence there. The fragment gets its stop.
      const whole =
        marker && startsAfresh(next)
          ? (laterWhole(frag, next.line, next.line + 1) ??
            withStopLater(frag, next.line, chunkEnd(next.chunk)))
          : undefined;
      if (whole === undefined) {
        // Unless the post writes the fragment and the chunk's first sentence as one sentence
        // elsewhere (`…国際会議である` + `NeurIPSやICMLでも…よね。`, an echo having `国際会議であるNeurIPS
        // やICMLでも…よね。`): the ending went on to the noun after it, and the seam cut that sentence.
        if (marker && !startsAfresh(next) && keyOf(frag).length >= 4) {
          index();
          const first = ctx.split(next.text)[0] ?? '';
          if (texts.first[ctx.idOf(keyOf(frag) + keyOf(first))] !== undefined) {
            const head = next.text;
            consume(head, 0, frag);
            prev.text = prev.text.trimEnd() + head;
            reportJoin(frag, head, 0, next.line);
            return true;
          }
        }
        // The cut fell right before the stop (`…強力な心臓部なのです` + a chunk that opens a paragraph
        // of its own): the sentence gets it back, or a reader sees a paragraph that runs out. Not
        // inside a quote the cut left open (`「それは本当に実現可能なのだろう`): the quote went on, and
        // the merge drops the piece when the post has it whole (`…なのだろうか？」と…`).
        if (marker && prev.kind === 'paragraph' && !endsInsideOpenBracket(`${prev.text.trimEnd()}。`)) {
          prev.text = `${prev.text.trimEnd()}。`;
          ctx.fixes.push({
            kind: 'chunk-join',
            detail: `gave ${quote(frag.slice(-24))} its \`。\`: the chunk was cut right before it`,
            line: next.line,
          });
        }
        return false;
      }
      prev.text = prev.text.trimEnd().slice(0, -frag.length) + whole;
      ctx.fixes.push({
        kind: 'chunk-join',
        detail: `completed ${quote(frag.slice(-24))} from its whole copy in the next chunk ${quote(whole, 50)}`,
        line: prev.line,
      });
      return false;
    }
    // A paragraph cut right after a rule, and the echo after the cut, starting from the top, writes
    // its sentence whole: the echo flattens the rule away, so the merge would place the sentence
    // and what follows it at the end of the paragraph before the rule. It is completed here.
    // Only the echo right after: a copy further on may stand in a section written again. The same
    // for a paragraph break the echo flattens away, when the echo's own paragraph writes it whole
    // (`…」（A社 担当者）` + `A社では、今回の成功体験を` + echo `…（A社 担当者） A社では、今回の成功体験を基に…`).
    const kept = pieces.slice(0, fi).join('').trimEnd() + closing;
    const afterRule = out[out.length - 2]?.kind === 'hr';
    const later =
      !copy &&
      marker &&
      next !== undefined &&
      keyOf(kept) === '' &&
      (afterRule || (next.kind === 'paragraph' && out.length >= 2)) &&
      startsAfresh(next)
        ? laterWhole(frag, next.line, afterRule ? chunkEnd(next.chunk) : next.line + 1, afterRule)
        : undefined;
    if (later !== undefined) {
      prev.text = prev.text.trimEnd().slice(0, -frag.length) + later;
      ctx.fixes.push({
        kind: 'chunk-join',
        detail: `completed ${quote(frag.slice(-24))} from its whole copy further on ${quote(later, 50)}`,
        line: prev.line,
      });
      return false;
    }
    const fix: Fix = {
      kind: next === undefined ? 'truncated-ending' : 'truncated-chunk',
      detail: `removed cut-off sentence ${quote(frag)}${copy ? ' (written whole elsewhere)' : ''}${closing === '' ? '' : ` and closed the quote it was cut in (${closing})`}`,
      line: prev.line,
    };
    ctx.fixes.push(fix);
    if (copy && next !== undefined && next.text === '') {
      // Nothing of the continuation is left: the next chunk's seam sees what stays of `prev`.
      if (kept === '' || keyOf(kept) === '') out.pop();
      else prev.text = kept;
      return true;
    }
    if (kept === '' || keyOf(kept) === '') {
      out.pop();
      return seam(next, marker);
    }
    prev.text = kept;
    if (marker && next !== undefined && !copy) {
      // The spacing between what stays and the fragment goes back with it.
      const piece = pieces[fi]!;
      const lead = piece.slice(0, piece.length - piece.trimStart().length);
      const sep = pieces.slice(0, fi).join('').slice(kept.length) + lead;
      dropped = { block: prev, frag: `${sep}${frag}`, fix, chunk: next.chunk };
    }
    if (!endsCleanly(kept)) return seam(next, marker);
    return false;
  };

  /**
   * Whether `next` restarts the sentence `prev` was cut in, by at least `MIN_OVERLAP` characters,
   * or goes on with it after dots (`…のではなく、…`).
   */
  const restartsPastRule = (prev: Block | undefined, next: Block): boolean => {
    if (prev?.kind !== 'paragraph' || endsCleanly(prev.text)) return false;
    if (goesOnAfterDots(next.text) > 0) return true;
    const pieces = ctx.split(prev.text);
    const frag = (pieces[pieces.length - 1] ?? '').trim();
    return restartedLength(frag, next.text) >= MIN_OVERLAP;
  };

  /** Blocks left cut off at a marker seam: a later chunk may still go on with one (see `lateCut`). */
  const pending: Block[] = [];
  /**
   * The cut an earlier seam left open that `head` goes on with, writing its last words again
   * (`…RISC-VのようなオープンソースISAは、` + later `オープンソースISAは、ハードウェア設計の…`): the
   * pipeline asked for a continuation of that cut and appended it after another one. At least
   * `LATE_OVERLAP` characters alike, and not the cut right before, which the seam reads itself.
   */
  const lateCut = (head: Block): { readonly block: Block; readonly n: number } | undefined => {
    if (pending.length === 0 || head.kind !== 'paragraph' || head.text.includes('\n')) return undefined;
    const prev = out[out.length - 1];
    for (let p = pending.length - 1; p >= 0; p--) {
      const block = pending[p]!;
      const last = lastLine(block.text);
      if (block === prev || endsCleanly(last) || !out.includes(block)) continue;
      for (let n = Math.min(last.length, head.text.length - 1, 300); n >= LATE_OVERLAP; n--) {
        if (!endsWithStartOf(last, head.text, n)) continue;
        // The cut right before stopped at the same words (a copy of that passage): the seam joins it.
        if (prev !== undefined && endsWithStartOf(lastLine(prev.text), head.text, n)) return undefined;
        // A continuation the post has already written after that cut went on elsewhere (a restart
        // of the item as a paragraph): this is a copy of it, which the merge weighs.
        const first = keyOf(ctx.split(head.text)[0] ?? '');
        if (first.length >= LATE_OVERLAP && out.some((b) => keyOf(b.text).includes(first))) return undefined;
        return { block, n };
      }
    }
    return undefined;
  };
  /** Complete the earlier cut `late` with `head`; the cut right before, which `head` does not go on with, goes. */
  const joinLate = (late: { readonly block: Block; readonly n: number }, head: Block): void => {
    const { block, n } = late;
    const frag = stripListMarker(lastPiece(lastLine(block.text), ctx));
    consume(head.text, n, frag);
    block.text = block.text.trimEnd() + head.text.slice(n);
    reportJoin(
      frag,
      head.text,
      n,
      head.line,
      `the restarted ${quote(head.text.slice(0, n))}, the chunk going on with this earlier cut`,
    );
    const prev = out[out.length - 1]!;
    const last = lastLine(prev.text);
    if ((prev.kind !== 'paragraph' && prev.kind !== 'list') || endsCleanly(last)) return;
    const pieces = ctx.split(last);
    const fi = cutSentenceStart(pieces, pieces.length - 1);
    const cut = pieces.slice(fi).join('').trim();
    const kept = pieces.slice(0, fi).join('').trimEnd();
    const before = prev.text.slice(0, prev.text.length - last.length);
    const keep = keyOf(stripListMarker(kept)) !== '';
    prev.text = keep ? before + kept : before.trimEnd();
    if (prev.text === '') out.pop();
    ctx.fixes.push({
      kind: 'truncated-chunk',
      detail: `removed cut-off sentence ${quote(cut)} (the next chunk goes on with an earlier cut instead)`,
      line: prev.line,
    });
  };

  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    let i = 0;
    // A continuation that completed an earlier cut, appended again on its own up to where its line
    // ends: a repeat, and the cut before it is read against the chunk after it.
    if (out.length > 0 && appendedAgain(chunk)) {
      ctx.fixes.push({
        kind: 'chunk-join',
        detail: `removed ${quote(chunk[0]!.text.trim(), 40)}, a continuation the pipeline appended again`,
        line: chunk[0]!.line,
      });
      continue;
    }
    if (out.length > 0) {
      // A rule opening the chunk between a cut sentence and the words that restart it
      // (`…再定義しようとする` + `---` + `再定義しようとする、まさに…`): the seam is read past the
      // rule, which then follows the sentence it finished.
      const second = chunk[1];
      if (
        chunk[0]!.kind === 'hr' &&
        second?.kind === 'paragraph' &&
        restartsPastRule(out[out.length - 1], second)
      ) {
        chunk[1] = chunk[0]!;
        chunk[0] = second;
      }
      chunk[0]!.gap = '\n\n';
      const before = out[out.length - 1]!;
      const late = lateCut(chunk[0]!);
      if (late !== undefined) joinLate(late, chunk[0]!);
      else if (seam(chunk[0], true)) i = 1;
      else {
        dropRepeatedEnd(chunk[0]!);
        if (chunk[0]!.text === '') i = 1;
      }
      if (
        (before.kind === 'paragraph' || before.kind === 'list') &&
        !endsCleanly(lastLine(before.text)) &&
        out.includes(before)
      )
        pending.push(before);
    }
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (orphans.size > 0 && i > 0 && orphans.has(firstKey(b))) {
        dropRepeatedEnd(b);
        if (b.text === '') continue;
      }
      const prev = out[out.length - 1];
      const cut = prev?.kind === 'paragraph' && !endsCleanly(prev.text);
      // A seam without a marker: a double blank line, a `…` restart, or the next paragraph
      // writing the cut words again (`…も、NEC` + `次に、…も、NECが果たすべき…`, `…転換点に` + `点に差し掛かって…`),
      // or going on with the list of names the cut one is in (`…技術者として、投資家` + `あるいは政策立案者、…`).
      const inner =
        cut &&
        b.kind === 'paragraph' &&
        (b.gap.length >= 3 ||
          b.text.startsWith('…') ||
          startsMidWord(b.text) ||
          (NAMES_GO_ON.test(b.text) && /、[^、。！？]{1,12}$/.test(prev.text)) ||
          restartedAfterDots(lastPiece(prev.text, ctx), b.text) > 0);
      if (inner && seam(b, false)) continue;
      // The same after a list item cut mid-sentence.
      if (
        prev?.kind === 'list' &&
        b.kind === 'paragraph' &&
        DOTS.test(b.text) &&
        !endsCleanly(prev.text) &&
        seam(b, false)
      )
        continue;
      // The model sets its continuation apart with a rule (`…自社が利用` + `---` + `しているAI…`); after a
      // list item cut mid-sentence, it goes on with dots and the item's last words again
      // (`* **要点**: …推論最適化エンジン` + `---` + `...推論最適化エンジンは、…`).
      // A chunk may also open with a rule and, on the line right under it, dots (`---` + `...そうすれば、…`):
      // the model going on with the text, whatever the text before ended with; no section starts there.
      const after = chunk[i + 1];
      if (
        b.kind === 'hr' &&
        after?.kind === 'paragraph' &&
        ((cut && startsMidWord(after.text)) ||
          (prev?.kind === 'list' && restartsCutItem(prev.text, after.text, ctx)) ||
          (i === 0 && prev !== undefined && after.gap === '\n' && DOTS.test(after.text)))
      ) {
        ctx.fixes.push({
          kind: 'chunk-join',
          detail: `removed the rule between ${quote(lastPiece(prev!.text, ctx).slice(-24))} and its continuation ${quote(after.text.slice(0, 24))}`,
          line: b.line,
        });
        after.gap = b.gap;
        continue;
      }
      // A bold heading cut off above the heading written whole (`**未来への招待：共に因果` + `## 未来への招待：…`).
      if (cut && b.kind === 'heading' && countBold(prev.text) % 2 === 1) {
        const k = keyOf(prev.text);
        if (k.length >= 4 && keyOf(headingContent(b.text)).startsWith(k)) {
          out.pop();
          ctx.fixes.push({
            kind: 'truncated-chunk',
            detail: `removed cut-off heading ${quote(prev.text.trim())} (written whole below)`,
            line: prev.line,
          });
        }
      }
      out.push(b);
    }
  }
  seam(undefined, true);
  for (const b of out) {
    if (b.kind === 'paragraph' || b.kind === 'list') b.text = joinInlineRestarts(b.text, b.line, ctx);
  }
  return out;
}

/**
 * A seam inside a line: the model went on with `...` and the last words again (`…倫理的課題の解決...
 * 社会的な受容、倫理的課題の解決が不可欠…`). The restarted words go; the dots with them.
 */
function joinInlineRestarts(text: string, line: number, ctx: PassContext): string {
  if (!text.includes('...') && !text.includes('…')) return text;
  let out = '';
  let from = 0;
  for (const m of text.matchAll(/\.{3}|…/g)) {
    const at = m.index;
    if (at < from) continue;
    const end = text.indexOf('\n', at);
    const after = text.slice(at + m[0].length, end === -1 ? text.length : end);
    // From the start of the sentence (or line) the dots cut.
    const pieces = ctx.split(text.slice(text.lastIndexOf('\n', at) + 1, at));
    const before = pieces[pieces.length - 1] ?? '';
    // Three characters are a restart only after the model's ASCII dots (`技術力...技術力**だけでは`).
    const min = m[0] === '...' ? 3 : MIN_OVERLAP;
    let n = Math.min(before.length, after.length, 300);
    while (n >= min && !endsWithStartOf(before, after, n)) n--;
    if (n < min) {
      // Dots inside a word, the model going on after them (`…技術は、単...に単独で`, `適用...してみる`):
      // the dots go.
      // Not before punctuation: `…利用制限...。` is the author's "and so on".
      const next = after.charCodeAt(0);
      if (
        m[0] === '...' &&
        isCjk(before.charCodeAt(before.length - 1)) &&
        next >= 0x3040 &&
        next <= 0x309f &&
        startsMidWord(after)
      ) {
        ctx.fixes.push({
          kind: 'chunk-join',
          detail: `joined ${quote(before.slice(-24))} + ${quote(after.slice(0, 24))} (dropped the dots between them)`,
          line,
        });
        out += text.slice(from, at);
        from = at + 3;
      }
      continue;
    }
    ctx.fixes.push({
      kind: 'chunk-join',
      detail: `joined ${quote(before.slice(-24))} + ${quote(after.slice(n, n + 24))} (dropped the restarted ${quote(`${m[0]}${after.slice(0, n)}`)})`,
      line,
    });
    out += text.slice(from, at);
    from = at + m[0].length + n;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * A piece that ends on `?` or `!` with a bracket still open (`AIは「What if?`): inside a quote
 * they end no sentence; the splitter only cut there because the bracket is never closed. So does
 * a `。` inside a quote the cut left open (`…答えたいですね。「もちろん、準備はできています。` + `そして、…このエ`).
 */
export function endsInsideOpenBracket(piece: string): boolean {
  const t = piece.trimEnd();
  const stop = t.endsWith('。');
  if (!stop && !/[?!？！]$/.test(t)) return false;
  let open = 0;
  for (const c of t) {
    if (c === '「' || c === '『' || (!stop && (c === '（' || c === '('))) open++;
    else if ((c === '」' || c === '』' || (!stop && (c === '）' || c === ')'))) && open > 0) open--;
  }
  return open > 0;
}

/**
 * The bracket that closes a quote opening the first of `pieces` (`「文。` `文。`), when each piece is a
 * whole sentence inside it; '' otherwise (a quote opened mid-sentence, `彼は「明日行きます。`, is part
 * of that sentence). A word that introduces an example may stand before it (`例えば、「文。`): the
 * quote is the example, whole in itself.
 */
function quoteClosing(pieces: readonly string[]): string {
  const first = (pieces[0]?.trimStart() ?? '').replace(EXAMPLE_LEAD, '');
  const close = first.startsWith('「') ? '」' : first.startsWith('『') ? '』' : '';
  if (close === '') return '';
  for (const p of pieces) if (!/[。！？]$/.test(p.trimEnd()) || keyOf(p).length < 4) return '';
  return close;
}

/** A list item that is a link's label alone, its address cut off (`- [記事の題]`): the label. */
function cutLinkLabel(item: string): string | undefined {
  return /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[([^[\]\n]+)\]\s*$/.exec(item)?.[1];
}

/** The labels of every link in the chunks' paragraphs and lists. */
function labelsOf(chunks: Chunks): Set<string> {
  const labels = new Set<string>();
  for (const chunk of chunks) {
    for (const b of chunk) {
      if ((b.kind !== 'paragraph' && b.kind !== 'list') || !b.text.includes('](')) continue;
      for (const m of b.text.matchAll(/\[([^[\]\n]+)\]\(/g)) labels.add(m[1]!);
    }
  }
  return labels;
}

/** Text after the rule the flattened echo writes inline before a sentence (`--- そう、…`). */
function afterRule(text: string): string {
  return text.startsWith('---') ? text.replace(/^-{3,}/, '') : text;
}

/**
 * The same for a key: the dots the model opens a continuation with after the rule
 * (`--- ...そうすれば、…`) go as well, as `keyOf` drops them at a key's start.
 */
function afterRuleKey(key: string): string {
  return key.startsWith('---') ? keyOf(key.replace(/^-{3,}/, '')) : key;
}

function addTo(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [i]);
  else list.push(i);
}

/** A sentence elsewhere that starts like the fragment and ends like its continuation. */
function wholeCopy(
  frag: string,
  cont: string,
  texts: SentenceIndex,
  idOf: PassContext['idOf'],
): string | undefined {
  const fk = keyOf(frag);
  const ck = keyOf(cont);
  if (fk.length < 4 || ck.length < 4) return undefined;
  const joined = fk + ck;
  if (texts.first[idOf(joined)] !== undefined) return undefined;
  for (let i = 0; i < texts.order.length; i++) {
    const k = texts.keys[i]!;
    if (k.length > fk.length && k.length <= joined.length + 8 && k.startsWith(fk) && k.endsWith(ck))
      return texts.first[texts.order[i]!]!.trim();
  }
  return undefined;
}

/** Sentences by key number, with the keys in the order they first occur. */
interface SentenceIndex {
  readonly first: (string | undefined)[];
  readonly repeated: (boolean | undefined)[];
  readonly keys: string[];
  readonly order: number[];
}

/**
 * How much of the next chunk's start writes the cut fragment again: the whole fragment (however
 * short, see `restartsWhole`), else the longest end of it of at least `MIN_OVERLAP` characters;
 * 0 when the chunk simply goes on.
 */
function restartedLength(frag: string, head: string): number {
  if (restartsWhole(frag, head)) return frag.length;
  for (let n = Math.min(frag.length, head.length, 300); n >= MIN_OVERLAP; n--) {
    if (endsWithStartOf(frag, head, n)) return n;
  }
  // Two or three characters are an overlap when they hold a kanji (`…リスクを考慮` + `考慮し、…`,
  // `…転換点に` + `点に差し掛かって…`): words do not double like that by chance.
  // Not a word said twice on purpose (`…その一歩` + `一歩が…` is `一歩一歩`).
  for (let n = Math.min(frag.length, head.length, MIN_OVERLAP - 1); n >= 2; n--) {
    if (!endsWithStartOf(frag, head, n) || !/[\u4e00-\u9fff]/.test(head.slice(0, n))) continue;
    if (saidTwice(head, n)) continue;
    return n;
  }
  // The last clause written again from its start (`…のであれば、それは` + `それは、Googleが…`, `…でも、手` +
  // `手軽に…`): a word after a comma is not doubled by chance. A single kana is left alone (`、こ` +
  // `こ数年` is `ここ数年`).
  // So is a sentence after a stop inside a quote the cut left open, which the splitter does not
  // end there (`「…と感じています。AIが` + `AIがデータ分析を…`).
  for (let n = Math.min(frag.length, head.length, MIN_OVERLAP - 1); n >= 1; n--) {
    const before = frag.charAt(frag.length - n - 1);
    if (!(CLAUSE_BREAK.test(before) || STOP.test(before)) || !endsWithStartOf(frag, head, n)) continue;
    // Save the words that are a half said twice (`、なか` + `なか進まない` is `なかなか`).
    if (saidTwice(head, n)) continue;
    // A Latin letter alone after a stop opens the word written whole (`…感じています。A` + `AIが…`), as
    // outside a quote; after a bracket or a comma it goes on (`（L` + `LM）は…` is `LLM`).
    if (n > 1 || isKanji(head.charCodeAt(0)) || (STOP.test(before) && /^[A-Za-z]{2}/.test(head))) return n;
  }
  // The last kana written again with the stop alone (`…見ています` + `す。`): the model closed the
  // word twice; `ますす` is no word.
  if (isHiragana(head.charCodeAt(0)) && /^.[。！？!?]/.test(head) && frag.endsWith(head.charAt(0))) return 1;
  return 0;
}

/**
 * How many characters at the end of `frag` the next chunk writes again a few characters in: behind
 * the quote or bold it opens with (`しかし、真の価値` + `「真の価値」は…`, `…貢献` + `**AIが真に…貢献できる…**`),
 * or behind a word or two it restarts the phrase with (`…これまでになかったAIを活用した` + `新たなAIを
 * 活用したサービス…`). The restart is the better copy: it holds the markup whole and all the words,
 * so the fragment's words go instead; when the lead is the fragment's own words before them
 * (`欧州は、米国や中国とは異なる` + `欧州は米国や中国とは異なるアプローチ…`), those go too. 0 when the
 * chunk does not open so. Not behind a comma (`…技術` + `と、質の高い…技術や`): the lead then says
 * something the fragment did not.
 */
function restartedInside(frag: string, head: string): number {
  if (closesOpenBold(frag, head)) return 0;
  // Katakana after katakana goes on with the cut word (`…AIエージェン` + `トがAIエージェントに…`).
  if (charClass(head.charCodeAt(0)) === 2 && charClass(frag.charCodeAt(frag.length - 1)) === 2) return 0;
  for (let d = 1; d <= MAX_LEAD && d < head.length; d++) {
    const c = head.charAt(d - 1);
    if (PUNCTUATION.includes(c)) return 0;
    // Neither may the words start with one (`し` + `、新たな価値を創…`), nor inside a katakana or
    // Latin word (`ノーコード` + `・ローコード…`: `ーコード` is part of `ローコード`).
    if (PUNCTUATION.includes(head.charAt(d))) continue;
    const cls = charClass(head.charCodeAt(d));
    if (cls >= 2 && charClass(head.charCodeAt(d - 1)) === cls) continue;
    const markup = [...head.slice(0, d)].every((x) => MARKUP_LEAD.includes(x));
    // Behind words, the restart opens on a word of its own: kana there ends the word before it
    // (`…「管理する人」「` + `教える人」「…`: `る人」「` is not the cut written again).
    if (!markup && isHiragana(head.charCodeAt(d))) continue;
    for (let n = Math.min(frag.length, head.length - d, 300); n >= 2; n--) {
      if (!endsWithAt(frag, head, d, n)) continue;
      const words = head.slice(d, d + n);
      // A Latin word the restart goes on with is another name (`…InferentiaやTrainium` +
      // `（Trainium2を含む）…`): the cut word stays, and the bracket says more of it.
      if (/[A-Za-z0-9]$/.test(words) && /^[A-Za-z0-9]/.test(head.slice(d + n, d + n + 1))) break;
      const clause = n === frag.length || CLAUSE_BREAK.test(frag.charAt(frag.length - n - 1));
      const content = n >= MIN_OVERLAP && /[^\u3040-\u309f、]/.test(words);
      if (!(content || (markup && (clause || /[\u4e00-\u9fff]/.test(words))))) break;
      if (markup) return n;
      // The lead written before the words in the fragment too, maybe with a comma between.
      const before = frag.slice(0, frag.length - n).replace(/[、，,]$/, '');
      const lead = head.slice(0, d);
      return before.endsWith(lead) ? frag.length - before.length + lead.length : n;
    }
  }
  return 0;
}

/**
 * The whole of `frag` when the next chunk writes the cut sentence again with another word before
 * its first comma (`さらに、特定の…強化` + `特に、特定の…強化し、…`): the restart is the sentence. 0 when
 * the chunk does not open so.
 */
function restartedOtherOpener(frag: string, head: string): number {
  const a = OPENER_AND_COMMA.exec(frag);
  const b = OPENER_AND_COMMA.exec(head);
  if (a === null || b === null || a[0] === b[0] || startsMidSentence(head)) return 0;
  const words = frag.slice(a[0].length);
  return keyOf(words).length >= MIN_COPY &&
    head.startsWith(words, b[0].length) &&
    head.length > b[0].length + words.length
    ? frag.length
    : 0;
}

/** A word or two and the comma after them that open a sentence (`さらに、`, `特に、`). */
const OPENER_AND_COMMA = /^[^、。！？「」\s]{1,6}、/;

/**
 * How many characters at the end of `frag` go when the next chunk restarts its last phrase from
 * the phrase's word and goes on otherwise (`これは、投資家にとっても` + `投資家から見ても、…`): the
 * word (kanji, katakana or Latin, two or more) stands last in the fragment, followed by a few kana
 * only. 0 when the chunk does not open so.
 */
function restartedPhrase(frag: string, head: string): number {
  const cls = charClass(head.charCodeAt(0));
  if (cls === 0) return 0;
  let w = 1;
  while (w < head.length && charClass(head.charCodeAt(w)) === cls) w++;
  if (w < 2) return 0;
  // A Latin word that opens a longer name (`EUでは` + `EU AI Actが…`) is that name's, not the cut word again.
  if (cls === 3 && head.charAt(w) === ' ' && charClass(head.charCodeAt(w + 1)) === 3) return 0;
  const word = head.slice(0, w);
  const at = frag.lastIndexOf(word);
  if (at === -1 || (at > 0 && charClass(frag.charCodeAt(at - 1)) === cls)) return 0;
  const tail = frag.slice(at + w);
  if (tail.length < 2 || tail.length > 6 || !/^[\u3040-\u309f]+$/.test(tail)) return 0;
  // The word said twice on purpose: `…日本には` + `日本ならではの強み…`, `人には` + `人の…` ("each has its own").
  if (tail === 'には' && /^(?:の|ならでは)/.test(head.slice(w))) return 0;
  // A fragment that ends on the adverb `より` ("more") waits for what it qualifies, which may be the
  // word again (`人間がより` + `人間らしい、…`); a restart writes the word's particle again (`人間が、…`).
  if (tail.endsWith('より') && !head.startsWith(tail.charAt(0), w)) return 0;
  return head.startsWith(frag.slice(at)) ? 0 : frag.length - at;
}

/**
 * Whether the chunk opens by closing the bold span the fragment was cut inside (`…Cohereの**Command R` +
 * `**や**Command R+**…`): it goes on, whatever it writes after. Not when it opens the span's words
 * again (`**Command R+**…`), a restart of the bold word.
 */
function closesOpenBold(frag: string, head: string): boolean {
  if (!head.startsWith('**') || countBold(frag) % 2 === 0) return false;
  const words = frag.slice(frag.lastIndexOf('**') + 2);
  return words !== '' && !head.startsWith(words, 2);
}

/** Whether the Latin word cut at the seam goes on in the next chunk: the post has the joined word. */
function latinWordGoesOn(frag: string, head: string, postText: () => string): boolean {
  const cut = LATIN_END.exec(frag)?.[0] ?? '';
  const start = LATIN_START.exec(head)?.[0] ?? '';
  if (cut === '' || start === '') return false;
  return new RegExp(`(?<![A-Za-z])${cut}${start}(?![A-Za-z])`).test(postText());
}

/**
 * Whether a chunk that opens with the end of the cut Latin word again (`…計り知れません。L` +
 * `LMが…`) goes on inside that word rather than restarting it: the word the join makes (`LLM`)
 * stands elsewhere in the post, and the restart's word (`LM`) nowhere but there. Letters alone
 * cannot tell (`A` + `AIが…` is a restart of `AI`), the post's own words can.
 */
function goesOnInWord(frag: string, head: string, k: number, postText: () => string): boolean {
  const cut = LATIN_END.exec(frag)?.[0] ?? '';
  const start = LATIN_START.exec(head)?.[0] ?? '';
  if (cut.length < k || start.length <= k) return false;
  const joined = cut + start;
  const restarted = cut.slice(0, cut.length - k) + start;
  const count = (word: string) =>
    postText().match(new RegExp(`(?<![A-Za-z])${word}(?![A-Za-z])`, 'g'))?.length ?? 0;
  return count(joined) > 0 && count(restarted) <= 1;
}

/** The Latin letters a text ends or starts with (a word cut at a seam). */
const LATIN_END = /[A-Za-z]+$/;
const LATIN_START = /^[A-Za-z]+/;

/** 1 kanji, 2 katakana, 3 Latin letters and digits, 0 anything else. */
function charClass(c: number): number {
  if (c >= 0x4e00 && c <= 0x9fff) return 1;
  if ((c >= 0x30a0 && c <= 0x30ff) || c === 0x30fc) return 2;
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 3;
  return 0;
}

/** `a.endsWith(b.slice(at, at + n))`, without the slice. */
function endsWithAt(a: string, b: string, at: number, n: number): boolean {
  if (at + n > b.length || n > a.length) return false;
  const from = a.length - n;
  for (let i = 0; i < n; i++) if (a.charCodeAt(from + i) !== b.charCodeAt(at + i)) return false;
  return true;
}

/** What a restart may open with before the cut words: quotes, brackets, bold. */
const MARKUP_LEAD = '「『（(*';
/** A lead with these says something of its own. */
const PUNCTUATION = '、。，,！？!?」』）)…';

/** A paragraph opened with dots: the model going on after a cut. */
const DOTS = /^(?:\.\.\.|…)/;

/** The second star of a label's close and the words after it, read as a list item (`* 本文…`). */
const STAR_CLOSE = /^\*[ \t](?![ \t]|\*\*)/;

/** A Japanese stop ending a text, perhaps inside brackets or quotes. */
const JA_STOP_END = /[。！？][」』）)]*\s*$/;

/** A particle or comma ending a fragment: nothing ends there. */
const PARTICLE_END = /[、をがにのへもはでとや]$/;

/** A word that needs the noun after it (`高度な`, `…的な`, `…ような`): no sentence ends on it. */
const ADNOMINAL_END = /(?:[\u4e00-\u9fff]|よう)な$/;

/** A key that is punctuation only. */
const STOPS_ONLY = /^[。．！？!?、，,]+$/;

/**
 * Whether the next chunk's first paragraph is followed by items of the cut item's list (`* **製造業**:
 * …を指示する` + `「AIメンター」は、…。` + `* **医療**: …`): that paragraph is the rest of the cut item.
 */
function itemsFollow(last: string, after: Block | undefined): boolean {
  if (after?.kind !== 'list') return false;
  const marker = LIST_MARKER_OF.exec(last)?.[1];
  const m = LIST_MARKER_OF.exec(after.text)?.[1];
  return marker !== undefined && m !== undefined && (m === marker || (/\d/.test(m) && /\d/.test(marker)));
}
const LIST_MARKER_OF = /^\s*([-*+]|\d{1,9}[.)])\s+/;

/** A key in hiragana and stops only. */
const KANA_ONLY_KEY = /^[\u3040-\u309f。、！？!?]+$/;

/** A paragraph ending in a sentence's stop and one star: a bold span cut after its first star. */
const STAR_AFTER_STOP = /[。！？][」』）)]*\*\s*$/;

/** A colon opening a text: the rest of a label line. */
const COLON_FIRST = /^\s*[:：]/;

/** A word that introduces an example or a restatement, and its comma, before a quote that gives it. */
const EXAMPLE_LEAD = /^(?:例えば|たとえば|つまり|すなわち)[、，]?(?=[「『])/;

/**
 * Nouns that say when or how long, used as adverbs (`今後さらに…`, `将来この…`, `今日この頃`,
 * `私が今回このテーマを…`, `私自身も、20年この業界を…`).
 */
const TIME_NOUN_END =
  /(?:今後|将来|近年|現在|昨今|当面|今日|最近|今回|今年|昨年|去年|来年|先日|当時|[0-9０-９]+(?:年間?|か月|ヶ月|カ月|週間|日間|時間))$/;

/** Words that introduce what follows (an example, a restatement): a sentence cannot end on them. */
const LEADS_ON = /(?:例えば|たとえば|つまり|すなわち|いわば)$/;

/** A noun's last character: kanji, katakana or Latin (`アプリ`, `日本`, `AI`). */
const NOUN_END = /[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9]$/;

/**
 * The block whose text opens `chunk`: its first, or the one under a rule the model set first
 * (`---` + `ひとりの意識と…`), which does not stop that text from opening the chunk.
 */
function textOpening(chunk: readonly Block[]): Block | undefined {
  return chunk[0]?.kind === 'hr' ? chunk[1] : chunk[0];
}

/** A few kana and a stop, all a sentence's worth (`だ。`, `います。`): an ending, never a sentence. */
const LONE_ENDING = /^[\u3041-\u3096ー]{1,3}[。！？](?=\s|$)/;

/** A link's address in parentheses, no space in it: what a link cut after its `]` goes on with. */
const LINK_ADDRESS = /^\([^\s()]+\)/;

/**
 * Adverbs written as a half said twice, whose half is no word a clause opens with: a clause cut
 * after the first half goes on with the second (`…と、なか` + `なか進まない`), it is not restarted.
 * Halves that are such words (`まず`, `まだ`, `それ`) are left out: their restart is the likelier.
 */
const REDUPLICATED = new Set([
  'なかなか',
  'いろいろ',
  'ますます',
  'そろそろ',
  'どんどん',
  'だんだん',
  'ときどき',
  'わざわざ',
  'もともと',
  'いよいよ',
  'ぎりぎり',
  'しばしば',
  'たびたび',
  'つぎつぎ',
  'じわじわ',
  'わくわく',
  'ぐんぐん',
  'みるみる',
  'ばらばら',
  'ひとつひとつ',
  // Counted things said twice, one by one (`一歩一歩`): kanji, so the overlap of two kanji counts them too.
  '一つ一つ',
  '一歩一歩',
  '一人一人',
  '一日一日',
]);

/** A Japanese stop: what follows it starts a sentence, also where the splitter kept one piece. */
const STOP = /^[。！？]$/;
/** Where a clause of a sentence starts: after a comma or an opening quote. */
const CLAUSE_BREAK = /^[、，,「『（(]$/;
/** The longest lead before a restart of the cut words that counts as one (`新たな`, `「**`). */
const MAX_LEAD = 3;

/** Whether the first `n` characters of `head` are the half of a `REDUPLICATED` word that `head` does not double itself. */
function saidTwice(head: string, n: number): boolean {
  const half = head.slice(0, n);
  return REDUPLICATED.has(hiraganaOf(half).repeat(2)) && !head.startsWith(half.repeat(2));
}

/** Katakana as hiragana: the reduplicated words are written in either (`ワクワク`, `わくわく`). */
function hiraganaOf(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

function isKanji(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/** The last sentence of a paragraph, trimmed. */
/**
 * The piece the sentence cut in piece `fi` of `pieces` starts at: a stop inside a bracket the cut
 * left open ends no sentence (`AIは「What if?` + `（もしこうだったら`, `「…〇〇%です。来週の`).
 */
function cutSentenceStart(pieces: readonly string[], fi: number): number {
  let at = fi;
  while (at > 0 && endsInsideOpenBracket(pieces[at - 1]!)) at--;
  return at;
}

/** The last line of a block's text. */
function lastLine(text: string): string {
  return text.slice(text.lastIndexOf('\n') + 1);
}

/** The first line of a block's text. */
function openingLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

/** The least a later chunk must write again of an earlier cut it goes on with (see `lateCut`). */
const LATE_OVERLAP = 8;

function lastPiece(text: string, ctx: PassContext): string {
  const pieces = ctx.split(text);
  return (pieces[pieces.length - 1] ?? '').trim();
}

/**
 * Whether `head` opens with dots and the last words of the list's last item, cut mid-sentence
 * (`…推論最適化エンジン` + `...推論最適化エンジンは、…`).
 */
function restartsCutItem(list: string, head: string, ctx: PassContext): boolean {
  if (!DOTS.test(head)) return false;
  const item = stripListMarker(lastLine(list));
  return !endsCleanly(item) && restartedAfterDots(lastPiece(item, ctx), head) > 0;
}

/**
 * The length of the dots a continuation opens with when what follows them goes on with a cut
 * sentence (`…といった、脳へ…`, `...は、長期的な…`) rather than restarting it; 0 otherwise. Only a
 * particle or a word that cannot open a sentence: kana alone may (`…あなたはどう思いますか？`).
 */
function goesOnAfterDots(head: string): number {
  const m = LEADING_DOTS.exec(head);
  if (m === null) return 0;
  const rest = head.slice(m[0].length);
  return startsMidWord(rest) || GOES_ON.test(rest) ? m[0].length : 0;
}

/**
 * Particles that go on with what came before (`は、`, `といった`, `など`), never a sentence's first
 * word; so is `こと` with its particle after a verb (`…これらを問う` + `…ことは、…`).
 */
const GOES_ON = new RegExp(
  `^(?:は[、，]|も[、，]|${QUOTING_PARTICLE.source.slice(1)}|で[、，]|から[、，]|まで[、，]|こと[はがをにでも])`,
);

/** `restartedLength`, also when the model opens the restart with dots (`...卒業後すぐに現場で活躍…`). */
function restartedAfterDots(frag: string, head: string): number {
  const k = restartedLength(frag, head);
  let dots = head.startsWith('...') ? 3 : head.startsWith('…') ? 1 : 0;
  if (k > 0 || dots === 0) return k;
  const after = restartedLength(frag, head.slice(dots));
  if (after > 0 || !frag.startsWith('**')) return after > 0 ? dots + after : 0;
  // The spaces of an indented label may follow the dots (`...   **高品質な…**` for a cut `*   **`);
  // a space the item's words have (`…Physical AIの` + `... AIの…`) is part of the restart.
  while (head.charAt(dots) === ' ') dots++;
  const label = restartedLength(frag, head.slice(dots));
  return label > 0 ? dots + label : 0;
}

/**
 * How many characters at the end of `frag` go when it ends on a quoted word that the next chunk,
 * maybe after dots, writes again without its quotes and goes on from (`…提案する「個別化医療」` +
 * `...個別化医療が、…`): the quoted word, quotes and all. As with a restart behind markup, the
 * restart is the copy that goes on, so it stays whole. 0 when the chunk does not open so.
 */
function restartedQuote(frag: string, head: string): number {
  const close = frag.charAt(frag.length - 1);
  if (close !== '」' && close !== '』') return 0;
  const open = frag.lastIndexOf(close === '」' ? '「' : '『');
  const word = open === -1 ? '' : frag.slice(open + 1, -1);
  const dots = DOTS.exec(head)?.[0].length ?? 0;
  return word.length >= 2 && head.startsWith(word, dots) && head.length > dots + word.length
    ? word.length + 2
    : 0;
}

/** A key that ends like a sentence of prose. */
const SENTENCE_END = /[。．.！？!?][」』）)"']*$/;

/**
 * How a sentence ends in the polite or plain style, when only its `。` is missing. Not the adverb
 * `ますます` ("more and more"), which ends in `ます` and goes on (`…今後ますます` + `重要性が…`).
 */
const FINAL_FORM = /(?:(?<!ます)ます|です|ました|ません|でした|でしょう|ください|である|だろう)$/;

/**
 * Whether the next chunk does not go on with `frag`: `frag` is a whole sentence but for its `。`
 * (`…連携も考えられます` + `UAEが…`), or the chunk opens with a rule. Unless it restarts `frag`.
 */
function opensAnew(frag: string, head: string): boolean {
  if (head.startsWith('...') || restartedLength(frag, head) > 0) return false;
  // A case particle never follows a final form (`…可能性があります` + `をさらに深め…`).
  return (
    (FINAL_FORM.test(frag) && (!startsMidSentence(head) || /^[をにへ]/.test(head))) || /^-{3,}/.test(head)
  );
}

/**
 * When `frag` ends in bold words it leaves open (`**生産性向上と品質安定化の`) and `head` writes them
 * again from their start, or from the span's second star (`*技術者の皆さんへ。** …`), then closes the
 * span on its first line: how many characters `head` has before the words (0 or 1). -1 otherwise.
 */
function restartsOpenBold(frag: string, head: string): number {
  if (!opensBold(frag)) return -1;
  const words = frag.slice(frag.lastIndexOf('**') + 2);
  if (keyOf(words).length < MIN_OVERLAP) return -1;
  const star = head.startsWith('*') && !head.startsWith('**') ? 1 : 0;
  if (!head.startsWith(words, star)) return -1;
  return openingLine(head).includes('**', star + words.length) ? star : -1;
}

/** The bracket each opening one is closed by. */
const CLOSING: Readonly<Record<string, string>> = { '（': '）', '(': ')', '「': '」', '『': '』' };

/**
 * Whether `text` was cut right after it opens a bracket (`…タスク（`) and `head` closes that bracket
 * on its first line before opening another (`例えば、同時通訳やゲーム）で威力を発揮する。`).
 */
function closesCutBracket(text: string, head: string): boolean {
  const open = text.trimEnd().slice(-1);
  const close = CLOSING[open];
  if (close === undefined) return false;
  const line = openingLine(head);
  const at = line.indexOf(close);
  return at > 0 && !line.slice(0, at).includes(open);
}

/** Whether the last line of `text` leaves a `**` open. */
function opensBold(text: string): boolean {
  return countBold(lastLine(text)) % 2 === 1;
}

/**
 * Whether the next chunk opens a sentence of its own after `frag` was cut on a noun
 * (`…享受するための知恵` + `この「知恵」とは…`): `frag` is a cut-off, not the start of it.
 */
function opensSentence(frag: string, head: string): boolean {
  const last = frag.charCodeAt(frag.length - 1);
  const noun =
    (last >= 0x4e00 && last <= 0x9fff) || (last >= 0x30a0 && last <= 0x30ff) || /[A-Za-z0-9]$/.test(frag);
  // `それぞれ` (each) and `そのもの` (itself) go on after the nouns they follow (`投資家と技術者` +
  // `それぞれの視点から…`, `キャリアパス` + `そのものを変えつつあります。`); a
  // kanji opener goes on a word cut after its first kanji (`しかし、現` + `実はもっと…`: `現実`).
  if (/(?:^|[^\u4e00-\u9fff])[\u4e00-\u9fff]$/.test(frag) && /^[\u4e00-\u9fff]/.test(head)) return false;
  // A noun that says when (`…を手掛ける企業は、今後` + `さらに注目を集めるでしょう。`) leads to its
  // predicate: no sentence ends on it.
  if (TIME_NOUN_END.test(frag)) return false;
  return (
    noun &&
    SENTENCE_OPENER.test(head) &&
    !/^(?:それぞれ|そのもの)/.test(head) &&
    restartedLength(frag, head) === 0
  );
}

/**
 * The next chunk restarts the cut item from inside its label (`**データとアライメント:** 高品質な学習`
 * + `ント:** 高品質な学習データの…`): it opens like an item, but with the item's own words.
 */
function restartsLabel(frag: string, head: string): boolean {
  const k = restartedLength(frag, head);
  return k > 0 && head.slice(0, k).includes('**');
}

/**
 * The next chunk writes the cut sentence again from its start (`しか` + `しかしLAMは…`): the
 * fragment is a restart however short it is. A single kana is left alone, since a word may
 * really double it (`こ` + `こ数年` is `ここ数年`), unless the next chunk opens with a word that
 * opens sentences (`こ` + `このAnthropicの動きは…`).
 */
function restartsWhole(frag: string, head: string): boolean {
  if (frag === '' || !head.startsWith(frag)) return false;
  return (
    frag.length > 1 ||
    !/^[\u3040-\u30ff]$/.test(frag) ||
    SENTENCE_OPENER.test(head) ||
    OPENER_NEVER_DOUBLED.test(head)
  );
}

/**
 * Question, counting and alternative words a sentence opens with (`どんな…と思いますか？`, `いくつか例を…`,
 * `あるいは、…`), and the interjection an answer opens with (`そうですね、…`, `なるほど、…`): no word
 * starts with their first kana doubled (`どどんな`, `いいくつか`, `ああるいは`, `そそうですね`), so a kana
 * alone before them was the sentence cut and written again.
 */
const OPENER_NEVER_DOUBLED =
  /^(?:どんな|どのよう|どう|どこ|どれ|なぜ|いくつ|いつ|いかに|あるいは|または|もしくは|そうですね|そうですよね|なるほど)/;

/** `a.endsWith(b.slice(0, n))`, without the slice (the overlap search tries up to 300 lengths). */
function endsWithStartOf(a: string, b: string, n: number): boolean {
  const from = a.length - n;
  for (let i = 0; i < n; i++) if (a.charCodeAt(from + i) !== b.charCodeAt(i)) return false;
  return true;
}

/**
 * A label cut between the two `*` of its close (`**要点：*` + `* 本文…`): the next chunk's star
 * closes it, though its line reads as a list item of its own. Not an item written again
 * (`*   **要点：** 本文…`), which the marker's spacing or a label of its own shows.
 */
function closesWithStar(last: string, next: Block | undefined): boolean {
  return (
    next?.kind === 'list' &&
    STAR_CLOSE.test(next.text) &&
    last.endsWith('*') &&
    !last.endsWith('**') &&
    countBold(lastLine(last)) % 2 === 1
  );
}

/**
 * Whether `text` closes a `**` by its first sentence end (`:** 本文`, `したいのか？**`): it goes on
 * with a cut bold label or sentence.
 */
function closesBoldFirst(text: string): boolean {
  // Its first line: the items after it in a list have labels of their own, maybe one cut open.
  const line = text.slice(0, text.indexOf('\n') >>> 0);
  const bold = line.indexOf('**');
  const end = line.search(/[。！？]/);
  return bold !== -1 && (end === -1 || bold <= end + 1) && countBold(line) % 2 === 1;
}

/**
 * The echo may open a later chunk with the headline in other words at its start (`ファーウェイの
 * AIチップ…` for `ファーウェイAIチップ…`, `QualcommのXRチップにおける…` for `クアルコムXRチップの…`): its
 * last words stand where the headline ends. That line is the title's echo: it goes, and the chunk
 * goes on with the echo of the article. The headline is the title's line a repair removed, or the
 * body's first line while it stays (a line with no `。`).
 */
function removeRewordedHeadlines(chunks: Chunks, ctx: PassContext): void {
  if (chunks.length < 2) return;
  const lines = [...ctx.titleKeys];
  const first = chunks[0]?.[0];
  if (first?.kind === 'paragraph') {
    const line = first.text.split('\n')[0]!;
    if (!/[。．]/.test(line)) lines.push(keyOf(line));
  }
  const headlines = lines.filter((k) => k.length >= MIN_HEADLINE);
  if (headlines.length === 0) return;
  for (const chunk of chunks.slice(1)) {
    const b = chunk[0];
    if (b?.kind !== 'paragraph') continue;
    // The headline as written, maybe in quotes or after a dash, is the seams' own to read.
    const opening = withoutLeadingDash(keyOf(b.text.slice(0, 200)));
    const unquoted = opening.replace(/^[「『]/, '');
    if (headlines.some((line) => opening.startsWith(line) || unquoted.startsWith(line))) continue;
    for (const line of headlines) {
      const n = rewordedLength(line, b.text);
      if (n === 0) continue;
      const headline = b.text.slice(0, n);
      b.text = b.text.slice(n).trimStart();
      if (b.text === '') chunk.shift();
      ctx.fixes.push({
        kind: 'title-echo',
        detail: `removed title echo ${quote(headline)} (reworded)`,
        line: b.line,
      });
      break;
    }
  }
}

/** The shortest headline (key characters) whose rewording `removeRewordedHeadlines` looks for. */
const MIN_HEADLINE = 24;

/**
 * How many characters `text` opens with that are the headline of key `line` reworded at its start:
 * the text up to where the headline's last key characters stand, within a few characters of the
 * headline's own length. 0 when it opens otherwise.
 */
function rewordedLength(line: string, text: string): number {
  const tail = line.slice(-HEADLINE_TAIL);
  const lineEnd = text.indexOf('\n');
  const head = text.slice(0, Math.min(lineEnd === -1 ? text.length : lineEnd, line.length * 2));
  const key = keyOf(head);
  const at = key.indexOf(tail);
  if (at === -1 || Math.abs(at + HEADLINE_TAIL - line.length) > 8) return 0;
  // The raw words whose key ends there (headlines are short, and this is rare), with the quote
  // that may close them (`「タイトル」 本文…`). A headline quoted inside a sentence
  // (`「タイトル」というニュースを…`) is that sentence's.
  let i = tail.length;
  while (i <= head.length && keyOf(head.slice(0, i)).length < at + HEADLINE_TAIL) i++;
  while (i < head.length && '」』"”'.includes(head.charAt(i))) i++;
  return i >= head.length || /\s/.test(head.charAt(i)) ? i : 0;
}

/**
 * Whether the seam falls inside a figure (`…90時間 × 1` + `00万円/時間 = 9,000万円`): the next chunk
 * goes on with it, however often the pipeline appends that continuation; no headline or passage
 * written again opens inside a number.
 */
function cutInNumber(frag: string, head: string): boolean {
  return /[0-9][,.]?$/.test(frag) && /^[0-9]/.test(head);
}

/** What follows the last stop of `text` (all of it when it has none). */
function lastSentenceOf(text: string): string {
  const t = text.trimEnd();
  return t.slice(Math.max(t.lastIndexOf('。'), t.lastIndexOf('！'), t.lastIndexOf('？')) + 1);
}

/** A kanji or kana. */
function isCjk(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff);
}

/**
 * The words `text` opens with that finish the cut heading of key `cut` as a heading of the post
 * (`headings`, keys) written whole: undefined when none does.
 */
function headingRest(cut: string, text: string, headings: readonly string[]): string | undefined {
  if (cut.length < 2) return undefined;
  const key = keyOf(text);
  for (const h of headings) {
    if (h.length < cut.length + 2 || !h.startsWith(cut) || !key.startsWith(h.slice(cut.length))) continue;
    // The raw words whose key is the heading's rest: headings are short, and this is rare.
    const rest = h.slice(cut.length);
    const lineEnd = text.indexOf('\n');
    const line = lineEnd === -1 ? text : text.slice(0, lineEnd);
    for (let i = rest.length; i <= line.length; i++)
      if (keyOf(line.slice(0, i)) === rest) return line.slice(0, i);
  }
  return undefined;
}
