import type { Fix } from '../types.js';

/**
 * The continuation prompt calls the article so far "the existing article" (`既存の記事`), and the
 * model cites it by that name (`既存の記事でも触れましたが、…`): a reader looks for another article.
 * It is this one, and is named so (`この記事でも触れましたが、…`). Line numbers are file lines.
 */
const PROMPT_NAME = '既存の記事';
const ARTICLE_NAME = 'この記事';

export function renamePromptWords(body: string, bodyLine: number, fixes: Fix[]): string {
  if (!body.includes(PROMPT_NAME)) return body;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes(PROMPT_NAME)) continue;
    lines[i] = line.replaceAll(PROMPT_NAME, ARTICLE_NAME);
    const at = line.indexOf(PROMPT_NAME);
    fixes.push({
      kind: 'prompt-words',
      detail: `「${line.slice(at, at + 14)}…」 → 「${ARTICLE_NAME}${line.slice(at + PROMPT_NAME.length, at + 14)}…」 (the continuation prompt's name for the article)`,
      line: bodyLine + i,
    });
  }
  return lines.join('\n');
}
