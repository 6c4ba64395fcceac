import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { JaError, positiveOption } from './errors.js';
import { romanize, toKatakana } from './romaji.js';
import { fastTokenizer, type Token } from './viterbi.js';

interface Tokenizer {
  tokenize(text: string): Token[];
}
interface Kuromoji {
  builder(options: { dicPath: string }): {
    build(callback: (error: Error | null, tokenizer: Tokenizer) => void): void;
  };
}

let tokenizer: Promise<Tokenizer['tokenize']> | undefined;

/**
 * Builds an analyser from a kuromoji dictionary directory; without one, from kuromoji's own `dict/`.
 * Not part of the public API (index.ts does not export it): tests use it to prove the error path.
 */
export function buildTokenizer(dictionary?: string): Promise<Tokenizer> {
  return new Promise<Tokenizer>((resolve, reject) => {
    let dicPath = dictionary ?? '(kuromoji not installed)';
    const fail = (cause: unknown): void =>
      reject(
        new JaError(
          'dictionary-load',
          `could not load the kuromoji dictionary from ${dicPath}`,
          'reinstall dependencies (npm ci) so node_modules/kuromoji/dict/*.dat.gz is present',
          { cause },
        ),
      );
    try {
      const require = createRequire(import.meta.url);
      dicPath = dictionary ?? join(dirname(require.resolve('kuromoji/package.json')), 'dict');
      const kuromoji = require('kuromoji') as Kuromoji;
      kuromoji
        .builder({ dicPath })
        .build((error, built) => (error ? fail(error) : resolve(withLazyPrefixSearch(built))));
    } catch (error) {
      fail(error);
    }
  });
}

// kuromoji's dictionary trie (a double array) as far as the prefix search reads it.
interface PrefixHit {
  v?: number;
  k: string;
}
interface DoubleArray {
  bc: { getBase(index: number): number; getCheck(index: number): number };
  commonPrefixSearch(key: string): PrefixHit[];
}

/**
 * kuromoji looks up dictionary words at every position of a sentence by UTF-8 encoding the
 * whole rest of the sentence and decoding every hit back: quadratic work, and most of the time
 * a slug takes. Words are short, so this walks the same trie encoding one character at a time and
 * stops where the trie does; hits are the same objects in the same order. Anything unusual (a
 * lone high surrogate, which kuromoji's encoder rejects, or a hit ending inside a character)
 * goes to kuromoji's own search, so its behaviour is kept exactly.
 */
function withLazyPrefixSearch(built: Tokenizer): Tokenizer {
  const trie = (built as unknown as { viterbi_builder?: { trie?: DoubleArray } }).viterbi_builder?.trie;
  if (trie === undefined || typeof trie.commonPrefixSearch !== 'function' || trie.bc === undefined)
    return built;
  const original = trie.commonPrefixSearch.bind(trie);
  const bc = trie.bc;
  const bytes = new Uint8Array(4);
  trie.commonPrefixSearch = (key: string): PrefixHit[] => {
    const result: PrefixHit[] = [];
    let parent = 0;
    for (let ci = 0; ci < key.length; ) {
      let cp = key.charCodeAt(ci);
      let units = 1;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        const low = key.charCodeAt(ci + 1);
        if (!(low >= 0xdc00 && low <= 0xdfff)) return original(key);
        cp = (cp - 0xd800) * 0x400 + 0x10000 + (low - 0xdc00);
        units = 2;
      }
      let m: number;
      if (cp < 0x80) {
        bytes[0] = cp;
        m = 1;
      } else if (cp < 0x800) {
        bytes[0] = (cp >>> 6) | 0xc0;
        bytes[1] = (cp & 0x3f) | 0x80;
        m = 2;
      } else if (cp < 0x10000) {
        bytes[0] = (cp >>> 12) | 0xe0;
        bytes[1] = ((cp >> 6) & 0x3f) | 0x80;
        bytes[2] = (cp & 0x3f) | 0x80;
        m = 3;
      } else {
        bytes[0] = (cp >>> 18) | 0xf0;
        bytes[1] = ((cp >> 12) & 0x3f) | 0x80;
        bytes[2] = ((cp >> 6) & 0x3f) | 0x80;
        bytes[3] = (cp & 0x3f) | 0x80;
        m = 4;
      }
      for (let j = 0; j < m; j++) {
        const child = bc.getBase(parent) + bytes[j]!;
        if (bc.getCheck(child) !== parent) return result;
        parent = child;
        const grandChild = bc.getBase(child); // + the terminal code, 0
        if (bc.getCheck(grandChild) === child) {
          if (j !== m - 1) return original(key);
          const base = bc.getBase(grandChild);
          const hit: PrefixHit = base <= 0 ? { v: -base - 1, k: '' } : { k: '' };
          hit.k = key.slice(0, ci + units);
          result.push(hit);
        }
      }
      ci += units;
    }
    return result;
  };
  return built;
}

