import type { Fix } from '../types.js';

/**
 * The continuation prompt calls the article so far "the existing article" (`既存の記事`), and the
 * model cites it by that name (`既存の記事でも触れましたが、…`): a reader looks for another article.
 * Where the name only says "as mentioned" (a clause before the sentence, or a modifier before a
 * noun: `既存の記事でも触れたように、`, `既存の記事でも触れた「不気味の谷」問題は`), those words go:
 * the sentence reads whole without them, and nothing claims the article said what it may not
 * have. Elsewhere the article is named as this one (`既存の記事では…` → `この記事では…`). Line
 * numbers are file lines.
 */
const PROMPT_NAME = '既存の記事';
const ARTICLE_NAME = 'この記事';
const SAID = '(?:触れ|強調し|指摘し|述べ|紹介し|言及し|お話しし|解説し)';
/** `既存の記事でも触れたように、`, `既存の記事でも触れられていましたが、`, `既存の記事にもあったように、`. */
const AS_SAID = new RegExp(
  `既存の記事(?:(?:でも|で|にも|では)(?:少し|私が)?${SAID}(?:られて)?(?:ました|た|ている|ていました|ていた|いる|いました|いた|いません|ていません|ていない|なかった)?(?:が|ように|通り|とおり|けれど|けど)|にもあったように)、`,
  'g',
);
/**
 * The prompt's search results cited as a source (`今回のWeb検索結果を見ても、`,
 * `Web検索結果にもあったように、`, `Web検索結果を見ても明らかですが、`): the reader has none.
 */
const AS_SEARCHED = /(?:今回の)?Web検索結果(?:にもあったように|を見ても(?:明らかですが)?)、/g;
/** `既存の記事でも触れた` before the noun it describes (`…触れた「シャドーAI」の蔓延は`). */
const SAID_OF = new RegExp(`既存の記事(?:でも|で)(?:少し|私が)?${SAID}(?:られ)?た(?=[^、。，,\\s])`, 'g');

export function renamePromptWords(body: string, bodyLine: number, fixes: Fix[]): string {
  if (!body.includes(PROMPT_NAME) && !body.includes('Web検索結果')) return body;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes(PROMPT_NAME) && !line.includes('Web検索結果')) continue;
    const removed: string[] = [];
    const drop = (words: string) => {
      removed.push(words);
      return '';
    };
    let out = line.replace(AS_SAID, drop).replace(SAID_OF, drop).replace(AS_SEARCHED, drop);
    for (const words of removed) {
      fixes.push({
        kind: 'prompt-words',
        detail: `removed 「${words}」 (the continuation prompt's ${words.includes('Web') ? 'search results' : 'name for the article'}, cited)`,
        line: bodyLine + i,
      });
    }
    const at = out.indexOf(PROMPT_NAME);
    if (at !== -1) {
      fixes.push({
        kind: 'prompt-words',
        detail: `「${out.slice(at, at + 14)}…」 → 「${ARTICLE_NAME}${out.slice(at + PROMPT_NAME.length, at + 14)}…」 (the continuation prompt's name for the article)`,
        line: bodyLine + i,
      });
      out = out.replaceAll(PROMPT_NAME, ARTICLE_NAME);
    }
    lines[i] = out;
  }
  return lines.join('\n');
}
