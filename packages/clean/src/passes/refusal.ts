import type { Block } from '../blocks.js';
import { quote } from '../text.js';
import type { Chunks, PassContext } from './context.js';

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
 * thanks or "let's" with nothing of the article in it. Only whole sentences of this class.
 */
const REPLY =
  /^(?:(?:ええ|はい)、(?:もちろん、)?(?:私も(?:全く)?同感です|まさにその通り(?:です|なんです|だと私も思います)|本当にそう(?:です)?(?:ね|よね)|そうです(?:ね|よね)|ぜひ一緒に[^。！？]{0,20}ましょう|一緒に[^。！？]{0,20}ましょう|そうしていきましょう|ありがとうございます)|(?:まさに)?その通り(?:です|だと[^。！？]{0,12}思います)?|(?:全く|私も)?同感です)[。！]$/;
/**
 * Replies that open a continuation or answer a question only: they answer it (`そうですね、この問いかけは…`,
 * `そうですね、きっとあなたも…`) rather than go on with the article. Inside the article, an
 * author's `そうですね、` is prose and stays.
 */
const CHUNK_REPLY = /^(?:そうですね|ええ)、(?:(?:この|その)問いかけ|きっとあなたも)[^。！？]{0,60}[。！]$/;
/** Every `REPLY` holds one of these: paragraphs without them are passed at once. */
const REPLY_WORDS = ['ええ、', 'はい、', 'その通り', '同感'];
/** How a `REPLY` can open a paragraph. */
const REPLY_START = /^\s*(?:ええ、|はい、|まさに|その通り|全く|私も|同感)/;
const REPLY_MAX = 60;

/** `REPLY_WORDS` by `indexOf`: an alternation regex cost more than the rest of the pass. */
function hasReplyWord(text: string): boolean {
  for (const w of REPLY_WORDS) if (text.includes(w)) return true;
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

function isReply(sentence: string, toQuestion: boolean): boolean {
  const t = sentence.trim();
  return t.length <= REPLY_MAX && (REPLY.test(t) || (toQuestion && CHUNK_REPLY.test(t)));
}

/**
 * Chat replies: the sentence or two of agreement that opens a paragraph (the pipeline's first
 * answer was a chat turn too), a reply about "this question" that opens a continuation chunk or
 * answers the question right above it, and a reply right after a question inside a chunk's echo
 * of the article (`…感じませんか？ ええ、私も全く同感です。`). Reported with the removed text.
 */
export function removeChatReplies(chunks: Chunks, ctx: PassContext): void {
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const opening = c > 0 ? chunk.findIndex((b) => b.kind !== 'hr') : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind !== 'paragraph') continue;
      // A reply opens the paragraph, or follows a question in a later chunk: most paragraphs do
      // neither and are passed before the text above is looked at.
      const hinted = REPLY_START.test(b.text) || (c > 0 && /[？?]/.test(b.text) && hasReplyWord(b.text));
      if (!hinted && !b.text.startsWith('そうですね、')) continue;
      const prev = chunk[i - 1];
      // The question the reply answers: the end of the text above, paragraph or heading.
      const answers =
        i === opening ||
        ((prev?.kind === 'paragraph' || prev?.kind === 'heading') && endsWithQuestion(prev.text));
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
          c > 0 && k > 0 && /[？?]\s*$/.test(pieces[k - 1]!) && !removed.includes(pieces[k - 1]!);
        if ((leading && isReply(piece, answers)) || (afterQuestion && isReply(piece, true)))
          removed.push(piece);
        else kept.push(piece);
      }
      if (removed.length === 0) continue;
      ctx.fixes.push({
        kind: 'model-talk',
        detail: `removed the model's chat reply ${quote(removed.map((r) => r.trim()).join(' '), 120)}`,
        line: b.line,
      });
      const text = kept.join('').trim();
      if (text === '') chunk.splice(i--, 1);
      else b.text = text;
    }
  }
}

export function removeRefusals(chunks: Chunks, ctx: PassContext): void {
  removeChatReplies(chunks, ctx);
  let first = true;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b.kind !== 'paragraph') {
        first = false;
        continue;
      }
      if (!isRefusal(b.text)) {
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
}
