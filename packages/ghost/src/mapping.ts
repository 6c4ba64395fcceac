import { createHash } from 'node:crypto';
import type { CleanPost } from '@kiji/clean';

/** The internal tag that marks posts this tool manages; posts without it are never touched. */
export const KIJI_TAG = { name: '#kiji', slug: 'hash-kiji' } as const;

/** Bumped when the mapping changes what a post looks like in Ghost, so every post is re-sent once. */
const MAPPING_VERSION = '1';

const GHOST_LIMITS = { title: 255, slug: 191, excerpt: 300, metaDescription: 500, tag: 191 } as const;

export interface GhostTagInput {
  readonly name: string;
  readonly slug: string;
}

/** The post body sent to `POST/PUT /posts/?source=html`. */
export interface GhostPostInput {
  readonly title: string;
  readonly slug: string;
  readonly html: string;
  readonly custom_excerpt: string;
  readonly meta_description: string;
  readonly published_at: string;
  readonly status: 'published' | 'draft';
  readonly tags: readonly GhostTagInput[];
  readonly authors?: readonly { readonly id: string }[];
  readonly codeinjection_head: string;
}

/** What we keep inside Ghost (in `codeinjection_head`) so identity survives losing all local state. */
export interface Identity {
  /** The source post id (file name stem). */
  readonly source: string;
  /** Hash of everything we send: unchanged ⇒ zero writes. */
  readonly hash: string;
  /** Hash of the fields Ghost stores verbatim (title, slug, excerpt, status, date): differs ⇒ edited in Ghost. */
  readonly fields: string;
}

export interface MapOptions {
  /** Publish everything as drafts. Jekyll drafts are drafts either way. */
  readonly draft?: boolean;
  /** Tag name → slug (our romaji slug, or the slug of a tag that already exists in Ghost). */
  readonly tagSlug: (name: string) => string;
  /** Ghost staff user id for the post's author, when one was resolved. */
  readonly authorId?: string | undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Cuts by code points, so a surrogate pair is never split. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeAttr(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Categories first, so the first category becomes Ghost's primary tag; duplicates dropped, `#kiji` last. */
export function postTagNames(post: Pick<CleanPost, 'categories' | 'tags'>): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const raw of [...post.categories, ...post.tags]) {
    // A leading '#' would turn a public tag into a Ghost internal one.
    const name = cut(raw.replace(/^#+/, '').trim(), GHOST_LIMITS.tag);
    const key = name.toLowerCase();
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  return names;
}

/** The value Ghost keeps for the fields it stores as sent; compared on the next run. */
export function fieldsHash(fields: {
  title: string;
  slug: string;
  custom_excerpt: string | null;
  status: string;
  published_at: string | null;
}): string {
  const when = fields.published_at === null ? null : Date.parse(fields.published_at);
  return sha256(
    JSON.stringify([fields.title, fields.slug, fields.custom_excerpt ?? '', fields.status, when]),
  ).slice(0, 32);
}

export function renderIdentity(identity: Identity): string {
  return [
    `<meta name="kiji:source" content="${escapeAttr(identity.source)}">`,
    `<meta name="kiji:hash" content="${identity.hash}">`,
    `<meta name="kiji:fields" content="${identity.fields}">`,
  ].join('\n');
}

/** Reads our meta tags back from `codeinjection_head`; `undefined` when the post carries none. */
export function parseIdentity(head: string | null | undefined): Identity | undefined {
  if (!head) return undefined;
  const read = (name: string) =>
    new RegExp(`<meta name="kiji:${name}" content="([^"]*)">`).exec(head)?.[1] ?? undefined;
  const source = read('source');
  if (source === undefined) return undefined;
  return { source: unescapeAttr(source), hash: read('hash') ?? '', fields: read('fields') ?? '' };
}

/**
 * Maps a clean post to the Ghost post we send. Pure. `slug` may be overridden by the caller when
 * the post's own slug is taken by a post that is not ours.
 */
export function toGhostPost(post: CleanPost, options: MapOptions, slug: string = post.slug): GhostPostInput {
  const tags = postTagNames(post).map((name) => ({ name, slug: options.tagSlug(name) }));
  const base = {
    title: cut(post.title, GHOST_LIMITS.title),
    slug: cut(slug, GHOST_LIMITS.slug).replace(/-+$/, ''),
    html: post.html,
    custom_excerpt: cut(post.excerpt, GHOST_LIMITS.excerpt),
    meta_description: cut(post.excerpt, GHOST_LIMITS.metaDescription),
    // PostDate.iso already carries a colon offset (`+09:00`); Ghost rejects `+0900`.
    published_at: post.date.iso,
    status: (options.draft || post.draft ? 'draft' : 'published') as 'draft' | 'published',
    tags: [...tags, { name: KIJI_TAG.name, slug: KIJI_TAG.slug }],
    ...(options.authorId ? { authors: [{ id: options.authorId }] } : {}),
  };
  // Tag slugs are left out (Ghost's existing tags decide them, and reading every tag just to
  // compare would make a no-op run cost more than N/100 requests); names are what we publish.
  const tagNames = base.tags.map((t) => t.name);
  // The slug is left out: contentHash covers the slug we want, and the slug we end up with may carry
  // a `-2` when another post holds ours, which must not look like a change on every run.
  const hash = sha256(
    JSON.stringify([MAPPING_VERSION, post.contentHash, base.status, tagNames, options.authorId ?? null]),
  );
  const identity: Identity = { source: post.id, hash, fields: fieldsHash(base) };
  return { ...base, codeinjection_head: renderIdentity(identity) };
}

/** The same post under another slug (ours was taken), its stored identity updated to match. */
export function withSlug(input: GhostPostInput, slug: string): GhostPostInput {
  const identity = parseIdentity(input.codeinjection_head);
  const moved = { ...input, slug };
  if (!identity) return moved;
  return { ...moved, codeinjection_head: renderIdentity({ ...identity, fields: fieldsHash(moved) }) };
}
