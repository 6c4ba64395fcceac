import type { SourcePost } from '@kiji/jekyll';
import { beforeAll, describe, expect, test } from 'vitest';
import { cleanPost, createCleaner } from './index.js';

const prose = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `これは${i + 1}番目の段落で、記事の本文として十分な長さのある文章を書いています。`,
  ).join('\n\n');

function post(over: Partial<SourcePost>): SourcePost {
  return {
    id: 'test-post',
    sourcePath: '/posts/test-post.md',
    title: 'テスト記事のタイトル',
    date: {
      iso: '2025-10-05T13:34:57+09:00',
      epochMs: 1759639097000,
      offset: '+09:00',
      source: 'front-matter',
    },
    categories: ['投資分析'],
    tags: ['AI'],
    author: 'ALLFORCES編集部',
    excerpt: '**テスト記事**について詳細に分析します。',
    readingTime: 8,
    draft: false,
    extra: {},
    body: prose(12),
    bodyLine: 11,
    ...over,
  };
}

let clean: Awaited<ReturnType<typeof createCleaner>>;
beforeAll(async () => {
  clean = await createCleaner();
});

describe('the gate', () => {
  test('an ordinary article is published', () => {
    const r = clean(post({}));
    expect(r.verdict).toEqual({ status: 'publish', reasons: [] });
    expect(r.post.readingMinutes).toBeGreaterThanOrEqual(1);
    expect(r.post.slug).toMatch(/^[a-z0-9-]+$/);
  });

  test('conflict markers hold the post back, naming the lines', () => {
    const body = `${prose(6)}\n\n<<<<<<< Updated upstream\n新しい段落です。\n=======\n古い段落です。\n>>>>>>> Stashed changes\n\n${prose(6)}`;
    const r = clean(post({ body }));
    expect(r.verdict.status).toBe('quarantine');
    expect(r.verdict.reasons.map((x) => x.code)).toContain('conflict-markers');
    expect(r.verdict.reasons[0]!.message).toMatch(/line\(s\) \d+/);
  });

  test('a body that is mostly LaTeX junk is held back; a little is removed', () => {
    const latex =
      '\\frac{\\partial L}{\\partial w} = \\sum_{i} \\alpha_i \\beta_i \\gamma_i \\delta_i \\mathbb{E}[X] '.repeat(
        40,
      );
    const junky = clean(post({ body: `${prose(2)}\n\n${latex}\n\n${prose(1)}` }));
    expect(junky.verdict.reasons.map((x) => x.code)).toContain('junk');
    const light = clean(post({ body: `${prose(30)}\n\n${latex.slice(0, 300)}` }));
    expect(light.verdict.status).toBe('publish');
    expect(light.fixes.map((f) => f.kind)).toContain('junk');
    expect(light.post.markdown).not.toContain('\\frac');
  });

  test('a broken title with nothing to rebuild it from is untitled', () => {
    const r = clean(post({ title: 'AIインフラ投資の新しい局\uFFFD', excerpt: 'AIの最新動向です。' }));
    expect(r.verdict.reasons.map((x) => x.code)).toContain('untitled');
    expect(r.fixes.find((f) => f.kind === 'title')?.detail).toMatch(/could not rebuild/);
    expect(r.post.title).not.toContain('\uFFFD');
  });

  test('a refusal opening the body is held back; the article text after it is not published', () => {
    const body = `申し訳ありませんが、「X社の発表」に関する具体的な情報を見つけることができませんでした。\n\n${prose(12)}`;
    const r = clean(post({ body }));
    expect(r.verdict.reasons.map((x) => x.code)).toEqual(['refusal']);
  });

  test('a refusal without an apology is held back where it opens the body, even under the echoed title', () => {
    for (const opening of [
      'Web検索が現在利用できないため、X社の発表に関する詳細情報を取得できません。',
      '現時点では、「X社の新チップ」に関する公式の情報は見つかりませんでした。',
      "Unfortunately, I couldn't find any reliable reports about X's new chip.",
    ]) {
      const r = clean(post({ body: `# AIの最新動向\n\n${opening}\n\n${prose(12)}` }));
      expect(
        r.verdict.reasons.map((x) => x.code),
        opening,
      ).toEqual(['refusal']);
      expect(r.post.markdown).not.toContain(opening);
    }
  });

  test('an article that says a report was not found further down is no refusal', () => {
    const said = '同社に問い合わせたところ、公式な発表は確認できませんでした。';
    const r = clean(post({ body: `${prose(12)}\n\n${said}` }));
    expect(r.verdict.status).toBe('publish');
    expect(r.post.markdown).toContain(said);
  });

  test('bold words cut at a seam before the paragraph they open, written whole again, are no heading', () => {
    const start = '**投資家として**';
    const whole = `${start}、まず注目すべきは、物理AIのバリューチェーン全体です。`;
    const question = 'さて、この大きな変革の波を前に、私たちはどのような視点を持つべきでしょうか？';
    for (const again of [whole, `### 示唆\n\n${question}\n\n${whole}`]) {
      const body = `${prose(10)}\n\n### 示唆\n\n${question}\n\n${start}\n\n---END---\n\n${again}\n\n${prose(2)}`;
      const r = clean(post({ body }));
      expect(r.post.markdown).toContain(whole);
      expect(r.post.markdown).not.toMatch(/^#+ 投資家として$/m);
      expect(r.post.markdown.split(start)).toHaveLength(2);
    }
  });

  test('a bold label cut right before its colon goes on with the next chunk, in a list or alone', () => {
    const body = `${prose(10)}\n\n- **導入コスト**: 1,500万円\n- **ROI**\n\n---END---\n\n: (4,000万円 - 1,500万円) ÷ 1,500万円 = 約167%\n\n${prose(2)}\n\n**回収期間**\n\n---END---\n\n：およそ7か月です。`;
    const { markdown } = clean(post({ body })).post;
    expect(markdown).toContain('- **ROI**: (4,000万円 - 1,500万円) ÷ 1,500万円 = 約167%');
    expect(markdown).toContain('**回収期間**：およそ7か月です。');
  });

  test('an article written again from its title after the footer, without a marker, is a later version', () => {
    const title = 'AIエージェントが2026年までに企業アプリの40%を占拠する理由とは？';
    const a = 'AIエージェントの導入には、目的の明確化が欠かせません。';
    const b = 'まずは、どのような課題を解決したいのかを決めることが重要です。';
    const added = '私自身、多くのプロジェクトで課題の絞り込みが成功の鍵だと実感しています。';
    const c = 'データ戦略の構築も、同じくらい重要な準備になります。';
    const footer =
      '---\n\n### あわせて読みたい\n\n- [関連記事](/2026/03/16/1-ai-agent/)\n\n---\n\n*※ 本ページのリンクにはアフィリエイトリンクが含まれます。購入によりサイト運営をサポートいただけます。*';
    // The copy writes the title with its punctuation changed, as the pipeline does.
    const again = title.replace('が2026', '：2026');
    const body = `${prose(8)}\n\n### 目的の明確化\n\n${a}${b}\n\n### データ戦略\n\n${c}\n\n${footer}\n\n${again}\n\n### 目的の明確化\n\n${a}${b}${added}\n\n### データ戦略\n\n${c}`;
    const { markdown } = clean(post({ title, body })).post;
    expect(markdown).toContain(`${b}${added}`);
    expect(markdown).not.toContain(again);
    expect(markdown.indexOf(added)).toBeLessThan(markdown.indexOf('### データ戦略'));
  });

  test('too little text after cleaning is too-short', () => {
    const r = clean(post({ body: '短い本文です。' }));
    expect(r.verdict.reasons.map((x) => x.code)).toEqual(['too-short']);
  });
});

describe('render and safety', () => {
  test('raw HTML in the body is escaped, unsafe link schemes are not linked', () => {
    const body = `${prose(10)}\n\n<script>alert(1)</script>\n\n[クリック](javascript:alert(1)) と [記事](/2025/10/05/x/) と [外部](https://example.com/)。`;
    const { html } = clean(post({ body })).post;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('href="/2025/10/05/x/"');
    expect(html).toContain('href="https://example.com/"');
  });

  test("kramdown's attribute list under a paragraph becomes its class, never text", () => {
    const body = `${prose(8)}\n\n[お問い合わせはこちら](/contact/)\n{: .consulting-cta-link #cta onclick="x()"}\n\n{: .orphan}\n\n${prose(1)}`;
    const r = clean(post({ body }));
    expect(r.post.html).toContain(
      '<p class="consulting-cta-link"><a href="/contact/">お問い合わせはこちら</a></p>',
    );
    expect(r.post.html).not.toContain('{:');
    expect(r.post.html).not.toContain('onclick');
    expect(r.post.text).not.toContain('{:');
    // The Markdown keeps the author's markup for Jekyll.
    expect(r.post.markdown).toContain('{: .consulting-cta-link');
  });

  test("kramdown's attribute list right after a link on its line becomes the link's class", () => {
    const body = `${prose(8)}\n\n---\n\n## 業界特化のAI導入支援\n\nまずはお気軽にご相談ください。\n\n[サービス詳細を見る](/services/?utm_source=article&utm_medium=cta) {: .consulting-cta-link}\n\n---\n\n*※ 上記リンクはAmazonアソシエイトリンクです*`;
    const r = clean(post({ body }));
    expect(r.post.html).toContain(
      '<p><a href="/services/?utm_source=article&amp;utm_medium=cta" class="consulting-cta-link">サービス詳細を見る</a></p>',
    );
    expect(r.post.text).not.toContain('{:');
  });

  test('bold next to Japanese brackets renders as bold', () => {
    const { html } = clean(
      post({ body: `${prose(10)}\n\nこれは**AGI（汎用人工知能）**への一歩です。` }),
    ).post;
    expect(html).toContain('<strong>AGI（汎用人工知能）</strong>への');
  });

  test('contentHash covers what is published, and only that', () => {
    const a = clean(post({}));
    expect(a.post.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(clean(post({})).post.contentHash).toBe(a.post.contentHash);
    expect(clean(post({ sourcePath: '/elsewhere.md' })).post.contentHash).toBe(a.post.contentHash);
    expect(clean(post({ title: '別のタイトルの記事' })).post.contentHash).not.toBe(a.post.contentHash);
  });

  test('the boilerplate excerpt becomes the lead; a real one is kept as plain text', () => {
    const lead = [1, 2, 3]
      .map((i) => `これは${i}番目の段落で、記事の本文として十分な長さのある文章を書いています。`)
      .join('');
    expect(clean(post({})).post.excerpt).toBe(lead);
    // The site's tagline written as an excerpt says nothing of the article either.
    expect(clean(post({ excerpt: '最新のAI技術動向と市場分析をお届けします。' })).post.excerpt).toBe(lead);
    expect(clean(post({ excerpt: '**AI**の現在地を**短く**まとめます。' })).post.excerpt).toBe(
      'AIの現在地を短くまとめます。',
    );
  });

  test('an excerpt cut off from the body is replaced by the lead; a written one without a stop stays', () => {
    const lead = [1, 2, 3]
      .map((i) => `これは${i}番目の段落で、記事の本文として十分な長さのある文章を書いています。`)
      .join('');
    const r = clean(
      post({
        body: `## 見出し\n\n${prose(12)}`,
        excerpt:
          '## 見出し これは1番目の段落で、記事の本文として十分な長さのある文章を書いています。これは2番目の段落で、記',
      }),
    );
    expect(r.post.excerpt).toBe(lead);
    expect(r.fixes.find((f) => f.kind === 'excerpt')?.detail).toContain('cut off; replaced by the lead');
    expect(clean(post({ excerpt: 'AI導入の現場から見えたこと' })).post.excerpt).toBe(
      'AI導入の現場から見えたこと',
    );
  });

  test('a lead that opens with a greeting loses it in the excerpt, not in the body', () => {
    const r = clean(post({ body: `やあ、みんな。元気かい？\n\n${prose(12)}` }));
    expect(r.post.excerpt.startsWith('これは1番目の段落で')).toBe(true);
    expect(r.post.markdown.startsWith('やあ、みんな。元気かい？')).toBe(true);
    const only = clean(post({ body: `皆さん、こんにちは。\n\n${prose(12)}`, excerpt: '' }));
    expect(only.post.excerpt.startsWith('これは1番目の段落で')).toBe(true);
    for (const greeting of [
      'おい、君たち。',
      'やあ、諸君。',
      '皆さん、お元気ですか？',
      'どうも、お久しぶりです。',
    ]) {
      const r2 = clean(post({ body: `${greeting}\n\n${prose(12)}` }));
      expect(r2.post.excerpt.startsWith('これは1番目の段落で'), greeting).toBe(true);
    }
  });

  test('cleanPost is createCleaner in one call', async () => {
    const one = await cleanPost(post({}));
    expect(one.post).toEqual(clean(post({})).post);
  });
});

describe('content gaps, end to end through every pass', () => {
  const sections = [
    '## AIエージェントの現在地',
    'AIエージェントとは、自律的にタスクを実行するAIのことです。状況を理解し、自ら判断を下します。',
    '### AIエージェント導入の具体的なステップと注意点',
    'まず、現場の課題を明確に定義することが重要です。次に、小さく始めて成果を確かめます。',
    '皆さんの現場では、どのような検討が進んでいますか？',
  ];
  const article = `${prose(8)}\n\n${sections.join('\n\n')}`;
  const lines = (md: string) => md.split('\n');

  test('a rule and heading flattened into the echo come back as the one heading, the echo goes', () => {
    const echo = `${prose(8).replace(/\n\n/g, ' ')} ${sections.slice(0, 2).join(' ')} --- ${sections.slice(2).join(' ')}`;
    const r = clean(post({ body: `${article}\n\n---END---\n\n${echo}\n\n---END---\n` }));
    const md = r.post.markdown;
    expect(lines(md).filter((l) => /#{2,}/.test(l) && !/^#{1,6}\s/.test(l))).toEqual([]);
    expect(lines(md).filter((l) => l === '### AIエージェント導入の具体的なステップと注意点')).toHaveLength(1);
    expect(md.match(/まず、現場の課題を明確に定義することが重要です。/g)).toHaveLength(1);
    expect(md).not.toContain('---');
  });

  test('an echo inside the first chunk, split at its headings, leaves no glued copy of a line', () => {
    const footer = [
      '## この記事に関連するおすすめ書籍',
      '### [AI白書 2025](https://www.amazon.co.jp/dp/4049112388/)',
      '松尾研究室監修、国内外の生成AI動向を網羅した年次レポート',
      '[Amazonで詳しく見る →](https://www.amazon.co.jp/dp/4049112388/)',
    ];
    const written = `${article}\n\n${footer.join('\n\n')}`;
    // The continuation prompt leaked with the article flattened into it, and no END marker.
    const echo = written.replace(/\n+/g, ' ');
    const r = clean(post({ body: `${written}\n\n【既存の記事の最後の部分】\n${echo}\n` }));
    const md = r.post.markdown;
    expect(md.match(/網羅した年次レポート/g)).toHaveLength(1);
    expect(lines(md).filter((l) => l.includes('年次レポート') && l.includes('Amazonで詳しく見る'))).toEqual(
      [],
    );
    expect(lines(md).filter((l) => l.includes('どのような検討が進んでいますか？'))).toHaveLength(1);
  });

  test('the model reasoning about its instructions is removed and reported, the article stays', () => {
    const leak = [
      '「【既存の記事の最後の部分】」として提供されたテキストは、既に完成している記事の全文である。**',
      '    ユーザーの指示「以下の記事「テスト記事」が途中で終わっています。この記事の続きを自然に書いて完成させてください。」',
      '    と、',
      '    提供されたテキストの最後の部分が「---END---」で終わっている点が矛盾している。',
      '',
      '「AIエージェントの現在地」から続きを書きます。',
    ].join('\n');
    const r = clean(
      post({ body: `${article}\n\n---END---\n\n${leak}\n\n${sections.slice(2).join('\n\n')}\n` }),
    );
    expect(r.verdict.status).toBe('publish');
    expect(r.post.markdown).not.toMatch(/ユーザーの指示|提供されたテキスト|続きを書きます|^\s*と、$/m);
    const leaks = r.fixes.filter((f) => f.kind === 'prompt-leak').map((f) => f.detail);
    expect(leaks.some((d) => d.includes('ユーザーの指示「以下の記事'))).toBe(true);
    expect(r.post.markdown).toContain('皆さんの現場では、どのような検討が進んでいますか？');
  });

  test('a heading re-emitted bare as the last paragraph does not end the article', () => {
    const body = `${prose(8)}\n\n**AI技術の未来に何をもたらすか？：革新の加速と多様化**\n\nまず、AI技術そのものへの影響は「革新の加速」と「多様化」です。\n\n---END---\n\nAI技術の未来に何をもたらすか？：革新の加速と多様化\nまず、AI技術そのものへの影響は「革新の加速」と「多様化」です。\n`;
    const r = clean(post({ body }));
    const md = r.post.markdown.trimEnd();
    expect(md.endsWith('まず、AI技術そのものへの影響は「革新の加速」と「多様化」です。')).toBe(true);
    expect(md.match(/AI技術の未来に何をもたらすか？/g)).toHaveLength(1);
  });

  test('links to other posts left under the conclusion without a heading go; under 関連記事 they stay', () => {
    const links =
      '- [AI導入の成功要因とリスク管理](/2026/03/02/4-ai/)\n- [EU AI法で変わる？大企業のAI戦略](/2026/02/15/1-eu-ai/)';
    const headless = clean(post({ body: `${article}\n\n---\n\n${links}\n` }));
    expect(headless.post.markdown).not.toContain('/2026/03/02/4-ai/');
    expect(headless.post.markdown.trimEnd().endsWith('どのような検討が進んでいますか？')).toBe(true);
    const fix = headless.fixes.find((f) => f.kind === 'related-links');
    expect(fix?.detail).toContain('AI導入の成功要因とリスク管理');
    const headed = clean(post({ body: `${article}\n\n---\n\n## 関連記事\n\n${links}\n` }));
    expect(headed.post.markdown.trimEnd().endsWith(links)).toBe(true);
    expect(headed.fixes.some((f) => f.kind === 'related-links')).toBe(false);
  });

  test('a related-articles box whose links were lost: a list under its heading, gone without it', () => {
    const titles =
      'AIエージェントが製造業DXをどう変える？自律実行能力の全貌\nEU AI法完全施行、大企業のAI戦略はどう変わるのか';
    const headed = clean(post({ body: `${article}\n\n## 関連記事\n\n${titles}\n` }));
    expect(headed.post.markdown.trimEnd()).toMatch(
      /## 関連記事\n\n- AIエージェントが製造業DXをどう変える？自律実行能力の全貌\n- EU AI法完全施行、大企業のAI戦略はどう変わるのか$/,
    );
    const bare = clean(post({ body: `${article}\n\n${titles.replace('\n', '\n\n')}\n` }));
    expect(bare.post.markdown.trimEnd().endsWith('どのような検討が進んでいますか？')).toBe(true);
    expect(bare.fixes.find((f) => f.kind === 'related-links')?.detail).toContain('自律実行能力の全貌');
  });

  test('the title an SEO rewrite wrapped, written as a line between sections, goes', () => {
    const wrapped = 'AIエージェントが製造業を変える：生産性向上とコスト削減の秘訣とは';
    const headline = 'AIエージェントが製造業のDXを加速させる：生産性向上とコスト削減のリアルな事例';
    const more = prose(9).split('\n\n').slice(6).join('\n\n');
    const body = `${headline}\n\n${prose(6)}\n\n${wrapped}\n\n## 次の一歩\n\n${more}\n`;
    const r = clean(post({ title: `2026年${wrapped}が変えるビジネスの未来`, body }));
    expect(r.post.title).toBe(headline);
    expect(r.post.markdown).not.toContain(wrapped);
    expect(r.fixes.some((f) => f.kind === 'title-echo' && f.detail.includes(wrapped))).toBe(true);
    expect(r.post.markdown).toContain('## 次の一歩');
  });
});