/**
 * kuromoji's analysis through the flat-array re-run of viterbi.ts (several times faster, same
 * tokens), and through kuromoji itself wherever that declines or its internals are not as expected.
 */
export function analyser(built: Tokenizer): Tokenizer['tokenize'] {
  const fast = fastTokenizer(built);
  if (fast === undefined) return (text) => built.tokenize(text);
  return (text) => fast(text) ?? built.tokenize(text);
}

/** The analyser, built once per process on first use (~0.5 s). */
function loadTokenizer(): Promise<Tokenizer['tokenize']> {
  tokenizer ??= buildTokenizer()
    .then(analyser)
    .catch((error: unknown) => {
      // A failed load is not cached: the next call tries again (e.g. after a reinstall in a watcher).
      tokenizer = undefined;
      throw error;
    });
  return tokenizer;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;
const ALNUM = /^[a-z0-9]+$/;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
// Maps, not objects: a property lookup with a token's fresh string interns it first, and in a
// busy process that string-table probe cost more than the rest of the word grouping.
const SYMBOL_WORDS: ReadonlyMap<string, string> = new Map([
  ['%', 'percent'],
  ['&', 'and'],
  ['+', 'plus'],
]);

/** The token in lower case if it is Latin letters and digits only (what ALNUM says after toLowerCase). */
export function latinWord(surface: string): string | undefined {
  for (let i = 0; i < surface.length; i++) {
    const c = surface.charCodeAt(i);
    if (c >= 0x80) {
      // Of all non-ASCII characters only the Kelvin sign lower-cases to ASCII (K → k; the test
      // checks every code point): ask toLowerCase itself then, and only then.
      if (c !== 0x212a) return undefined;
      const lower = surface.toLowerCase();
      return ALNUM.test(lower) ? lower : undefined;
    }
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return undefined;
  }
  return surface === '' ? undefined : surface.toLowerCase();
}

/** Particles read as spoken, not as written. */
function particleKana(token: Token, kana: string): string {
  if (kana === 'ハ') return 'ワ';
  if (kana === 'ヘ') return 'エ';
  if (kana === 'ヲ') return 'オ';
  // では, には, とは: the は is still wa.
  if (kana.length > 1 && kana.endsWith('ハ') && token.surface_form.endsWith('は'))
    return `${kana.slice(0, -1)}ワ`;
  return kana;
}

/** Tokens that finish the previous word rather than start one: 行っ|た, 進化し|て|いる, 重要|な. */
function attaches(token: Token): boolean {
  switch (token.pos) {
    case '助動詞':
      return true;
    case '動詞':
    case '形容詞':
      return token.pos_detail_1 === '非自立' || token.pos_detail_1 === '接尾';
    case '助詞':
      return token.pos_detail_1 === '接続助詞' && ['て', 'で', 'ば'].includes(token.surface_form);
    case '名詞':
      // Counters stay apart (194-oku-doru, 2-bai); other suffixes join (seisan|sei, kanou|sei).
      return token.pos_detail_1 === '接尾' && token.pos_detail_2 !== '助数詞';
    default:
      return false;
  }
}

interface Word {
  /** Latin text, or for Japanese the katakana reading, romanised once the word is whole (行っ|て → itte). */
  text: string;
  /** Came from Japanese; only such words take suffixes. */
  japanese: boolean;
  /** Was a katakana run: a short neighbouring run is the same loanword (アリ|ババ, クラ|ウド). */
  katakana: number;
  /** A number or counter (億, ドル): a suffix after it is a word of its own (doru-chou, not doruchou). */
  counter: boolean;
}

// Counters after a digit take their counting reading, which the dictionary does not know in context.
const COUNTERS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    月: 'ガツ',
    日: 'ニチ',
    人: 'ニン',
    年: 'ネン',
    時: 'ジ',
    分: 'フン',
    個: 'コ',
    台: 'ダイ',
    社: 'シャ',
    位: 'イ',
    倍: 'バイ',
    件: 'ケン',
    回: 'カイ',
    歳: 'サイ',
    週: 'シュウ',
    度: 'ド',
  }),
);
const DIGITS = /^[0-9]+$/;
const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
// An unknown token can glue pieces of different kinds (`%」`); each piece is read on its own.
const PIECES = /[A-Za-z0-9]+|[\p{Script=Hiragana}\p{Script=Katakana}ー]+|[%&+]/gu;

