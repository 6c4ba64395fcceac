import { splitSentences } from '@kiji/ja';
import { quote } from '../text.js';
import type { Fix } from '../types.js';

/**
 * The continuation prompt the pipeline sends (`【要求事項】 1. 上記の文章から自然に続くように…`)
 * sometimes comes back inside the body, in plain or polite form; so do the model's
 * acknowledgements of it (`はい、承知いたしました。記事の続きを…`). Matched on the template's
 * stems, line by line, before anything else looks at the text (one stem quotes `---END---`).
 */
export const HEADER = /^【(既存の記事[^】]*|要求事項|文体の指示|注意|続き|指示|制約|出力形式)】\s*$/;
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
/** `STEMS.some((re) => re.test(item))` in one call: every alternative is anchored at the start. */
const STEM = new RegExp(STEMS.map((re) => re.source).join('|'));
/** The header the prompt puts over the article's last words, which it quotes. */
const LAST_PART = '【既存の記事の最後の部分】';

/** Whether `line` (8+ characters) stands word for word in `body` before `at`. */
function quotedBefore(body: string, line: string, at: number): boolean {
  return line.length >= 8 && body.lastIndexOf(line, at) !== -1;
}

/** The model talking about the prompt it was given (`「【既存の記事の最後の部分】」として提供された…`). */
const META_TALK = /【既存の記事の最後の部分|既存の記事の最後の部分(から|として|に続)/;
/** The model reporting on its own output (`I have outputted only the article content as requested.`). */
// Split in two so the line-start alternatives are tried at the start only, not at every position.
const REPORT_AT_START =
  /^(?:(The )?(character|word) count is|I have (outputted|written|provided|completed|produced)|Here is (the|your) (article|continuation)|[（(]?(文字数確認|文字数|全体の文字数)[:：は]\s*約?\d|[（(](Web)?検索結果[:：])/i;
const REPORT_ANYWHERE = /within the \d+[-–]\d+ character/i;
export const NOTE = /^[（(]※.*(記事|執筆|ご提示|続き|指定).*[）)]$/;
/**
 * `HEADER`, `NOTE` and `REPORT_AT_START` in one call: all are anchored at the start, and the first
 * two have no letter with a case, so the `i` they are given changes nothing for them.
 */
const AT_START = new RegExp([HEADER, NOTE, REPORT_AT_START].map((re) => re.source).join('|'), 'i');
/**
 * The model reasoning about its instructions in Japanese (`ユーザーの指示「…この記事の続きを…」と、
 * 提供されたテキストの最後の部分が…矛盾している。`, `「…」から続きを書きます。`, `以下の記事の続きです。`).
 * Each needs the task's own words (the continuation, the text it was given, where the article
 * ended), so prose about users giving instructions to an AI (`ユーザーの指示に基づいて…`) or about
 * an earlier article (`既存の記事でも触れたように`) does not match. Grouped by a word all their
 * matches contain, looked up once per body (see `wordsInLines`) rather than once per line:
 * nearly every line has none of them.
 */
const META_JA: readonly (readonly [string, readonly RegExp[]])[] = [
  [
    'ユーザー',
    [
      /ユーザー(の|から)?(指示|要求|依頼|リクエスト).*(続き|途中で終わ|提供され|完成させ)/,
      /ユーザーが提供した(残りの)?記事/,
    ],
  ],
  ['提供された', [/提供された(テキスト|文章|記事)の(最後|末尾|冒頭)/]],
  // `続き`, not `の続き`: its `の` is everywhere, and a search for it crawls.
  [
    '続き',
    [
      /(記事|文章|テキスト)の続き(です|として|を(自然に)?(書|執筆|生成|補完|完成))/,
      /から続きを(書|執筆)(きます|く|いていきます|します)/,
    ],
  ],
  ['途中で終わ', [/^以下の記事「.*」が途中で終わっています/]],
  ['既存', [/既存の?記事の(最後の部分|終わり)/]],
  // Quoting the end marker is talking about the prompt (`の中で途切れている「資金調 ---END---」`), and
  // so is naming it (`---END---の直前まで「…」について触れていましたね。`).
  ['END', [/[「`][^」`\n]*-{3}\s*END\s*-{3}[^」`\n]*[」`]/, /^-{3}\s*END\s*-{3}の/]],
];
const META_WORDS = META_JA.map(([word]) => word);
/** Bits of `wordsInLines` results: the seam's `END`, and `既存`, which every `META_TALK` match holds. */
const END_BIT = 1 << META_WORDS.indexOf('END');
const KIZON_BIT = 1 << META_WORDS.indexOf('既存');

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
  for (const [word, res] of META_JA) if (t.includes(word) && res.some((re) => re.test(t))) return true;
  return false;
}

/** `isMetaJa(t)` for a line whose words (see `wordsInLines`) are `bits`. */
function isMetaJaLine(t: string, bits: number): boolean {
  if (bits === 0) return false;
  for (let w = 0; w < META_JA.length; w++)
    if (bits & (1 << w) && META_JA[w]![1].some((re) => re.test(t))) return true;
  return false;
}

/**
 * For lines of `text` visited in order: which of `words` (at most 31, none with a line break)
 * the text from `start` to `end` contains, as bits (`1 << i` for `words[i]`). Each word is
 * searched for from one hit to the next, so the text is read once per word, not once per line.
 */
export function wordsInLines(text: string, words: readonly string[]): (start: number, end: number) => number {
  /** Where each word occurs next (-1: nowhere after; -2: not looked for yet). */
  const next = words.map(() => -2);
  return (start, end) => {
    let bits = 0;
    for (let w = 0; w < words.length; w++) {
      let at = next[w]!;
      if (at !== -1 && at < start) {
        at = text.indexOf(words[w]!, start);
        next[w] = at;
      }
      if (at !== -1 && at + words[w]!.length <= end) bits |= 1 << w;
    }
    return bits;
  };
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

const ITEM = /^([-*+]|\d{1,2}[.)．])\s*/;

/**
 * `line.replace(ITEM, '')` for a trimmed line: only a line opening with a marker character goes
 * to the regex (few do, and a call costs more than the test).
 */
export function stripItem(line: string): string {
  const c = line.charCodeAt(0);
  if (c !== 45 /* - */ && c !== 42 /* * */ && c !== 43 /* + */ && !(c >= 48 && c <= 57)) return line;
  return line.replace(ITEM, '');
}

/**
 * The grounding tool's citation markers, left in the prose (`…予測されています [cite: 参照データ]。`):
 * notes for the model, not words of the article.
 */
const CITE = /[ \t\u3000]*\[cite[:：][^\]\n]*\]/g;

