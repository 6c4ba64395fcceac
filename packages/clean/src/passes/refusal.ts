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

export function removeRefusals(chunks: Chunks, ctx: PassContext): void {
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
