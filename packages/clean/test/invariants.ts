import { splitSentences } from '@kiji/ja';

/**
 * The checker's own reading of a Markdown body, written independently of the passes (it
 * re-splits the output with regexes of its own): shared by the corpus invariants and the
 * simulated-pipeline test.
 */

/** A sentence's identity: whitespace and inline markup removed. */
export const key = (s: string): string =>
  s
    .replace(/[\s\u3000*`_~#>|]+/g, '')
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^[…‥.]+/, '');

/** A sentence's key with wrapping quotes ignored: `「本文。」` re-quoting `本文。` is a repeat. */
export const skey = (s: string): string =>
  key(s)
    .replace(/^[「『“]+/, '')
    .replace(/[」』”]+$/, '');

/**
 * A sentence's words without the politeness or modality of its ending, and whether that ending is
 * negative: the same sentence written again with another ending (`…重要です。` / `…重要でしょう。`)
 * is a repeat. Undefined for sentences too short to tell or ending otherwise.
 */
export const wording = (s: string): string | undefined => {
  const k = key(s);
  const m =
    /(ではありませんでした|ではありません|ではなかった|ではない|かもしれません|かもしれない|でしょう|だろう|はずです|はずだ|なんです|なんだ|のです|んです|のだ|んだ|ませんでした|ました|ません|ます|でした|です|だった|である|だ)(ね|よ)?。$/.exec(
      k,
    );
  if (k.length < 20 || m === null || m.index < 16) return undefined;
  return `${/ない|なかった|ません/.test(m[1]!) ? '-' : '+'}${k.slice(0, m.index)}`;
};

/**
 * Whether two sentences are one with a word or two changed (a later chunk's rewording): 25+
 * characters of key each, commas aside the same, or one the other with up to 12 characters before
 * it, or the same first and last 8 and at least 80% of their character pairs shared.
 */
export function nearlySame(a: string, b: string): boolean {
  const x = key(a).replace(/[、，,]/g, '');
  const y = key(b).replace(/[、，,]/g, '');
  if (key(a).length < 25 || key(b).length < 25) return false;
  if (x === y) return true;
  if (Math.abs(x.length - y.length) <= 12 && (x.endsWith(y) || y.endsWith(x))) return true;
  if (changedInKana(x, y)) return true;
  // One goes on past the other's stop with a clause (`…不可欠です。` / `…不可欠ですし、そう感じています。`).
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (
    short.length * 4 >= long.length * 3 &&
    long.startsWith(short.slice(0, -1)) &&
    /^[\u3041-\u3096ー]/.test(long.slice(short.length - 1))
  )
    return true;
  // A kanji in its other form (`未曾有` / `未曽有`).
  const folded = (t: string) => t.replace(/曾/g, '曽').replace(/國/g, '国').replace(/髙/g, '高');
  if (x.length === y.length && (folded(x) === folded(y) || x.toLowerCase() === y.toLowerCase())) return true;
  // Quotes in one copy only.
  if (Math.abs(x.length - y.length) <= 4 && x.replace(/[「」『』]/g, '') === y.replace(/[「」『』]/g, ''))
    return true;
  if (x.slice(0, 8) !== y.slice(0, 8) || x.slice(-8) !== y.slice(-8)) return false;
  const pairs = (t: string) => new Set(Array.from({ length: t.length - 1 }, (_, i) => t.slice(i, i + 2)));
  const p = pairs(x);
  const q = pairs(y);
  const shared = [...q].filter((z) => p.has(z)).length;
  return shared / (p.size + q.size - shared) >= 0.8;
}

/**
 * One stretch of at most 16 characters written otherwise, the rest (three quarters of the longer
 * at least) the same, and kana alone or nothing on one side of the change: an ending, a
 * particle, an opener, or words added. Never a change of words on both sides, nor to a negative,
 * except a figure for a vague amount (`多くの企業` / `75%以上の企業`).
 */
function changedInKana(x: string, y: string): boolean {
  const [a, b] = [Array.from(x), Array.from(y)];
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a.at(-1 - tail) === b.at(-1 - tail)) tail++;
  const changed = [a.slice(head, a.length - tail).join(''), b.slice(head, b.length - tail).join('')];
  if ((head + tail) / Math.max(a.length, b.length) < 0.75 || changed.some((c) => c.length > 16)) return false;
  // A figure for a vague amount (`多くの企業` / `75%以上の企業`) says the same.
  const vague = (c: string) => /^(多く|多数|大半|大多数|ほとんど|一部|数多く)$/.test(c);
  const figure = (c: string) => /^約?[\d.]+%(以上|以下|近く|超|程度|も)?$/.test(c);
  if ((vague(changed[0]!) && figure(changed[1]!)) || (vague(changed[1]!) && figure(changed[0]!))) return true;
  if (!changed.some((c) => /^[\u3041-\u3096ー]*$/.test(c))) return false;
  const negative = (t: string[]) =>
    /ない|なかった|ません/.test(t.slice(Math.max(0, head - 3), t.length - tail + 3).join(''));
  return negative(a) === negative(b);
}

/** Sentences of the prose lines of a Markdown text (no code, no tables). */
export function proseSentences(markdown: string): string[] {
  const out: string[] = [];
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence || /^\s*\|/.test(line)) continue;
    // No heading runs past 100 characters: a longer one is a paragraph glued onto a heading's
    // line, and its sentences count.
    if (/^\s*(#{1,6}\s|\*\*[^*]+\*\*\s*$)/.test(line) && (line.length <= 100 || /^\s*#{1,6}\s+\[/.test(line)))
      continue;
    const body = line.replace(/^\s*([-*+]|\d{1,9}[.)])\s+/, '').replace(/^\s*#{1,6}\s+/, '');
    // A bold label alone (`* **要点**`, `**具体的な実装内容**:`) is not a sentence.
    for (const s of splitSentences(body))
      if (key(s) !== '' && !/^\*\*[^*]+(?:\*\*|\*\*\s*[:：]|[:：]\*\*)$/.test(s.trim())) out.push(s.trim());
  }
  return out;
}

export function headings(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((l) => /^#{1,6}\s/.test(l))
    .map((l) => key(l.replace(/^#+\s*/, '').replace(/\s*[（(]続き[)）]\s*$/, '')));
}

/**
 * The text without the blog's footer sections (related articles, the call to action, books): a
 * section, from a heading of level 1–3 to the next, that has a related-articles or books heading,
 * a tracked link (`utm_source=article`), an Amazon affiliate link or the affiliate notice. The
 * cleaner moves the footer after the article, so the order of the article is checked without it.
 */
export function withoutFooter(markdown: string): string {
  const sections: string[][] = [[]];
  for (const line of markdown.split('\n')) {
    if (/^#{1,3}\s/.test(line) && !/^#{1,3}\s*\[[^\]]*\]\(https?:\/\/[^)]*amazon\./.test(line))
      sections.push([]);
    sections[sections.length - 1]!.push(line);
  }
  return sections
    .filter((lines) => {
      const text = lines.join('\n');
      return !(
        /^#{1,3}\s.*(関連記事|関連リンク|あわせて読みたい|合わせて読みたい|おすすめ記事|こちらの記事も|おすすめ書籍)/.test(
          lines[0] ?? '',
        ) ||
        /utm_source=article|amazon\.co\.jp\/[^)\s]*tag=|アフィリエイトリンクが含まれ|アソシエイトリンクです/.test(
          text,
        )
      );
    })
    .map((lines) => lines.join('\n'))
    .join('\n');
}
