import type { DigestArticle, DigestSection } from './types.js';

export interface GroupOptions {
  /** Tags in the order their sections should come; unlisted tags follow, most articles first. */
  readonly tagOrder?: readonly string[];
  /**
   * Leave out tags carried by more than this share of the articles (default 0.8): in this blog
   * `AI`, `最新ニュース`, `技術動向` are on every post and would make one useless section.
   */
  readonly maxTagShare?: number;
  /** Heading for articles whose every tag was left out. */
  readonly otherLabel?: string;
}

/** One section per tag; each article once, under the first of its tags in section order. */
export function groupByTag(articles: readonly DigestArticle[], options: GroupOptions = {}): DigestSection[] {
  const maxShare = options.maxTagShare ?? 0.8;
  const counts = new Map<string, number>();
  for (const { post } of articles) {
    for (const tag of new Set(post.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  const useful = [...counts].filter(([, n]) => articles.length < 2 || n / articles.length <= maxShare);
  const explicit = new Map((options.tagOrder ?? []).map((t, i) => [t, i]));
  const rank = (tag: string): number => explicit.get(tag) ?? Number.POSITIVE_INFINITY;
  useful.sort(([a, na], [b, nb]) => rank(a) - rank(b) || nb - na || a.localeCompare(b, 'ja'));
  const order = new Map(useful.map(([t], i) => [t, i]));

  const buckets = new Map<string, DigestArticle[]>();
  const other: DigestArticle[] = [];
  for (const article of articles) {
    let best: string | undefined;
    for (const tag of article.post.tags) {
      const i = order.get(tag);
      if (i !== undefined && (best === undefined || i < order.get(best)!)) best = tag;
    }
    if (best === undefined) other.push(article);
    else buckets.set(best, [...(buckets.get(best) ?? []), article]);
  }
  const sections: DigestSection[] = [];
  for (const [tag] of useful) {
    const list = buckets.get(tag);
    if (list) sections.push({ tag, articles: list });
  }
  if (other.length > 0) sections.push({ tag: options.otherLabel ?? 'その他', articles: other });
  return sections;
}

/** One group per useful tag, for readers subscribed to a topic (`--per-tag`). */
export function splitByTag(
  articles: readonly DigestArticle[],
  options: Pick<GroupOptions, 'maxTagShare'> = {},
): Map<string, DigestArticle[]> {
  const maxShare = options.maxTagShare ?? 0.8;
  const byTag = new Map<string, DigestArticle[]>();
  for (const article of articles) {
    for (const tag of new Set(article.post.tags)) byTag.set(tag, [...(byTag.get(tag) ?? []), article]);
  }
  for (const [tag, list] of byTag) {
    if (articles.length >= 2 && list.length / articles.length > maxShare) byTag.delete(tag);
  }
  return new Map([...byTag].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b, 'ja')));
}
