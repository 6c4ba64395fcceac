import type { Block } from '../blocks.js';
import { endsCleanly, quote } from '../text.js';
import type { Chunks, PassContext } from './context.js';
import { DOTS } from './continuation-dots.js';

/**
 * Bodies where the model answered with an apology, a "cannot find" or a quota error instead of
 * (or before) the article. Such paragraphs are removed wherever they are; when one opens the
 * body, the gate holds the post back, since what follows was written without the facts.
 */
export const REFUSAL = [
  /^(大変)?申し訳(ありません|ございません)(が|。)/,
  /(情報|検索結果|データ)を?(見つける|取得する|提供する|入手する)ことが?(でき|出来)ませんでした/,
  /(提供|回答|お答え)することは(でき|出来)ません/,
  /お役に立てず/,
  /(後ほど|時間をおいて)再度お試し/,
  /^I('m| am) (sorry|unable|not able)/i,
  /^I apologi[sz]e/i,
  /^(Sorry|Unfortunately),? I/i,
  /exhausted (my|the) (daily )?quota/i,
  /(quota|rate limit) (exceeded|reached)/i,
  /RESOURCE_EXHAUSTED/,
  /^As an AI( language model)?,/i,
  /^I (cannot|can't|can not) (gather|provide|access|browse|perform|write)/i,
];
/**
 * What a refusal says without apologising (`Web検索が現在利用できないため、…`, `…に関する情報は見つかり
 * ませんでした。`). An article may say as much of its subject (`公式な発表は確認できませんでした。`), so
 * these count only where the body opens: there they stand instead of the article.
 */
const OPENING_REFUSAL = [
  /(?:Web|ウェブ)?検索(?:機能|ツール)?(?:が|を)(?:現在|現時点では)?(?:利用|使用|実行)(?:でき|出来)(?:ない|ません)/,
  /(?:情報|記事|発表|報道|データ|ニュース)(?:は|が)(?:見つかりませんでした|見当たりませんでした|確認できませんでした|得られませんでした)/,
  /(?:リアルタイム|最新)の(?:情報|ニュース|データ)に(?:は)?アクセス(?:でき|出来)(?:ない|ません)/,
  /ご依頼(?:いただいた|の)記事/,
  /^私は(?:AI|人工知能)(?:アシスタント|言語モデル)/,
  /^(?:Unfortunately|I'm afraid|I could not|I couldn't|I was unable|I do not have|I don't have)\b/i,
];
const FOLLOW_UP = [
  /(教えていただけ|ご提供いただけ|お知らせいただけ|ご教示)/,
  /記事を作成することも可能です/,
  /^Please (let me know|provide|try again)/i,
  /^If you (would like|'d like|can provide)/i,
];

// Patterns anchored at the start fail at once, but each costs a call: they are tried as one. The
// Japanese ones have no letters with case, so the `i` they are given changes nothing for them.
const AT_START = new RegExp(
  REFUSAL.filter((re) => re.source.startsWith('^'))
    .map((re) => re.source)
    .join('|'),
  'i',
);
// The others scan the whole paragraph, so they run only when it holds a word that every one of
// their matches contains.
const ANYWHERE = REFUSAL.filter((re) => !re.source.startsWith('^'));
const ANYWHERE_HINT = /ませんでした|することは|お役に立てず|再度お試し|quota|rate limit|RESOURCE_EXHAUSTED/i;

/** Whether a paragraph is one of `REFUSAL` (trimmed). */
export function isRefusal(text: string): boolean {
  const t = text.trim();
  if (AT_START.test(t)) return true;
  return ANYWHERE_HINT.test(t) && ANYWHERE.some((re) => re.test(t));
}

/**
 * The model's reply to the article's own closing question, taken for the user's turn when the
 * pipeline asked it to go on (`…あなたもそう感じませんか？` → `ええ、私も全く同感です。`): agreement,
 * thanks or "let's" with nothing of the article in it. Only whole sentences of this class. A
 * chat partner's interjection may open them (`なるほど、そうですよね。`, `そうですね、まさにその通り。`).
 */
const REPLY =
  /^(?:(?:ええ|はい|うん|なるほど|そうですね|そう)、(?:もちろん、)?(?:私も(?:全く)?同感です|(?:まさに)?その通り(?:です|なんです|なんだ|だと私も思います)?|本当にそう(?:です)?(?:ね|よね)|そうです(?:ね|よね)|ぜひ一緒に[^。！？]{0,20}ましょう|一緒に[^。！？]{0,20}ましょう|そうしていきましょう|ありがとうございます)|(?:まさに)?その通り(?:です|だと[^。！？]{0,12}思います)?|(?:全く|私も)?同感です)[。！]$/;
/**
 * Replies that open a continuation or answer a question only: they answer it (`そうですね、この問いかけは…`,
 * `そうですね、きっとあなたも…`) rather than go on with the article. Inside the article, an
 * author's `そうですね、` is prose and stays.
 */
const CHUNK_REPLY = /^(?:そうですね|ええ)、(?:(?:この|その)問いかけ|きっとあなたも)[^。！？]{0,60}[。！]$/;
/**
 * The model thanking the user for the question the article put to its reader
 * (`「あなたはこの投資をどう見ていますか？」という問いかけ、ありがとうございます。`,
 * `あなたからの問いかけ、ありがとうございます。`): a reply, where a question is right above.
 */
const THANKS =
  /^(?:「[^」\n]{1,60}」という|あなたからの|この|その)?(?:問いかけ|ご質問|質問)(?:を|、)?(?:いただき、?)?ありがとうございます[。！]$/;
/** How a `THANKS` opens a paragraph. */
const THANKS_START = /^(?:「[^」\n]{1,60}」という|あなたからの|この|その)?(?:問いかけ|ご質問|質問)/;
/** The continuation's dots (see `DOTS`), which may come before a reply that opens a chunk. */
const MAYBE_DOTS = `(?:${DOTS.source.slice(1)})?`;
/** The model agreeing with what the reader never said. */
const AS_YOU_SAY = 'あなたの(?:言う|おっしゃる)(?:通り|とおり)';
/**
 * The interjection a chat partner opens a reply with. Where the model answers the reader's
 * question as if it were the user's turn, it opens a paragraph that carries the article on
 * (`そうですね、私もあなたと同じように…`): only the interjection goes. `確かに、` is not one: it
 * concedes a point before `しかし`, as essays do; nor is `はい、`: it answers a question yes, as an
 * article's Q&A does (`Q. …ですか？` / `はい、…`). The model agreeing with what the reader never
 * said (`あなたの言う通り、`) is one too, and so are the continuation's dots before it
 * (`…あなたの言う通り、AIが…`): the sentence after it opens the paragraph whole.
 */
const OPENER = new RegExp(
  `^${MAYBE_DOTS}(?:そうですね|そうですよね|なるほど|ええ|うん|(?:まさに)?${AS_YOU_SAY})、`,
);
/** How a `REPLY` or an `OPENER` can open a paragraph or follow a question. */
const REPLY_START = new RegExp(
  `^\\s*${MAYBE_DOTS}(?:ええ、|はい、|うん、|なるほど、|そうですね、|そうですよね、|そう、|まさに|その通り|全く|私も|同感|${AS_YOU_SAY}、)`,
);
const REPLY_MAX = 60;
/** The shortest removed reply whose copies elsewhere go with it: the length the merge dedupes. */
const COPY_MIN = 8;

/**
 * Whether a reply (see `REPLY_START`) follows a question mark inside `text`. Question marks are
 * found by `indexOf` and only the few characters after each are read: an alternation regex
 * over the whole paragraph cost more than the rest of the pass.
 */
function replyAfterQuestion(text: string): boolean {
  for (const mark of ['？', '?']) {
    for (let i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 1)) {
      if (REPLY_START.test(text.slice(i + 1, i + 12))) return true;
    }
  }
  return false;
}

/**
 * Whether `text` ends in a question mark, closing brackets and emphasis aside (`…ませんか？」`):
 * read backwards, since an end-anchored regex is tried at every position of a long paragraph.
 */
function endsWithQuestion(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  while (i >= 0 && '」』）)*_'.includes(text[i]!)) i--;
  return i >= 0 && (text[i] === '？' || text[i] === '?');
}

/**
 * A request to the reader closing a paragraph (`…から目を離さないでくださいね。`,
 * `…そう思いませんか。`): the model takes it for the user's turn as it takes a question.
 */
const INVITATION = /(?:ませんか|でしょうか|ください|くださいね)[。！]$/;
/**
 * The author putting a reader's question to themselves (`私の見解ですか？ そうですね、…`) and
 * answering it, or an article's Q&A (`Q. …ですか？`, `質問：…`): a dialogue the article writes,
 * not a question put to the reader.
 */
const SELF_QUESTION = /^\s*(?:私|僕|筆者|[*_#\s]*(?:Q|Ｑ|質問|問)\s*[0-9０-９]*\s*[.．:：)）])/;

/** Where sentences end, for reading the last ones of a paragraph backwards. */
const SENTENCE_END = '。！？!?\n';

/**
 * The last `n` sentences of `text`, found by reading back from its end (a paragraph above a
 * reply can be a whole flattened echo: it is not split for this).
 */
function lastSentences(text: string, n: number): string[] {
  const out: string[] = [];
  let end = text.trimEnd().length;
  while (out.length < n && end > 0) {
    let i = end - 1;
    // The sentence's own end mark and the closing brackets after it.
    while (i >= 0 && (SENTENCE_END.includes(text[i]!) || '」』）)*_'.includes(text[i]!))) i--;
    while (i >= 0 && !SENTENCE_END.includes(text[i]!)) i--;
    const sentence = text.slice(i + 1, end).trim();
    if (sentence !== '') out.unshift(sentence);
    end = i + 1;
    if (i < 0) break;
  }
  return out;
}

/** Whether a block ends with a question put to the reader, not one the author puts to themselves. */
function asksReader(block: Block | undefined): boolean {
  return (
    (block?.kind === 'paragraph' || block?.kind === 'heading') &&
    endsWithQuestion(block.text) &&
    !SELF_QUESTION.test(lastSentences(block.text, 1)[0] ?? '')
  );
}

/**
 * Whether the text above block `i` ends by addressing the reader: a question in its last two
 * sentences (`…どう見ていますか？期待と不安が入り混じるのが、正直な私の個人的見解です。`), or a
 * request. The model may set a heading of its own between the question and its reply.
 */
function addressesReader(chunk: readonly Block[], i: number): boolean {
  let prev = chunk[i - 1];
  if (prev?.kind === 'heading') {
    if (asksReader(prev)) return true;
    prev = chunk[i - 2];
  }
  if (prev?.kind !== 'paragraph') return false;
  const tail = lastSentences(prev.text, 2);
  if (INVITATION.test(tail.at(-1) ?? '')) return true;
  return tail.some((t) => /[？?][」』）)*_]*$/.test(t) && !SELF_QUESTION.test(t));
}

function isReply(sentence: string, toQuestion: boolean): boolean {
  const t = sentence.trim();
  return t.length <= REPLY_MAX && (REPLY.test(t) || (toQuestion && (CHUNK_REPLY.test(t) || THANKS.test(t))));
}

/** What is left of a sentence once its reply opener goes, or `undefined` when nothing of it would be. */
function withoutOpener(sentence: string): string | undefined {
  const m = OPENER.exec(sentence.trimStart());
  if (!m) return undefined;
  const rest = sentence.trimStart().slice(m[0].length);
  // What follows must be a sentence of its own, not a bare `。` or another interjection.
  return /^[\s、。！？]*$/.test(rest.replace(/[。！？]\s*$/, '')) ? undefined : rest;
}

/** Whether `text` opens with the whole of the sentence `above` was cut in, itself opened by an interjection (or cut inside it). */
function restartsCut(text: string, above: string, ctx: PassContext): boolean {
  if (above === '' || endsCleanly(above)) return false;
  const pieces = ctx.split(above);
  const frag = (pieces[pieces.length - 1] ?? '').trim();
  const again = text.trimStart();
  if (frag === '' || !again.startsWith(frag)) return false;
  // Cut after the interjection, or inside it (`…ですか？ そうで` + `そうですね、正直なところ、…`).
  return OPENER.test(frag) || frag.length < (OPENER.exec(again)?.[0].length ?? 0);
}

/** The text the chunk ends on, '' when it ends on no paragraph. */
function lastText(chunk: readonly Block[] | undefined): string {
  const last = chunk?.[chunk.length - 1];
  return last?.kind === 'paragraph' ? last.text : '';
}

/**
 * Chat replies: the sentence or two of agreement that opens a paragraph (the pipeline's first
 * answer was a chat turn too), a reply about "this question" that opens a continuation chunk or
 * answers the question right above it, and a reply right after a question inside a chunk's echo
 * of the article (`…感じませんか？ ええ、私も全く同感です。`); the interjection alone where the
 * reply carries the article on (`そうですね、` before `私もあなたと同じように…`), and that same
 * sentence wherever the echoes write it again. Reported with the removed text.
 */
export function removeChatReplies(chunks: Chunks, ctx: PassContext): void {
  // A reply as written → what is left of it: the sentence without its opener, or nothing.
  const stripped = new Map<string, string>();
  /** Chunk openings that go on with a cut `…ば` (see below), found when a chunk opens with `なるほど`. */
  let goesOnAfterBa: string[] | undefined;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const opening = c > 0 ? chunk.findIndex((b) => b.kind !== 'hr') : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind !== 'paragraph') continue;
      // A reply opens the paragraph, or follows a question in a later chunk: most paragraphs do
      // neither and are passed before the text above is looked at.
      const start = REPLY_START.test(b.text);
      const hinted = start || THANKS_START.test(b.text) || (c > 0 && replyAfterQuestion(b.text));
      const opener = start && OPENER.test(b.text);
      if (!hinted && !opener) continue;
      // `…賢くなれば` + `なるほど、さらに…`: the cut sentence goes on (`〜ばなるほど`), no one is answered;
      // nor where the pipeline appended that continuation again after another cut.
      if (i === opening && b.text.startsWith('なるほど')) {
        goesOnAfterBa ??= chunks.flatMap((x, k) => {
          const first = x.find((y) => y.kind !== 'hr');
          return k > 0 && first?.text.startsWith('なるほど') && /ば\s*$/.test(lastText(chunks[k - 1]))
            ? [first.text]
            : [];
        });
        if (goesOnAfterBa.includes(b.text)) continue;
      }
      // The chunk writes the sentence the chunk before was cut in again from its start (`…ですか？
      // そうですね、正直なところ、…ハード` + `そうですね、正直なところ、…ハードウェアと…`): its opener is
      // the author's, not a reply.
      if (i === opening && opener && restartsCut(b.text, lastText(chunks[c - 1]), ctx)) continue;
      // The question the reply answers: the end of the text above, paragraph or heading, or the
      // end of the chunk before (the pipeline sent it as the user's turn). A whole sentence about
      // "this question" goes only right under one; an opener goes where the text above addresses
      // the reader at all.
      const toQuestion = i === opening || asksReader(chunk[i - 1]);
      // Read only for a paragraph an interjection opens: few do.
      const answers = toQuestion || (opener && addressesReader(chunk, i));
      if (!hinted && !answers) continue;
      const pieces = [...ctx.split(b.text)];
      const removed: string[] = [];
      const kept: string[] = [];
      for (let k = 0; k < pieces.length; k++) {
        const piece = pieces[k]!;
        // Agreement with no one to agree with opens no paragraph of an article: it goes wherever
        // it opens one; a reply about "this question" only where a question is right above.
        const leading = kept.every((x) => x.trim() === '') && removed.length < 2;
        const afterQuestion =
          c > 0 &&
          k > 0 &&
          /[？?]\s*$/.test(pieces[k - 1]!) &&
          !SELF_QUESTION.test(pieces[k - 1]!) &&
          !removed.includes(pieces[k - 1]!);
        if ((leading && isReply(piece, toQuestion)) || (afterQuestion && isReply(piece, true))) {
          removed.push(piece);
          // Its copies go too; a short one (`その通りです。`) may be the author's elsewhere.
          if (piece.trim().length >= COPY_MIN) stripped.set(piece.trim(), '');
          continue;
        }
        const rest = leading && answers ? withoutOpener(piece) : undefined;
        if (rest !== undefined) {
          stripped.set(piece.trim(), rest.trim());
          removed.push(piece.trimStart().slice(0, piece.trimStart().length - rest.length));
          kept.push(rest);
        } else kept.push(piece);
      }
      if (removed.length === 0) continue;
      report(ctx, removed, b.line);
      const text = kept.join('').trim();
      if (text === '') chunk.splice(i--, 1);
      else b.text = text;
    }
  }
  if (stripped.size > 0) stripAgain(chunks, stripped, ctx);
}

function report(ctx: PassContext, removed: readonly string[], line: number): void {
  ctx.fixes.push({
    kind: 'model-talk',
    detail: `removed the model's chat reply ${quote(removed.map((r) => r.trim()).join(' '), 120)}`,
    line,
  });
}

/**
 * A reply is the same reply where an echo or a re-emitted section writes it again, wherever it
 * stands there (`…どう思いますか？ そうですね、この問いかけに…` inside a flattened echo, or after the
 * re-quoted closing line a chunk opens with): its copies go, or lose the same opener, so the
 * merge knows them for the sentence kept.
 */
function stripAgain(chunks: Chunks, stripped: ReadonlyMap<string, string>, ctx: PassContext): void {
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind !== 'paragraph') continue;
      let hit = false;
      for (const s of stripped.keys()) if (b.text.includes(s)) hit = true;
      if (!hit) continue;
      const removed: string[] = [];
      const pieces = ctx.split(b.text).map((piece) => {
        const t = piece.trim();
        // A copy the continuation opens with its dots (`…あなたの言う通り、…`): they go with the reply.
        const dots = DOTS.exec(t)?.[0].length ?? 0;
        const rest = stripped.get(t) ?? (dots > 0 ? stripped.get(t.slice(dots)) : undefined);
        if (rest === undefined) return piece;
        removed.push(t.slice(0, t.length - rest.length));
        return rest === '' ? '' : piece.replace(t, rest);
      });
      if (removed.length === 0) continue;
      report(ctx, removed, b.line);
      const text = pieces.join('').trim();
      if (text === '') chunk.splice(i--, 1);
      else b.text = text;
    }
  }
}

