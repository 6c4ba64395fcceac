// Kana → modified Hepburn, ASCII only (no macrons, since a slug cannot carry them).
// Choices, applied the same way everywhere:
// - Long vowels written with kana stay as spelt: トウシ → toushi, キュウ → kyuu, セイ → sei. This
//   keeps words apart (toushi vs toshi) and matches how a Japanese reader types them.
// - The katakana long-vowel mark ー is dropped: データ → deta, サーバー → saba.
// - ン is always n (shinbun, kinen), ッ doubles the next consonant (kitto, matcha → tch).
// - ヲ is o, ヂ ji, ヅ zu; small vowels after a consonant make the usual loanword sounds (ファ fa,
//   ティ ti, ウィ wi, ヴァ va).

// biome-ignore format: a table reads better in rows
const MONO: Record<string, string> = {
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
const DI: Record<string, string> = {
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

const SOKUON = 'ッ';
const CHOON = 'ー';

/** Hiragana → katakana, so one table serves both. */
export function toKatakana(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out += c >= 0x3041 && c <= 0x3096 ? String.fromCodePoint(c + 0x60) : ch;
  }
  return out;
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
    const ch = text[i]!;
    if (ch === SOKUON) {
      geminate = true;
      i++;
      continue;
    }
    if (ch === CHOON) {
      i++;
      continue;
    }
    const pair = DI[text.slice(i, i + 2)];
    const roma = pair ?? MONO[ch] ?? ch;
    i += pair === undefined ? 1 : 2;
    if (geminate) {
      geminate = false;
      // ッチ → tchi (Hepburn), otherwise double the first consonant; before a vowel or the end, nothing.
      if (roma.startsWith('ch')) out += 't';
      else if (/^[bcdfghjklmpqrstvwxyz]/.test(roma)) out += roma[0];
    }
    out += roma;
  }
  return out;
}
