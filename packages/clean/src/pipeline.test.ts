import { readFileSync } from 'node:fs';
import { parsePost, type SourcePost } from '@kiji/jekyll';
import { beforeAll, describe, expect, test } from 'vitest';
import { corpusFiles } from '../test/corpus.js';
import { headings, proseSentences, skey } from '../test/invariants.js';
import { CONTINUATIONS, type Continuation, simulate } from '../test/pipeline.js';
import { seeded } from '../test/seeded.js';
import { type CleanResult, createCleaner } from './index.js';

/**
 * The cleaner on posts it has never seen: clean articles of the corpus (its own published
 * output, a fixed point) are damaged again by a model of the generation pipeline
 * (test/pipeline.ts), and the repair must give each article back: every sentence, in order,
 * once, with its headings.
 */

interface Article {
  readonly id: string;
  readonly title: string;
  readonly markdown: string;
}

let clean: (post: SourcePost) => CleanResult;
const articles: Article[] = [];

beforeAll(async () => {
  clean = await createCleaner();
  const files = corpusFiles().filter((f) => f.includes('/posts/'));
  // Every 8th post: about 190 articles of every period of the blog.
  for (let i = 0; i < files.length; i += 8) {
    const parsed = parsePost(files[i]!, readFileSync(files[i]!));
    if (!parsed.ok) continue;
    const r = clean(parsed.post);
    if (r.verdict.status !== 'publish' || r.post.markdown.length < 2000) continue;
    articles.push({ id: r.post.id, title: r.post.title, markdown: r.post.markdown });
  }
}, 120_000);

function postOf(id: string, title: string, body: string): SourcePost {
  const file = `---\ntitle: ${JSON.stringify(title)}\ndate: 2026-01-05 09:00:00 +0900\ncategories: [投資分析]\n---\n${body}`;
  const parsed = parsePost(`${id}.md`, Buffer.from(file));
  if (!parsed.ok) throw parsed.error;
  return parsed.post;
}

/** What differs between the article and its repair, sentence by sentence; empty when equal. */
function differences(expected: string, got: string): string[] {
  const want = proseSentences(expected).map(skey);
  const have = proseSentences(got).map(skey);
  const problems: string[] = [];
  const wantSet = new Set(want);
  const haveSet = new Set(have);
  for (const k of want) if (!haveSet.has(k)) problems.push(`lost ${k.slice(0, 50)}`);
  for (const k of have) if (!wantSet.has(k)) problems.push(`left over ${k.slice(0, 50)}`);
  const seen = new Set<string>();
  for (const k of have) {
    if (k.length >= 8 && seen.has(k)) problems.push(`twice ${k.slice(0, 50)}`);
    seen.add(k);
  }
  const order = have.filter((k) => wantSet.has(k));
  const wantOrder = want.filter((k) => haveSet.has(k));
  const at = order.findIndex((k, i) => k !== wantOrder[i]);
  if (at !== -1) problems.push(`out of order from ${order[at]!.slice(0, 50)}`);
  const hw = headings(expected).join('\n');
  const hh = headings(got).join('\n');
  if (hw !== hh)
    problems.push(`headings differ:\n  want ${hw.replace(/\n/g, ' | ')}\n  got  ${hh.replace(/\n/g, ' | ')}`);
  return problems;
}

function run(continuation: Continuation | undefined, cuts: number, seed: number, inLists = false): string[] {
  const failures: string[] = [];
  articles.forEach((a, i) => {
    const next = seeded(seed + i);
    const sim = simulate(a.markdown, a.title, (n) => (n <= 0 ? 0 : next() % n), {
      cuts,
      continuation,
      inLists,
    });
    const out = clean(postOf(a.id, a.title, sim.body)).post.markdown;
    const problems = differences(sim.expected, out);
    const again = clean(postOf(a.id, a.title, out)).post.markdown;
    if (again !== out) problems.push('not idempotent');
    if (problems.length > 0)
      failures.push(
        `${a.id} (seed ${seed + i}): ${sim.steps.join('; ')}\n  ${problems.slice(0, 6).join('\n  ')}`,
      );
  });
  return failures;
}

/**
 * Damaged articles not yet given back whole, each read and left for later. Fixing one means
 * taking it off this list (the test fails while it is still here).
 */
