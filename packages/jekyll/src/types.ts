/**
 * When a post was written: the instant, and the UTC offset the author wrote it with, so that
 * `2025-10-05 13:34:57 +0900` can be shown back as written and sent to Ghost as
 * `2025-10-05T13:34:57+09:00`.
 */
export interface PostDate {
  /** ISO 8601 with the original offset, e.g. `2025-10-05T13:34:57+09:00` (`Z` never used). */
  readonly iso: string;
  /** Milliseconds since the epoch, for sorting and windows. */
  readonly epochMs: number;
  /** The original offset as `+09:00`; `+00:00` when the source gave none. */
  readonly offset: string;
  /** Where the date came from: the `date` key, or only the `YYYY-MM-DD-` file name prefix. */
  readonly source: 'front-matter' | 'file-name';
}

/** One Jekyll post as written, front matter decoded, body untouched. */
export interface SourcePost {
  /** Stable id from the file name (`2025-10-05-2-msnebius194ai`, `d3448eb173be9d92`). */
  readonly id: string;
  /** The path the post was read from, as given to the reader. */
  readonly sourcePath: string;
  readonly title: string;
  readonly date: PostDate;
  /** In the order written; Jekyll's space-separated strings are split. */
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  readonly author: string | undefined;
  readonly excerpt: string | undefined;
  /** `reading_time` as written in front matter (the pipeline hard-codes 8); not trusted downstream. */
  readonly readingTime: number | undefined;
  /** `published: false`, or the file lives under `_drafts/`. */
  readonly draft: boolean;
  /** Every other front-matter key, kept as parsed (`layout`, `description`, `image`, …). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** Markdown after the closing `---`, line endings normalised to `\n`, BOM removed. */
  readonly body: string;
  /** 1-based line of the file on which `body` starts, so later stages can point at lines. */
  readonly bodyLine: number;
}

export type ParseWarningCode =
  | 'duplicate-key'
  | 'date-from-file-name'
  | 'date-mismatch'
  /** The `date` had no UTC offset (or only a day): read as UTC, which may be hours off. */
  | 'date-without-offset'
  | 'missing-title'
  | 'unknown-type';

/** Something Jekyll would accept but a person may want to know about. */
export interface ParseWarning {
  readonly code: ParseWarningCode;
  readonly message: string;
  /** 1-based line in the file, when known. */
  readonly line: number | undefined;
}

export type PostParseErrorCode =
  | 'no-front-matter'
  | 'invalid-yaml'
  | 'invalid-front-matter'
  | 'no-date'
  | 'invalid-utf8'
  | 'conflict-markers'
  | 'read-failed';