function readingOf(token: Token, previous: Token | undefined): string | undefined {
  const surface = token.surface_form;
  if (previous !== undefined && DIGITS.test(previous.surface_form)) {
    const counter = COUNTERS.get(surface);
    if (counter !== undefined) return counter;
  }
  const reading = token.reading;
  if (reading === undefined || reading === '*' || !KANA.test(reading)) {
    return KANA.test(surface) ? toKatakana(surface) : undefined;
  }
  // The dictionary reads 日本 as ニッポン; the everyday reading (and the one people search) is nihon.
  if (surface.startsWith('日本') && reading.startsWith('ニッポン')) return `ニホン${reading.slice(4)}`;
  return reading;
}

function pieces(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const surface = token.surface_form;
    const known = token.reading !== undefined && token.reading !== '*';
    if (known || KANA.test(surface) || latinWord(surface) !== undefined) {
      out.push(token);
      continue;
    }
    let split = false;
    for (const match of surface.matchAll(PIECES)) {
      split = true;
      out.push({ surface_form: match[0], pos: '名詞', pos_detail_1: '一般', pos_detail_2: '*' });
    }
    if (!split) out.push(token); // a space or a symbol: it breaks words
  }
  return out;
}

function toWords(tokens: readonly Token[]): Word[] {
  const words: Word[] = [];
  let previous: Token | undefined;
  // Set by punctuation or a space: the next token starts a new word whatever it is.
  let broken = true;
  for (const token of pieces(tokens)) {
    const before = previous;
    previous = token;
    const surface = token.surface_form;
    const last = words.at(-1);
    const ascii = latinWord(surface);
    if (ascii !== undefined) {
      // kuromoji splits GPT4o as GPT|4|o; adjacent Latin pieces are one word again.
      if (!broken && last !== undefined && !last.japanese) last.text += ascii;
      else words.push({ text: ascii, japanese: false, katakana: 0, counter: false });
      broken = false;
      continue;
    }
    const symbol = SYMBOL_WORDS.get(surface);
    if (symbol !== undefined) {
      words.push({ text: symbol, japanese: false, katakana: 0, counter: false });
      broken = true;
      continue;
    }
    let kana = readingOf(token, before);
    if (kana === undefined) {
      broken = true; // punctuation, spaces, a kanji the dictionary cannot read
      continue;
    }
    if (token.pos === '助詞') kana = particleKana(token, kana);
    // こんにちは, こんばんは: a fossilised particle, still said wa.
    else if (token.pos === '感動詞' && surface.endsWith('は') && kana.endsWith('ハ'))
      kana = `${kana.slice(0, -1)}ワ`;
    const katakana = KATAKANA.test(surface) ? surface.length : 0;
    const counter = token.pos_detail_1 === '数' || token.pos_detail_2 === '助数詞';
    if (!broken && last?.japanese && attaches(token) && !(token.pos === '名詞' && last.counter)) {
      last.text += kana;
    } else if (
      !broken &&
      last !== undefined &&
      katakana > 0 &&
      last.katakana > 0 &&
      Math.min(katakana, last.katakana) <= 2
    ) {
      last.text += kana;
      last.katakana += katakana;
    } else {
      words.push({ text: kana, japanese: true, katakana, counter });
    }
    broken = false;
  }
  return words;
}