const KNOWN: Record<string, readonly string[]> = {};

function expectOnlyKnown(name: string, failures: readonly string[], prose = !name.startsWith('list-')): void {
  const everywhere = prose ? (KNOWN.all ?? []) : [];
  const known = new Set([...(KNOWN[name] ?? []), ...everywhere]);
  const failing = new Set(failures.map((f) => f.slice(0, f.indexOf(' '))));
  const unexpected = failures.filter((f) => !known.has(f.slice(0, f.indexOf(' '))));
  const limit = Number(process.env.KIJI_REPORT_LIMIT ?? 8);
  expect(
    unexpected,
    `${unexpected.length} of ${articles.length}:\n${unexpected.slice(0, limit).join('\n')}`,
  ).toEqual([]);
  expect(
    [...known].filter((id) => !failing.has(id)),
    'fixed: take these off KNOWN',
  ).toEqual([]);
}

describe('articles damaged by a model of the pipeline come back whole', () => {
  test('there are articles to damage', () => {
    expect(articles.length).toBeGreaterThan(150);
  });

  for (const kind of CONTINUATIONS) {
    test(`one seam, continued by ${kind}`, () => {
      expectOnlyKnown(kind, run(kind, 1, 1000));
    });
  }

  // A chunk that stops inside a list item: its prose goes on in the next chunk, restarts, is
  // echoed with the article, or the section is written again.
  for (const kind of CONTINUATIONS) {
    test(`one seam inside a list item, continued by ${kind}`, () => {
      expectOnlyKnown(`list-${kind}`, run(kind, 1, 2000, true));
    });
  }

  test('three seams of mixed kinds', () => {
    expectOnlyKnown('mixed', run(undefined, 3, 5000));
  });

  // The pipeline appends the continuation of the first seam again after the second, then writes
  // the cut sentence again: the copy is a repeat, the first seam still joined.
  test('a continuation appended again after a later seam', () => {
    // Its two seams do not come near the footer of the article listed under `all`.
    expectOnlyKnown('again', run('again', 2, 7000), false);
  });

  test('one seam, continued with dots and the last words again', () => {
    expectOnlyKnown('dots', run('dots', 1, 8000), false);
  });

  test('three seams of mixed kinds inside list items', () => {
    expectOnlyKnown('list-mixed', run(undefined, 3, 6000, true));
  });

  // Seeds the cleaner was not tuned on, explored after it was, whose failures were fixed at their
  // causes: a cut before `か？` or `ね。` the echo writes on, a `?` inside a bracket the cut left
  // open, a link cut before its address, a list item cut inside its bold label, the affiliate
  // notice cut, an attribution and a bold label line the echo runs on; later, a label cut or
  // restarted inside its closing `**` or written again without its list marker, and the echo of
  // an article that opens with a heading, cut in its related-links box; later still, a list of
  // figures the echo writes on one line with no stop between its items, and the call to action
  // cut before its link; then a list item cut after a stop inside a quote it opened, and a short
  // sentence cut right after a rule that the echo writes whole after that rule; a colon inside a
  // bracket the cut left open; then a cut whose continuation ends a near-identical sentence the
  // article writes elsewhere, and a list item cut right after its label's `**`; a bold lead-in
  // (`**技術者として**は、…`) cut right after its closing `**`, which the echo writes on; a quote
  // after `例えば、` cut at the article's end, and a short restart after a stop inside an open quote.
  describe('seeds it was not tuned on', () => {
    test('one seam, continued by echo (seed 34000)', () => {
      expectOnlyKnown('unseen-echo', run('echo', 1, 34000));
    });
    test('one seam, continued by restart (seed 48000)', () => {
      expectOnlyKnown('unseen-restart', run('restart', 1, 48000));
    });
    test('one seam inside a list item, continued by echo (seed 52500)', () => {
      expectOnlyKnown('unseen-list-echo', run('echo', 1, 52500, true));
    });
    test('one seam inside a list item, continued by continue (seed 52500)', () => {
      expectOnlyKnown('unseen-list-continue', run('continue', 1, 52500, true));
    });
    test('one seam inside a list item, continued by overlap (seed 118500)', () => {
      expectOnlyKnown('unseen-list-overlap', run('overlap', 1, 118500, true));
    });
    test('one seam inside a list item, continued by echo (seed 107500)', () => {
      expectOnlyKnown('unseen-list-echo-2', run('echo', 1, 107500, true));
    });
    test('one seam inside a list item, continued by echo (seed 173500)', () => {
      expectOnlyKnown('unseen-list-echo-3', run('echo', 1, 173500, true));
    });
    test('one seam, continued by restart, the last chunk cut (seed 191000)', () => {
      expectOnlyKnown('unseen-restart-2', run('restart', 1, 191000));
    });
    test('one seam inside a list item, continued by echo (seed 228500)', () => {
      expectOnlyKnown('unseen-list-echo-4', run('echo', 1, 228500, true));
    });
    test('one seam, continued by echo (seed 221000)', () => {
      expectOnlyKnown('unseen-echo-2', run('echo', 1, 221000));
    });
    test('three seams of mixed kinds (seed 140000)', () => {
      expectOnlyKnown('unseen-mixed', run(undefined, 3, 140000));
    });
    test('one seam, continued by continue (seed 258000)', () => {
      expectOnlyKnown('unseen-continue', run('continue', 1, 258000));
    });
    test('one seam inside a list item, continued by continue (seed 239500)', () => {
      expectOnlyKnown('unseen-list-continue-2', run('continue', 1, 239500, true));
    });
    test('one seam, continued by echo (seed 848000)', () => {
      expectOnlyKnown('unseen-echo-3', run('echo', 1, 848000));
    });
    test('one seam inside a list item, continued by continue, the last chunk cut (seed 1581500)', () => {
      expectOnlyKnown('unseen-list-continue-3', run('continue', 1, 1581500, true));
    });
    test('three seams of mixed kinds (seed 1592000)', () => {
      expectOnlyKnown('unseen-mixed-2', run(undefined, 3, 1592000));
    });
    // The kinds seen least before session 11: dots inside a list (a related link cut before its
    // address), and a continuation appended again (inside a figure, at a line's end, after a quote).
    test('one seam inside a list item, continued with dots (seed 650500)', () => {
      expectOnlyKnown('unseen-list-dots', run('dots', 1, 650500, true));
    });
    test('a continuation appended again inside a list item (seed 590500)', () => {
      expectOnlyKnown('unseen-list-again', run('again', 2, 590500, true));
    });
    test('a continuation appended again (seed 755000)', () => {
      expectOnlyKnown('unseen-again', run('again', 2, 755000), false);
    });
    // Session 12's sweeps: a restart after dots from inside a figure (`…3500の登場` + `...0の登場を…`),
    // and continuations appended again (`…なれば` + `なるほど、…`, the rest of a Latin word, a label's).
    test('one seam, continued with dots, some inside figures (seed 424000)', () => {
      expectOnlyKnown('unseen-dots', run('dots', 1, 424000), false);
    });
    test('a continuation appended again (seed 765000)', () => {
      expectOnlyKnown('unseen-again-2', run('again', 2, 765000), false);
    });
    test('a continuation appended again inside a list item (seed 430500)', () => {
      expectOnlyKnown('unseen-list-again-2', run('again', 2, 430500, true));
    });
    // An overlap restarting from inside a figure (`…H100/A100のよ` + `0/A100のような…`, `…100億円と` +
    // `0億円という…`): a rule against restarts inside numbers broke these (reverted the same session).
    test('one seam inside a list item, continued by overlap (seed 4650500)', () => {
      expectOnlyKnown('unseen-list-overlap', run('overlap', 1, 4650500, true));
    });
    // Session 13's sweeps: a list written again three times, its cut item made whole by the echo or
    // by a later copy (new items went before it); an item restarted after dots from a space in its
    // words (`…Physical AIの` + `... AIの最も…`).
    test('three seams of mixed kinds inside list items (seed 4452000)', () => {
      expectOnlyKnown('unseen-list-mixed', run(undefined, 3, 4452000, true));
    });
    test('three seams of mixed kinds inside list items (seed 4584000)', () => {
      expectOnlyKnown('unseen-list-mixed-2', run(undefined, 3, 4584000, true));
    });
    test('one seam inside a list item, continued with dots (seed 550000)', () => {
      expectOnlyKnown('unseen-list-dots-2', run('dots', 1, 550000, true));
    });
  });
});
