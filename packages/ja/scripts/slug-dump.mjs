// Guardrail for slug speed work: prints `text<TAB>slug80<TAB>slug20` for every title, tag and
// category of the corpus (posts, versions, seeds), every title after @kiji/clean repair, and a
// list of awkward strings, then a sha256 of all of it on stderr. Compare the output of two commits
// with `diff`; any change in a slug is a regression of the speed work.
// Usage (from the repo root, after `npx turbo run build --filter=@kiji/clean...`):
//   node packages/ja/scripts/slug-dump.mjs > /tmp/slugs.tsv
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const shared = process.env.KIJI_SHARED_DIR ?? resolve(root, '../shared');
const { readPosts } = await import(join(root, 'packages/jekyll/dist/index.js'));
const { createCleaner } = await import(join(root, 'packages/clean/dist/index.js'));
const { createSlugifier } = await import(join(root, 'packages/ja/dist/index.js'));

const texts = new Set();
const clean = await createCleaner();
for (const dir of ['corpus/posts', 'corpus/versions', 'seeds']) {
  for await (const r of readPosts(join(shared, dir))) {
    if (!r.ok) continue;
    const { title, tags, categories } = r.post;
    for (const t of [title, ...tags, ...categories]) texts.add(t);
    texts.add(clean(r.post).post.title);
  }
}
const awkward = [
  '',
  ' ',
  '、。',
  '😀',
  'AI😀😀の未来',
  '𠮷野家の牛丼',
  '\ud83d',
  'A\ud83dB日本',
  '日本\udc00語',
  '\udc00',
  'ｶﾀｶﾅのﾃｽﾄ',
  'ＡＩとＧＰＴ４ｏ',
  'café の résumé',
  '１０％増、２倍速',
  '2026年8月！',
  'こんにちは世界',
  '東京では雨',
  `${'日本語のタイトル、'.repeat(30)}`,
  'x'.repeat(300),
  'ー',
  'ーーー日本',
  'ヴァイオリンとウィキ',
  'ｱｲｳ😀ｴｵ',
  '\u3000全角　スペース\u3000',
  '①②③ と ㈱',
  'Ⅻ章',
  '〜の可能性とは？',
];
for (const t of awkward) texts.add(t);
const s80 = await createSlugifier();
const s20 = await createSlugifier({ maxLength: 20 });
const h = createHash('sha256');
let out = '';
// kuromoji's own UTF-8 encoder rejects a lone high surrogate followed by a character: the error
// is part of the behaviour to keep, so it is printed like a slug.
const attempt = (slugify, t) => {
  try {
    return slugify(t);
  } catch (error) {
    return `THROWS ${error?.constructor?.name}`;
  }
};
for (const t of texts) {
  const line = `${JSON.stringify(t)}\t${attempt(s80, t)}\t${attempt(s20, t)}\n`;
  h.update(line);
  out += line;
}
process.stdout.write(out);
process.stderr.write(`${h.digest('hex')} texts=${texts.size}\n`);