function fallback(text: string): string {
  return `post-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
}

/**
 * NFKC folds full-width Latin and digits (ＡＩ → AI); the NFD round trip strips accents (café → cafe).
 * The round trip can only change text that holds a character from U+00C0 up to U+2FFF or outside
 * the BMP (slug.test.ts checks every other character decomposes to no accent): typical titles,
 * kana, kanji and ASCII, skip it, and NFKC output is already NFC.
 */
export function normalise(text: string): string {
  const nfkc = text.normalize('NFKC');
  if (!mayCarryAccents(nfkc)) return nfkc;
  return nfkc
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

/** True if NFD could give `text` an accent in U+0300–U+036F. */
export function mayCarryAccents(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xc0 && (c < 0x3000 || (c >= 0xd800 && c <= 0xdfff))) return true;
  }
  return false;
}

function build(tokenize: Tokenizer['tokenize'], text: string, maxLength: number): string {
  const normal = normalise(text);
  const words = toWords(tokenize(normal))
    .map((w) => (w.japanese ? romanize(w.text) : w.text).replace(/[^a-z0-9]/g, ''))
    .filter((w) => w !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > maxLength) {
      if (slug === '') slug = word.slice(0, maxLength); // one word longer than the limit
      break;
    }
    slug = next;
  }
  return slug === '' || !/[a-z0-9]/.test(slug) ? fallback(text).slice(0, maxLength).replace(/-+$/, '') : slug;
}

function maxLengthOf(options: { maxLength?: number } | undefined): number {
  return Math.max(1, Math.floor(positiveOption('maxLength', options?.maxLength, 80)));
}

/**
 * Loads the dictionary (once per process) and returns a synchronous slugifier for hot loops.
 * Japanese is read with its dictionary reading in Hepburn romaji; Latin words and numbers are
 * kept, lower-cased; words are joined with `-`; the result is cut at a word boundary.
 */
export async function createSlugifier(options?: { maxLength?: number }): Promise<(text: string) => string> {
  const maxLength = maxLengthOf(options);
  const tokenize = await loadTokenizer();
  return (text: string): string => {
    // Text with no Japanese skips the analyser: it is the common case for tags and is 10× faster.
    if (!JAPANESE.test(text)) return build(latinTokens, text, maxLength);
    // kuromoji's UTF-8 encoder throws on a lone surrogate; the slug reads it as U+FFFD (no word).
    return build(
      tokenize,
      LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE_ALL, '\uFFFD') : text,
      maxLength,
    );
  };
}

function latinTokens(text: string): Token[] {
  return (text.match(/[A-Za-z0-9]+|[%&+]|[^A-Za-z0-9%&+]+/g) ?? []).map((surface) => ({
    surface_form: surface,
    pos: '記号',
    pos_detail_1: '',
    pos_detail_2: '',
  }));
}

/** Hepburn romaji ASCII slug of `text`, ≤ maxLength (80) characters, never empty. */
export async function slugify(text: string, options?: { maxLength?: number }): Promise<string> {
  const slugifier = await createSlugifier(options);
  return slugifier(text);
}
