import type { PostDate } from '@kiji/jekyll';

/** One post after repair: what gets published. */
export interface CleanPost {
  readonly id: string;
  readonly sourcePath: string;
  /** Clean plain text: no markup, no U+FFFD, never the `〜の可能性とは？` cut form. */
  readonly title: string;
  /** Hepburn romaji, from `@kiji/ja` `slugify(title)`. */
  readonly slug: string;
  readonly date: PostDate;
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  readonly author: string | undefined;
  /** Plain text, ≤ 140 characters, cut at a sentence boundary. */
  readonly excerpt: string;
  /** The repaired Markdown body. */
  readonly markdown: string;
  /** Rendered with markdown-it (raw HTML escaped) and sanitised. */
  readonly html: string;
  /** Plain text of the body. */
  readonly text: string;
  readonly readingMinutes: number;
  readonly draft: boolean;
  readonly extra: Readonly<Record<string, unknown>>;
  /** sha256 hex over what gets published: title, slug, date, categories, tags, author, excerpt, html. */
  readonly contentHash: string;
}

/** One repair, for a person to review: `detail` quotes what was removed or joined. */
export interface Fix {
  readonly kind: string;
  readonly detail: string;
  /** 1-based line in the source file, when known. */
  readonly line?: number;
}

export type QuarantineCode = 'refusal' | 'too-short' | 'conflict-markers' | 'untitled' | 'junk';

export interface QuarantineReason {
  readonly code: QuarantineCode;
  readonly message: string;
}

export type Verdict =
  | { readonly status: 'publish'; readonly reasons: readonly [] }
  | { readonly status: 'quarantine'; readonly reasons: readonly QuarantineReason[] };

export interface CleanResult {
  readonly post: CleanPost;
  readonly fixes: readonly Fix[];
  readonly verdict: Verdict;
}

export interface CleanOptions {
  /** Bodies with less plain text than this after cleaning are quarantined (`too-short`). Default 400. */
  readonly minTextLength?: number;
  /** Excerpt length cap in characters. Default 140. */
  readonly excerptMax?: number;
  /** Slug length cap, passed to `@kiji/ja`. Default 80. */
  readonly slugMaxLength?: number;
}
