// Kana → modified Hepburn, ASCII only (no macrons, since a slug cannot carry them).
// Choices, applied the same way everywhere:
// - Long vowels written with kana stay as spelt: トウシ → toushi, キュウ → kyuu, セイ → sei. This
//   keeps words apart (toushi vs toshi) and matches how a Japanese reader types them.
// - The katakana long-vowel mark ー is dropped: データ → deta, サーバー → saba.
// - ン is always n (shinbun, kinen), ッ doubles the next consonant (kitto, matcha → tch).
// - ヲ is o, ヂ ji, ヅ zu; small vowels after a consonant make the usual loanword sounds (ファ fa,
//   ティ ti, ウィ wi, ヴァ va).

// The tables are exported for romaji.test.ts (index.ts does not re-export them).
// biome-ignore format: a table reads better in rows
export const MONO: Record<string, string> = {
  ア: 'a', イ: 'i', ウ: 'u', エ: 'e', オ: 'o',
  カ: 'ka', キ: 'ki', ク: 'ku', ケ: 'ke', コ: 'ko',
  ガ: 'ga', ギ: 'gi', グ: 'gu', ゲ: 'ge', ゴ: 'go',
  サ: 'sa', シ: 'shi', ス: 'su', セ: 'se', ソ: 'so',
  ザ: 'za', ジ: 'ji', ズ: 'zu', ゼ: 'ze', ゾ: 'zo',
  タ: 'ta', チ: 'chi', ツ: 'tsu', テ: 'te', ト: 'to',
  ダ: 'da', ヂ: 'ji', ヅ: 'zu', デ: 'de', ド: 'do',
  ナ: 'na', ニ: 'ni', ヌ: 'nu', ネ: 'ne', ノ: 'no',
  ハ: 'ha', ヒ: 'hi', フ: 'fu', ヘ: 'he', ホ: 'ho',
  バ: 'ba', ビ: 'bi', ブ: 'bu', ベ: 'be', ボ: 'bo',
  パ: 'pa', ピ: 'pi', プ: 'pu', ペ: 'pe', ポ: 'po',
  マ: 'ma', ミ: 'mi', ム: 'mu', メ: 'me', モ: 'mo',
  ヤ: 'ya', ユ: 'yu', ヨ: 'yo',
  ラ: 'ra', リ: 'ri', ル: 'ru', レ: 're', ロ: 'ro',
  ワ: 'wa', ヰ: 'i', ヱ: 'e', ヲ: 'o', ン: 'n',
  ヴ: 'vu', ヵ: 'ka', ヶ: 'ke',
  ァ: 'a', ィ: 'i', ゥ: 'u', ェ: 'e', ォ: 'o', ャ: 'ya', ュ: 'yu', ョ: 'yo', ヮ: 'wa',
};

// biome-ignore format: a table reads better in rows
export const DI: Record<string, string> = {
  キャ: 'kya', キュ: 'kyu', キョ: 'kyo', ギャ: 'gya', ギュ: 'gyu', ギョ: 'gyo',
  シャ: 'sha', シュ: 'shu', ショ: 'sho', シェ: 'she', ジャ: 'ja', ジュ: 'ju', ジョ: 'jo', ジェ: 'je',
  チャ: 'cha', チュ: 'chu', チョ: 'cho', チェ: 'che', ヂャ: 'ja', ヂュ: 'ju', ヂョ: 'jo',
  ニャ: 'nya', ニュ: 'nyu', ニョ: 'nyo', ヒャ: 'hya', ヒュ: 'hyu', ヒョ: 'hyo',
  ビャ: 'bya', ビュ: 'byu', ビョ: 'byo', ピャ: 'pya', ピュ: 'pyu', ピョ: 'pyo',
  ミャ: 'mya', ミュ: 'myu', ミョ: 'myo', リャ: 'rya', リュ: 'ryu', リョ: 'ryo',
  ファ: 'fa', フィ: 'fi', フェ: 'fe', フォ: 'fo', フュ: 'fyu',
  ティ: 'ti', テュ: 'tyu', ディ: 'di', デュ: 'dyu', トゥ: 'tu', ドゥ: 'du',
  ツァ: 'tsa', ツィ: 'tsi', ツェ: 'tse', ツォ: 'tso',
  ウィ: 'wi', ウェ: 'we', ウォ: 'wo', イェ: 'ye',
  ヴァ: 'va', ヴィ: 'vi', ヴェ: 've', ヴォ: 'vo', ヴュ: 'vyu',
  クァ: 'kwa', クィ: 'kwi', クェ: 'kwe', クォ: 'kwo', グァ: 'gwa',
  スィ: 'si', ズィ: 'zi',
};

// The tables by UTF-16 code: romanize runs once per slug word, and a string slice plus two
// property lookups per character was a tenth of a slug's time.
const BLOCK = 0x30a0; // katakana: every key of both tables starts here
const MONO_AT: (string | undefined)[] = new Array(0x60).fill(undefined);
const DI_AT = new Map<number, string>();
for (const [kana, roma] of Object.entries(MONO)) MONO_AT[kana.charCodeAt(0) - BLOCK] = roma;
for (const [kana, roma] of Object.entries(DI))
  DI_AT.set(kana.charCodeAt(0) * 0x10000 + kana.charCodeAt(1), roma);

const SOKUON = 0x30c3; // ッ
const CHOON = 0x30fc; // ー
// Letters that double after ッ (as /^[bcdfghjklmpqrstvwxyz]/ would say).
const DOUBLES = new Set([...'bcdfghjklmpqrstvwxyz'].map((c) => c.charCodeAt(0)));

/** Hiragana → katakana, so one table serves both. */
export function toKatakana(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3041 && c <= 0x3096) {
      out += text.slice(from, i) + String.fromCharCode(c + 0x60);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Kana (hiragana or katakana) to Hepburn romaji, lower case. Characters that are not kana pass
 * through unchanged, so callers decide what to do with Latin letters, digits and kanji.
 */
export function romanize(kana: string): string {
  const text = toKatakana(kana);
  let out = '';
  let geminate = false;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === SOKUON) {
      geminate = true;
      i++;
      continue;
    }
    if (c === CHOON) {
      i++;
      continue;
    }
    let roma: string | undefined;
    let width = 1;
    if (c >= BLOCK && c < BLOCK + 0x60) {
      roma = i + 1 < text.length ? DI_AT.get(c * 0x10000 + text.charCodeAt(i + 1)) : undefined;
      if (roma !== undefined) width = 2;
      else roma = MONO_AT[c - BLOCK];
    }
    roma ??= text[i]!;
    i += width;
    if (geminate) {
      geminate = false;
      // ッチ → tchi (Hepburn), otherwise double the first consonant; before a vowel or the end, nothing.
      const first = roma.charCodeAt(0);
      if (first === 0x63 && roma.charCodeAt(1) === 0x68) out += 't';
      else if (DOUBLES.has(first)) out += roma[0];
    }
    out += roma;
  }
  return out;
}