/**
 * The model asking the user what to write instead of writing it: for details or a source
 * (`…もう少し詳しく教えていただけますでしょうか？`) or for leave to go on with other facts
 * (`…という情報に基づいて記事を作成してもよろしいでしょうか？`), said about the task (see `ABOUT_TASK`).
 */
const CLARIFY =
  /(?:教えて|ご提供|お知らせ|ご教示)いただけま(?:す|せん)(?:でしょう)?か[？?。]|(?:作成し|執筆し|書い|進め)てもよろしいでしょうか[？?]/;
/**
 * How the model speaks of its task in such a request: writing the article, the source, more
 * details, the search. A lead that asks its readers (`…教えていただけますか？この記事では…`) says none.
 */
const ABOUT_TASK = /記事を(?:作成|執筆|書)|情報源|追加の情報|情報をご存知|検索|的確な分析|もう少し詳しく/;
/** How far into the first chunk a request still belongs to the opening. */
const OPENING_PARAGRAPHS = 6;

/**
 * A clarification dialogue where the article should start: the model's request (see `CLARIFY`)
 * in the paragraphs before the first heading. What follows it answers a user who never wrote
 * (`なるほど、ありがとうございます。…`) on facts the model said it could not find or confirm, so
 * the gate holds the post back like a refusal; the text stays for the editor to read.
 */