/** The line without its citation markers, and the fix's detail; undefined when it has none. */
export function cutCitations(line: string): { line: string; detail: string } | undefined {
  const found = line.match(CITE);
  if (found === null) return undefined;
  return {
    line: line.replace(CITE, ''),
    detail: `removed citation markers ${quote(found.map((f) => f.trim()).join(' '), 200)}`,
  };
}

/** The index of the last non-blank line before line `i`, or -1. */
function lastLineBefore(lines: readonly string[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (lines[j]!.trim() !== '') return j;
  return -1;
}

/** A body with none of these is left as it is. */
const LEAK_HINT =
  /[【承続記※文既提]|ユーザー|かしこまり|了解|END|count|have|Here|\bI\b|My |search|検索結果|cite/;

/** Remove leaked prompt lines and acknowledgement sentences; line numbers are file lines. */
export function removePromptLeak(body: string, bodyLine: number, fixes: Fix[]): string {
  // Asked only when a line is about to change: nearly every body has a hint, and asking up front
  // cost more than it saved.
  let hinted: boolean | undefined;
  const mayChange = (): boolean => (hinted ??= LEAK_HINT.test(body));
  const lines = body.split('\n');
  const wordsAt = wordsInLines(body, META_WORDS);
  // It cannot match across a line break: where the body has no match, no line has one.
  const report = REPORT_ANYWHERE.test(body);
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
  /** Where the line ends in `body` (the lines are read before any is changed). */
  let end = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const start = end + 1;
    end = start + line.length;
    const t = line.trim();
    if (t === '') continue;
    if ((t[0] === '`' || t[0] === '~') && /^(```|~~~)/.test(t)) fence = !fence;
    let indent = 0;
    while (line.charCodeAt(indent) === 32 || line.charCodeAt(indent) === 9) indent++;
    if (reasoning >= 0 && !fence && indent >= 2 && indent >= reasoning && !/^([-*+]|\d{1,9}[.)])\s/.test(t)) {
      if (!mayChange()) return body;
      removeLine(i, `removed model reasoning ${quote(t, 200)}`);
      continue;
    }
    reasoning = -1;
    const words = wordsAt(start, end);
    if (
      AT_START.test(t) ||
      (words & KIZON_BIT && META_TALK.test(t)) ||
      (report && REPORT_ANYWHERE.test(t)) ||
      STEM.test(stripItem(t))
    ) {
      if (!mayChange()) return body;
      removeLine(i, `removed prompt line ${quote(t)}`);
      // The model's reasoning about the prompt follows it as an indented block.
      if (!HEADER.test(t) && META_TALK.test(t)) reasoning = 2;
      // The prompt quoted the article's last words under its header (`【既存の記事の最後の部分】` +
      // `これからは、…に固執する`, cut where the chunk before was cut): lines the body already
      // has word for word before it are that quote, not the article going on.
      if (t === LAST_PART) {
        // The article's title line the prompt opened with, right above the header.
        let above = i - 1;
        while (above >= 0 && lines[above]!.trim() === '') above--;
        const title = above >= 0 ? lines[above]!.trim() : '';
        if (/^#{1,6}\s/.test(title) && quotedBefore(body, title, body.lastIndexOf(title, start) - 1)) {
          removeLine(above, `removed the prompt's copy of the article's title ${quote(title)}`);
        }
        while (i + 1 < lines.length && quotedBefore(body, lines[i + 1]!.trim(), start)) {
          i++;
          end += lines[i]!.length + 1;
          removeLine(i, `removed the prompt's quote of the article's end ${quote(lines[i]!.trim())}`);
        }
      }
      continue;
    }
    const ack = ACK.exec(t);
    if (ack) {
      if (!mayChange()) return body;
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
      if (!mayChange()) return body;
      removeLine(i, `removed model reasoning ${quote(t, 200)}`);
      reasoning = Math.max(indent, 2);
      continue;
    }
    // The model reasons about its task only in a continuation, after a seam (`---END---`).
    if (words & END_BIT) afterSeam = true;
    if (t.includes('[cite')) {
      const cut = cutCitations(line);
      if (cut !== undefined) {
        if (!mayChange()) return body;
        fixes.push({ kind: 'prompt-leak', detail: cut.detail, line: bodyLine + i });
        lines[i] = cut.line;
        changed = true;
        continue;
      }
    }
    if (afterSeam && isMetaJaLine(t, words)) {
      if (!mayChange()) return body;
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
      // The model's numbered plan (`2. …の中で途切れている「資金調 ---END---」の部分を補完する。`)
      // after a seam that cut its first item: the line left between the seam and item 2
      // (`** の部分から始まる冒頭の挨拶`) is the rest of item 1, which the seam repair would glue
      // onto the article's cut sentence.
      const item = /^(\d{1,2})[.)]\s/.exec(t);
      if (whole && item && Number(item[1]) >= 2) {
        const j = lastLineBefore(lines, i);
        const rest = j === -1 ? '' : lines[j]!.trim();
        if (
          rest !== '' &&
          !/^([-*+]|\d{1,9}[.)])\s/.test(rest) &&
          !/[。！？!?]/.test(rest) &&
          /^-{3}\s*END\s*-{3}$/.test(lines[lastLineBefore(lines, j)]?.trim() ?? '')
        )
          removeLine(j, `removed model reasoning ${quote(rest, 200)} (the rest of its plan's first item)`);
      }
    }
  }
  return changed ? lines.join('\n') : body;
}
