import { DigestError } from './errors.js';
import type { DigestArticle, DigestCandidate, DigestWindow, SelectionWarning } from './types.js';

export const DEFAULT_CATEGORIES: readonly string[] = ['投資分析'];
/**
 * Old category names counted as the new one. The blog filed its analysis articles under 業界分析
 * until late October 2025 and under 投資分析 after (the corpus has no 業界分析 post later than
 * 2025-10, and no 投資分析 post between 2025-09-16 and 2025-10-27): same articles, renamed.
 */
export const DEFAULT_CATEGORY_ALIASES: Readonly<Record<string, string>> = { 業界分析: '投資分析' };
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface SelectOptions {
  readonly window: DigestWindow;
  readonly siteUrl: string;
  /** Categories a post must carry one of (default `投資分析`). */
  readonly categories?: readonly string[];
  /** Old name → current name (default `{ 業界分析: '投資分析' }`); pass `{}` to match names exactly. */
  readonly categoryAliases?: Readonly<Record<string, string>>;
  /**
   * Live URLs by slug, as looked up in Ghost. When given, posts missing from it are left out with
   * a warning (not live yet); without it, links are `siteUrl/slug/`.
   */
  readonly ghostUrls?: ReadonlyMap<string, string>;
}

export interface Selection {
  /** Newest first; ties broken by id so the order is stable. */
  readonly articles: readonly DigestArticle[];
  readonly warnings: readonly SelectionWarning[];
}

/** The window after the last successful digest ended, up to now; a week back on the first run. */
export function digestWindow(lastEndMs: number | undefined, nowMs: number): DigestWindow {
  return { sinceMs: lastEndMs ?? nowMs - WEEK_MS, untilMs: nowMs };
}

/** Publishable posts in the categories and window, each with the URL readers will open. */
export function selectArticles(candidates: Iterable<DigestCandidate>, options: SelectOptions): Selection {
  const base = parseSiteUrl(options.siteUrl);
  const categories = new Set(options.categories ?? DEFAULT_CATEGORIES);
  const aliases = options.categoryAliases ?? DEFAULT_CATEGORY_ALIASES;
  const inCategory = (c: string) => categories.has(c) || categories.has(aliases[c] ?? c);
  const { sinceMs, untilMs } = options.window;
  const articles: DigestArticle[] = [];
  const warnings: SelectionWarning[] = [];
  for (const { post, verdict } of candidates) {
    // Quarantined posts are never published, so a digest must never link to them.
    if (verdict.status !== 'publish') continue;
    if (!(post.date.epochMs > sinceMs && post.date.epochMs <= untilMs)) continue;
    if (!post.categories.some(inCategory)) continue;
    let url: string;
    if (options.ghostUrls) {
      const live = options.ghostUrls.get(post.slug);
      if (live === undefined) {
        warnings.push({
          code: 'not-in-ghost',
          postId: post.id,
          message: `post "${post.id}" (slug ${post.slug}) is not live in Ghost yet; left out of the digest`,
        });
        continue;
      }
      url = new URL(live, base).href;
    } else {
      url = new URL(`${encodeURIComponent(post.slug)}/`, base).href;
    }
    articles.push({ post, url });
  }
  articles.sort((a, b) => b.post.date.epochMs - a.post.date.epochMs || a.post.id.localeCompare(b.post.id));
  return { articles, warnings };
}

export function parseSiteUrl(siteUrl: string): URL {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch (cause) {
    throw new DigestError('invalid-option', `site URL "${siteUrl}" is not a URL`, {
      hint: 'Pass an absolute http(s) URL such as https://example.com.',
      cause,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DigestError('invalid-option', `site URL "${siteUrl}" is not http(s)`, {
      hint: 'Pass an absolute http(s) URL such as https://example.com.',
    });
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