function findClarification(chunks: Chunks, ctx: PassContext): void {
  const first = chunks[0] ?? [];
  let paragraphs = 0;
  for (const b of first) {
    if (b.kind === 'heading' || paragraphs >= OPENING_PARAGRAPHS) return;
    if (b.kind !== 'paragraph') continue;
    paragraphs++;
    // Every request holds one of these words: the regex runs only on a paragraph that does.
    if (!b.text.includes('いただけ') && !b.text.includes('よろしいでしょうか')) continue;
    if (!CLARIFY.test(b.text) || !ABOUT_TASK.test(b.text)) continue;
    ctx.refusalAtStart ??= ctx.split(b.text).find((s) => CLARIFY.test(s)) ?? b.text;
    return;
  }
}

export function removeRefusals(chunks: Chunks, ctx: PassContext): void {
  removeChatReplies(chunks, ctx);
  let first = true;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      // A heading above it (the title echoed, `# …`) does not make the body open with something else.
      if (b.kind !== 'paragraph') {
        if (b.kind !== 'heading') first = false;
        continue;
      }
      if (!isRefusal(b.text) && !(first && OPENING_REFUSAL.some((re) => re.test(b.text.trim())))) {
        first = false;
        continue;
      }
      let end = i + 1;
      while (end < chunk.length) {
        const n = chunk[end]!;
        if (n.kind !== 'paragraph' || !(isRefusal(n.text) || FOLLOW_UP.some((re) => re.test(n.text.trim()))))
          break;
        end++;
      }
      const removed: Block[] = chunk.splice(i, end - i);
      for (const r of removed) {
        ctx.refusalChars += r.text.length;
        ctx.fixes.push({
          kind: 'refusal',
          detail: `removed model refusal ${quote(r.text, 80)}`,
          line: r.line,
        });
      }
      if (first) ctx.refusalAtStart ??= removed.map((r) => r.text).join('\n');
      i--;
    }
  }
  findClarification(chunks, ctx);
}
