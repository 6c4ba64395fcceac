/**
 * The part of a cleaned post (`CleanPost` from @kiji/clean) a digest needs. Declared here
 * structurally so the digest can be built from anything shaped like a clean post.
 */
export interface DigestPost {
  readonly id: string;
  readonly title: string;
  readonly slug: string;
  readonly date: { readonly iso: string; readonly epochMs: number };
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  readonly excerpt: string;
  /** From @kiji/ja `readingMinutes` (Ghost's own estimate is wrong for Japanese). */
  readonly readingMinutes: number;
}

/** A post with the cleaner's verdict (a `CleanResult` from @kiji/clean fits). */
export interface DigestCandidate {
  readonly post: DigestPost;
  readonly verdict: { readonly status: 'publish' | 'quarantine' };
}

/** Half-open interval `(sinceMs, untilMs]`: after the end of the last digest, up to now. */
export interface DigestWindow {
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** A post chosen for the digest, with the URL readers will open. */
export interface DigestArticle {
  readonly post: DigestPost;
  readonly url: string;
}

export interface DigestSection {
  readonly tag: string;
  readonly articles: readonly DigestArticle[];
}

export interface SelectionWarning {
  readonly code: 'not-in-ghost';
  readonly postId: string;
  readonly message: string;
}

/** What one digest email says, before rendering. */
export interface DigestContent {
  /** Subject line and heading. */
  readonly title: string;
  readonly siteTitle: string;
  readonly siteUrl: string;
  readonly window: DigestWindow;
  readonly sections: readonly DigestSection[];
  /** Where the whole digest can be read (the "N more" link points here unless `moreUrl` is given). */
  readonly webVersionUrl: string;
  /** Target of the "N more" link when articles are left out for size (e.g. a tag page). */
  readonly moreUrl?: string | undefined;
}

export interface Recipient {
  readonly name?: string | undefined;
  /** The member's own unsubscribe URL (Ghost's `unsubscribe_url`). */
  readonly unsubscribeUrl: string;
}

export interface PersonalisedMessage {
  readonly html: string;
  readonly text: string;
}

export interface RenderedDigest {
  readonly subject: string;
  /** Minified HTML with personal fields still as placeholder tokens. */
  readonly html: string;
  readonly text: string;
  /** The MJML as rendered by Handlebars, for inspection (MJML error lines refer to it). */
  readonly mjml: string;
  /** UTF-8 size of `html` with the longest personal fields allowed filled in. */
  readonly bytes: number;
  /** Articles in the email, and those left out for size (behind the "N more" link). */
  readonly shown: number;
  readonly omitted: number;
  /** Fills the personal fields (HTML-escaped in the HTML part). Cheap: no MJML, no Handlebars. */
  personalise(recipient: Recipient): PersonalisedMessage;
}
