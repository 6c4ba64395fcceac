import { quote } from '../text.js';
import type { Fix } from '../types.js';

/**
 * The continuation prompt the pipeline sends (`【要求事項】 1. 上記の文章から自然に続くように…`)
 * sometimes comes back inside the body, in plain or polite form; so do the model's
 * acknowledgements of it (`はい、承知いたしました。記事の続きを…`). Matched on the template's
 * stems, line by line, before anything else looks at the text (one stem quotes `---END---`).
 */
const HEADER = /^【(既存の記事[^】]*|要求事項|文体の指示|注意|続き|指示|制約|出力形式)】\s*$/;
const STEMS = [
  /^上記の文章から自然に続く/,
  /^記事全体で\s*\d+\s*[-〜~～]\s*\d+\s*文字程度/,
  /^日本語として自然な文章で書/,
  /^AIらしい機械的な表現は避け/,
  /^投資家・技術者にとって有用な情報を含め/,
  /^最後に適切な結論で締めくく/,
  /^記事の末尾に\s*-{3}\s*END\s*-{3}/,
  /^親しみやすく専門的な語りかけスタイル/,
  /^業界の先輩が後輩にアドバイスするような温かみ/,
  /^「あなたも感じているかもしれませんが」「正直なところ」/,
  /^短文と長文のリズムを意識/,
  /^フロントマターは追加しない/,
  /^既存の内容を繰り返さない/,
  /^自然な流れで続きを書/,
  /^記事の途切れた部分から滑らかに継続/,
  /^(記事の)?続きを書いてください[：:。]?$/,
];
/** The model talking about the prompt it was given (`「【既存の記事の最後の部分】」として提供された…`). */
const META_TALK = /【既存の記事の最後の部分|既存の記事の最後の部分(から|として|に続)/;
/** The model reporting on its own output (`I have outputted only the article content as requested.`). */
// Split in two so the line-start alternatives are tried at the start only, not at every position.
const REPORT_AT_START =
  /^(?:(The )?(character|word) count is|I have (outputted|written|provided|completed|produced)|Here is (the|your) (article|continuation)|[（(]?(文字数|全体の文字数)[:：は]\s*約?\d)/i;
const REPORT_ANYWHERE = /within the \d+[-–]\d+ character/i;
const NOTE = /^[（(]※.*(記事|執筆|ご提示|続き|指定).*[）)]$/;
const ACK =
  /^(はい|もちろん|ええ)?[、,]?\s*(承知(いた)?しました|かしこまりました|了解(いた)?しました)[。！!]?/;
const ACK_TALK = /(記事|続き|執筆|書き進め|完成させ|要求事項|要件|ご指定|文体)/;

function stripItem(line: string): string {
  return line.trim().replace(/^([-*+]|\d{1,2}[.)．])\s*/, '');
}

/** Remove leaked prompt lines and acknowledgement sentences; line numbers are file lines. */
export function removePromptLeak(body: string, bodyLine: number, fixes: Fix[]): string {
  if (!/[【承続記※文]|かしこまり|了解|END|count|have|Here/.test(body)) return body;
  const lines = body.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (t === '') continue;
    const item = stripItem(t);
    if (
      HEADER.test(t) ||
      NOTE.test(t) ||
      META_TALK.test(t) ||
      REPORT_AT_START.test(t) ||
      REPORT_ANYWHERE.test(t) ||
      STEMS.some((re) => re.test(item))
    ) {
      fixes.push({ kind: 'prompt-leak', detail: `removed prompt line ${quote(t)}`, line: bodyLine + i });
      lines[i] = '';
      changed = true;
      continue;
    }
    const ack = ACK.exec(t);
    if (ack) {
      // Drop the acknowledgement and the sentences that talk about the task, keep the article.
      const parts = t.split(/(?<=[。！？!?])/);
      let n = 1;
      while (n < parts.length && ACK_TALK.test(parts[n]!)) n++;
      const removed = parts.slice(0, n).join('');
      fixes.push({
        kind: 'prompt-leak',
        detail: `removed model acknowledgement ${quote(removed, 400)}`,
        line: bodyLine + i,
      });
      lines[i] = parts.slice(n).join('').trim();
      changed = true;
    }
  }
  return changed ? lines.join('\n') : body;
}
