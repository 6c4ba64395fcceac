/**
 * `removePromptLeak` as it was before it was made faster (one regex per line and rule, a
 * whole-body gate up front), kept as the definition the fast one is tested against. A rule
 * changed there must be changed here too.
 */
import { splitSentences } from '@kiji/ja';
import { quote } from '../../src/text.js';
import type { Fix } from '../../src/types.js';

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
  /^(?:(The )?(character|word) count is|I have (outputted|written|provided|completed|produced)|Here is (the|your) (article|continuation)|[（(]?(文字数確認|文字数|全体の文字数)[:：は]\s*約?\d|[（(](Web)?検索結果[:：])/i;
const REPORT_ANYWHERE = /within the \d+[-–]\d+ character/i;
const NOTE = /^[（(]※.*(記事|執筆|ご提示|続き|指定).*[）)]$/;
/**
 * The model reasoning about its instructions in Japanese (`ユーザーの指示「…この記事の続きを…」と、
 * 提供されたテキストの最後の部分が…矛盾している。`, `「…」から続きを書きます。`, `以下の記事の続きです。`).
 * Each needs the task's own words (the continuation, the text it was given, where the article
 * ended), so prose about users giving instructions to an AI (`ユーザーの指示に基づいて…`) or about
 * an earlier article (`既存の記事でも触れたように`) does not match.
 */
// Each with a word its matches contain: a plain search turns away nearly every line first.
const META_JA: readonly (readonly [string, RegExp])[] = [
  ['ユーザー', /ユーザー(の|から)?(指示|要求|依頼|リクエスト).*(続き|途中で終わ|提供され|完成させ)/],
  ['提供された', /提供された(テキスト|文章|記事)の(最後|末尾|冒頭)/],
  ['の続き', /(記事|文章|テキスト)の続き(です|として|を(自然に)?(書|執筆|生成|補完|完成))/],
  ['から続きを', /から続きを(書|執筆)(きます|く|いていきます|します)/],
  ['途中で終わ', /^以下の記事「.*」が途中で終わっています/],
  ['既存', /既存の?記事の(最後の部分|終わり)/],
  ['ユーザー', /ユーザーが提供した(残りの)?記事/],
  // Quoting the end marker is talking about the prompt (`の中で途切れている「資金調 ---END---」`), and
  // so is naming it (`---END---の直前まで「…」について触れていましたね。`).
  ['END', /[「`][^」`\n]*-{3}\s*END\s*-{3}[^」`\n]*[」`]/],
  ['END', /^-{3}\s*END\s*-{3}の/],
];
/**
 * An agent's English log in place of the article (`I'll broaden my web search…`, `I used the wrong
 * tool.`): a line with no kana that talks about its own searching and tool calls. Refusals and
 * quota errors are left to the refusal pass, which holds such posts back.
 */
const AGENT_LOG =
  /\b(I'll|I've|I'm|I will|I have|I used|I need to|I keep|My (sincere )?apologies|Here's the|web search|search query|tool call|default_api|write_file)\b/;
const REFUSAL_LIKE =
  /^(I('m| am) (sorry|unable|not able)|I apologi[sz]e|(Sorry|Unfortunately),? I)|quota|rate limit/i;
const KANA = /[\u3040-\u30ff]/;

function isMetaJa(t: string): boolean {
  for (const [word, re] of META_JA) if (t.includes(word) && re.test(t)) return true;
  return false;
}

function isAgentLog(t: string): boolean {
  // An English line starts with a Latin letter: the test that turns away the Japanese lines.
  const c = t.charCodeAt(0) | 0x20;
  return (
    c >= 0x61 &&
    c <= 0x7a &&
    t.length >= 30 &&
    !KANA.test(t) &&
    !/^[>|#`]/.test(t) &&
    AGENT_LOG.test(t) &&
    !REFUSAL_LIKE.test(t)
  );
}
const ACK =
  /^(はい|もちろん|ええ)?[、,]?\s*(承知(いた)?しました|かしこまりました|了解(いた)?しました)[。！!]?/;
const ACK_TALK = /(記事|続き|執筆|書き進め|完成させ|要求事項|要件|ご指定|文体)/;

function stripItem(line: string): string {
  return line.trim().replace(/^([-*+]|\d{1,2}[.)．])\s*/, '');
}

/** Remove leaked prompt lines and acknowledgement sentences; line numbers are file lines. */
export function removePromptLeakReference(body: string, bodyLine: number, fixes: Fix[]): string {
  if (
    !/[【承続記※文既提]|ユーザー|かしこまり|了解|END|count|have|Here|\bI\b|My |search|検索結果|cite/.test(
      body,
    )
  )
    return body;
  const lines = body.split('\n');
  let changed = false;
  let fence = false;
  /** Indentation of a reasoning block being removed: its indented lines go with it. */
  let reasoning = -1;
  let afterSeam = false;
  /** Remove line `i` whole, reporting it. */
  const removeLine = (i: number, detail: string): void => {
    fixes.push({ kind: 'prompt-leak', detail, line: bodyLine + i });
    lines[i] = '';
    changed = true;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (t === '') continue;
    if ((t[0] === '`' || t[0] === '~') && /^(```|~~~)/.test(t)) fence = !fence;
    let indent = 0;
    while (line.charCodeAt(indent) === 32 || line.charCodeAt(indent) === 9) indent++;
    if (reasoning >= 0 && !fence && indent >= 2 && indent >= reasoning && !/^([-*+]|\d{1,9}[.)])\s/.test(t)) {
      removeLine(i, `removed model reasoning ${quote(t, 200)}`);
      continue;
    }
    reasoning = -1;
    const item = stripItem(t);
    if (
      HEADER.test(t) ||
      NOTE.test(t) ||
      META_TALK.test(t) ||
      REPORT_AT_START.test(t) ||
      REPORT_ANYWHERE.test(t) ||
      STEMS.some((re) => re.test(item))
    ) {
      removeLine(i, `removed prompt line ${quote(t)}`);
      // The model's reasoning about the prompt follows it as an indented block.
      if (!HEADER.test(t) && META_TALK.test(t)) reasoning = 2;
      // The article's title above the last-part header and the last words quoted under it, where
      // the body has them word for word before.
      if (t === '【既存の記事の最後の部分】') {
        const original = body.split('\n');
        let above = i - 1;
        while (above >= 0 && lines[above]!.trim() === '') above--;
        const title = above >= 0 ? lines[above]!.trim() : '';
        if (
          /^#{1,6}\s/.test(title) &&
          title.length >= 8 &&
          original.slice(0, above).join('\n').includes(title)
        ) {
          removeLine(above, `removed the prompt's copy of the article's title ${quote(title)}`);
        }
        const before = original.slice(0, i).join('\n');
        while (
          i + 1 < lines.length &&
          lines[i + 1]!.trim().length >= 8 &&
          before.includes(lines[i + 1]!.trim())
        ) {
          i++;
          removeLine(i, `removed the prompt's quote of the article's end ${quote(lines[i]!.trim())}`);
        }
      }
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
      continue;
    }
    if (fence) continue;
    if (isAgentLog(t)) {
      removeLine(i, `removed model reasoning ${quote(t, 200)}`);
      reasoning = Math.max(indent, 2);
      continue;
    }
    // The model reasons about its task only in a continuation, after a seam (`---END---`).
    if (!afterSeam && t.includes('END')) afterSeam = true;
    const cites = line.match(/[ \t\u3000]*\[cite[:：][^\]\n]*\]/g);
    if (cites !== null) {
      fixes.push({
        kind: 'prompt-leak',
        detail: `removed citation markers ${quote(cites.map((f) => f.trim()).join(' '), 200)}`,
        line: bodyLine + i,
      });
      lines[i] = line.replace(/[ \t\u3000]*\[cite[:：][^\]\n]*\]/g, '');
      changed = true;
      continue;
    }
    if (afterSeam && isMetaJa(t)) {
      // Only the sentences that talk about the task go (the echo may have flattened the article
      // onto the same line); what is left without a sentence end is a piece of the reasoning.
      const parts = splitSentences(t);
      const meta = parts.filter((p) => isMetaJa(p));
      const kept = parts
        .filter((p) => !isMetaJa(p))
        .join('')
        .trim();
      const whole = !/[。！？!?]/.test(kept.replace(/[」』）)*]+$/, ''));
      fixes.push({
        kind: 'prompt-leak',
        detail: `removed model reasoning ${quote(whole ? t : meta.join(''), 200)}`,
        line: bodyLine + i,
      });
      lines[i] = whole ? '' : kept;
      changed = true;
      if (whole) reasoning = Math.max(indent, 2);
      // The rest of the plan's first item, cut by the seam, standing between it and item 2.
      const item = /^(\d{1,2})[.)]\s/.exec(t);
      if (whole && item && Number(item[1]) >= 2) {
        let j = i - 1;
        while (j >= 0 && lines[j]!.trim() === '') j--;
        let k = j - 1;
        while (k >= 0 && lines[k]!.trim() === '') k--;
        const rest = j >= 0 ? lines[j]!.trim() : '';
        if (
          rest !== '' &&
          !/^([-*+]|\d{1,9}[.)])\s/.test(rest) &&
          !/[。！？!?]/.test(rest) &&
          k >= 0 &&
          /^-{3}\s*END\s*-{3}$/.test(lines[k]!.trim())
        )
          removeLine(j, `removed model reasoning ${quote(rest, 200)} (the rest of its plan's first item)`);
      }
    }
  }
  return changed ? lines.join('\n') : body;
}
