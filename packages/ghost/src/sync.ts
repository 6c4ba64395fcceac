import { createHash } from 'node:crypto';
import type { CleanResult } from '@kiji/clean';
import { createSlugifier } from '@kiji/ja';
import type { GhostAdminClient } from './client.js';
import { GhostError } from './errors.js';
import {
  fieldsHash,
  type GhostPostInput,
  type Identity,
  KIJI_TAG,
  parseIdentity,
  postTagNames,
  toGhostPost,
  withSlug,
} from './mapping.js';
import type { SyncState } from './state.js';

/** A `#kiji` post as Ghost has it, with the identity we stored in it. */
export interface RemotePost {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly custom_excerpt: string | null;
  readonly status: string;
  readonly published_at: string | null;
  readonly updated_at: string;
  readonly url: string | undefined;
  readonly identity: Identity;
}

/** Planned (`create`…) or done (`created`…). */
export type SyncStatus =
  | 'create'
  | 'update'
  | 'skip'
  | 'unpublish'
  | 'created'
  | 'updated'
  | 'skipped'
  | 'unpublished'
  | 'conflict'
  | 'quarantine'
  | 'gone'
  | 'failed';

export interface SyncItem {
  readonly status: SyncStatus;
  /** The source file; undefined for a Ghost post whose source is gone. */
  readonly sourcePath: string | undefined;
  /** The source post id (also stored in Ghost). */
  readonly id: string;
  readonly title: string;
  readonly ghostId: string | undefined;
  readonly slug: string | undefined;
  readonly url: string | undefined;
  /** Why: quarantine reasons, the conflict, the error (never contains the key). */
  readonly message: string | undefined;
  readonly warnings: readonly string[];
}

export interface SyncReport {
  readonly items: readonly SyncItem[];
  readonly counts: Readonly<Partial<Record<SyncStatus, number>>>;
  /** HTTP attempts this run (retries included), and how many were writes. */
  readonly requests: number;
  readonly writes: number;
  readonly retries: number;
  readonly ms: number;
  /** True when any post failed or is in conflict: the CLI exits 1. */
  readonly hasProblems: boolean;
}

export interface SyncOptions {
  /** Plan only: read Ghost, write nothing. */
  readonly dryRun?: boolean;
  /** Send every post as a draft. */
  readonly draft?: boolean;
  /** Overwrite posts edited in Ghost since our last write. */
  readonly force?: boolean;
  /** Unpublish (set to draft, never delete) `#kiji` posts whose source is gone. */
  readonly prune?: boolean;
  /** Parallel writes; Ghost on SQLite serialises them anyway, so a few is plenty. Default 3. */
  readonly concurrency?: number;
  /** Jekyll author → Ghost staff slug or email. */
  readonly authors?: Readonly<Record<string, string>>;
  readonly state?: SyncState;
  /** Called as each post is decided (dry run) or done. */
  readonly onItem?: (item: SyncItem, done: number, total: number) => void;
  /** Stop starting new posts (the one in flight finishes); the report covers what was done. */
  readonly signal?: AbortSignal;
}

interface BrowseResponse<T> {
  posts?: T[];
  pages?: T[];
  tags?: T[];
  users?: T[];
  meta?: { pagination?: { pages?: number } };
}

interface RawPost {
  id: string;
  slug: string;
  title: string;
  custom_excerpt: string | null;
  status: string;
  published_at: string | null;
  updated_at: string;
  url?: string;
  codeinjection_head: string | null;
}

const REMOTE_FIELDS = 'id,slug,title,custom_excerpt,status,published_at,updated_at,url,codeinjection_head';
const PAGE = 100;
const SLUG_BATCH = 40;

/** Every page of a browse, `limit=100`, paged by `meta.pagination.pages` (Ghost caps `limit=all`). */
async function browseAll<T>(
  client: GhostAdminClient,
  resource: 'posts' | 'pages' | 'tags' | 'users',
  query: Record<string, string>,
): Promise<T[]> {
  const out: T[] = [];
  let pages = 1;
  for (let page = 1; page <= pages; page++) {
    const res = await client.request<BrowseResponse<T>>('GET', `${resource}/`, {
      query: { ...query, limit: PAGE, page },
    });
    out.push(...(res[resource] ?? []));
    pages = res.meta?.pagination?.pages ?? 1;
  }
  return out;
}

function toRemote(raw: RawPost): RemotePost | undefined {
  const identity = parseIdentity(raw.codeinjection_head);
  if (!identity) return undefined;
  return {
    id: raw.id,
    slug: raw.slug,
    title: raw.title,
    custom_excerpt: raw.custom_excerpt,
    status: raw.status,
    published_at: raw.published_at,
    updated_at: raw.updated_at,
    // Drafts browsed with `fields` come back as `/p/` without their uuid: no use to anyone.
    url: raw.url && !raw.url.endsWith('/p/') ? raw.url : undefined,
    identity,
  };
}

/** Reads every post this tool manages (tag `#kiji`) with only the fields the plan needs. */
export async function fetchRemotePosts(client: GhostAdminClient): Promise<RemotePost[]> {
  const raw = await browseAll<RawPost>(client, 'posts', {
    filter: `tag:${KIJI_TAG.slug}`,
    fields: REMOTE_FIELDS,
    order: 'created_at asc',
  });
  return raw.map(toRemote).filter((p): p is RemotePost => p !== undefined);
}

function safeSlug(slug: string): string {
  return (
    slug
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-|-$/g, '') || 'post'
  );
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Who holds each slug now, among posts and pages (slugs are unique across both). */
async function slugOwners(client: GhostAdminClient, slugs: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const unique = [...new Set(slugs)];
  for (let i = 0; i < unique.length; i += SLUG_BATCH) {
    const filter = `slug:[${unique.slice(i, i + SLUG_BATCH).join(',')}]`;
    for (const resource of ['posts', 'pages'] as const) {
      const rows = await browseAll<{ id: string; slug: string }>(client, resource, {
        filter,
        fields: 'id,slug',
      });
      for (const row of rows) owners.set(row.slug, row.id);
    }
  }
  return owners;
}

interface Planned {
  readonly result: CleanResult;
  readonly remote: RemotePost | undefined;
  input: GhostPostInput;
  status: 'create' | 'update' | 'skip' | 'conflict';
  message: string | undefined;
  readonly warnings: string[];
  readonly authorId: string | undefined;
}

function item(partial: Partial<SyncItem> & Pick<SyncItem, 'status' | 'id'>): SyncItem {
  return {
    sourcePath: undefined,
    title: '',
    ghostId: undefined,
    slug: undefined,
    url: undefined,
    message: undefined,
    warnings: [],
    ...partial,
  };
}

function editedInGhost(remote: RemotePost, state: SyncState | undefined): string | undefined {
  if (fieldsHash(remote) !== remote.identity.fields) {
    return 'its title, slug, excerpt, status or date was changed in Ghost since kiji last wrote it';
  }
  const last = state?.get(remote.id);
  if (last !== undefined && last !== remote.updated_at) {
    return `it was edited in Ghost at ${remote.updated_at}, after kiji last wrote it (${last})`;
  }
  return undefined;
}

async function pool<T>(
  items: readonly T[],
  size: number,
  signal: AbortSignal | undefined,
  run: (t: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const mine = items[next++] as T;
      await run(mine);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
}

/**
 * Brings Ghost in line with the given clean posts: one Ghost post per source id, forever.
 * Unchanged posts cost no writes; a post edited in Ghost is reported as a conflict and left alone
 * unless `force`; posts without `#kiji` are never touched; one failing post never stops the rest.
 */
export async function syncPosts(
  client: GhostAdminClient,
  results: readonly CleanResult[],
  options: SyncOptions = {},
): Promise<SyncReport> {
  const started = performance.now();
  const before = { ...client.stats };
  const items: SyncItem[] = [];
  // Grows once the posts whose source is gone are known.
  let total = results.length;
  const emit = (done: SyncItem) => {
    items.push(done);
    options.onItem?.(done, items.length, total);
  };

  const remotes = await fetchRemotePosts(client);
  const bySource = new Map<string, RemotePost>();
  const duplicates: RemotePost[] = [];
  for (const remote of remotes) {
    if (bySource.has(remote.identity.source)) duplicates.push(remote);
    else bySource.set(remote.identity.source, remote);
  }

  const publishable = results.filter((r) => r.verdict.status === 'publish');
  const names = new Set(publishable.flatMap((r) => postTagNames(r.post)));
  // Romaji slugs are enough to decide what changed; Ghost's existing tags are read only if we write.
  const romajiSlug = await tagSlugs(client, names, false);
  const authorIds = await resolveAuthors(client, publishable, options.authors ?? {});

  const seen = new Set<string>();
  const planned: Planned[] = [];
  for (const result of results) {
    const { post } = result;
    const base = { sourcePath: post.sourcePath, id: post.id, title: post.title };
    if (result.verdict.status === 'quarantine') {
      emit(
        item({
          ...base,
          status: 'quarantine',
          message: result.verdict.reasons.map((r) => r.message).join('; '),
        }),
      );
      continue;
    }
    if (seen.has(post.id)) {
      emit(
        item({
          ...base,
          status: 'failed',
          message: `@kiji/ghost: two source files have the id "${post.id}"; rename one (the id is the file name).`,
        }),
      );
      continue;
    }
    seen.add(post.id);
    const warnings: string[] = [];
    const author = post.author === undefined ? undefined : authorIds.get(post.author);
    if (post.author !== undefined && author === undefined) {
      warnings.push(
        `author "${post.author}" is not a Ghost staff user: Ghost will credit its default author. Map it in kiji.config.json "authors".`,
      );
    }
    const remote = bySource.get(post.id);
    const input = toGhostPost(
      post,
      { draft: options.draft ?? false, tagSlug: romajiSlug, authorId: author },
      safeSlug(post.slug),
    );
    const remoteHash = remote?.identity.hash;
    let status: Planned['status'] = 'create';
    let message: string | undefined;
    if (remote) {
      const edited = editedInGhost(remote, options.state);
      const ours = parseIdentity(input.codeinjection_head);
      if (remoteHash === ours?.hash && !(edited && options.force)) status = 'skip';
      else if (edited && !options.force) {
        status = 'conflict';
        message = `not updated: ${edited}. Use --force to overwrite it.`;
      } else status = 'update';
    }
    planned.push({ result, remote, input, status, message, warnings, authorId: author });
  }

  const writing = planned.filter((p) => p.status === 'create' || p.status === 'update');
  if (writing.length > 0 && !options.dryRun) {
    const tagSlug = await tagSlugs(client, names, true);
    for (const p of writing) {
      p.input = toGhostPost(
        p.result.post,
        { draft: options.draft ?? false, tagSlug, authorId: p.authorId },
        safeSlug(p.result.post.slug),
      );
    }
  }
  await assignSlugs(client, planned);

  const gone = [...bySource.values()].filter((r) => !seen.has(r.identity.source));
  total += gone.length + duplicates.length;
  const toWrite = planned.filter((p) => p.status === 'create' || p.status === 'update');
  const pruneTargets = options.prune ? gone.filter((r) => r.status !== 'draft') : [];
  const doneItem = (p: Planned, status: SyncStatus, extra: Partial<SyncItem> = {}) =>
    item({
      status,
      sourcePath: p.result.post.sourcePath,
      id: p.result.post.id,
      title: p.result.post.title,
      ghostId: p.remote?.id,
      slug: p.remote?.slug ?? p.input.slug,
      url: p.remote?.url,
      message: p.message,
      warnings: p.warnings,
      ...extra,
    });

  for (const p of planned) {
    // Without a record of our last write (state lost), the current version becomes the baseline.
    if (p.status === 'skip' && p.remote && !options.dryRun && options.state?.get(p.remote.id) === undefined) {
      options.state?.set(p.remote.id, p.remote.updated_at);
    }
    if (p.status === 'skip') emit(doneItem(p, options.dryRun ? 'skip' : 'skipped'));
    else if (p.status === 'conflict') emit(doneItem(p, 'conflict'));
    else if (options.dryRun) emit(doneItem(p, p.status, { slug: p.input.slug }));
  }
  const goneItem = (r: RemotePost, status: SyncStatus, message: string) =>
    item({ status, id: r.identity.source, title: r.title, ghostId: r.id, slug: r.slug, url: r.url, message });
  for (const r of duplicates) {
    // Only a problem for this run when it concerns a source being synced now.
    emit(
      goneItem(
        r,
        seen.has(r.identity.source) ? 'conflict' : 'gone',
        `a second Ghost post claims source "${r.identity.source}"; left untouched, delete one of them in Ghost.`,
      ),
    );
  }
  for (const r of gone) {
    const pruning = options.prune && r.status !== 'draft';
    if (!pruning || options.dryRun) {
      emit(
        goneItem(
          r,
          pruning ? 'unpublish' : 'gone',
          pruning ? 'source is gone: will be set to draft' : 'source is gone (use --prune to unpublish it)',
        ),
      );
    }
  }

  if (!options.dryRun) {
    await pool(toWrite, options.concurrency ?? 3, options.signal, async (p) => {
      try {
        const written =
          p.status === 'create' ? await create(client, p) : await update(client, p, options.force);
        if (written === 'conflict') {
          emit(doneItem(p, 'conflict'));
          return;
        }
        options.state?.set(written.id, written.updated_at);
        if (written.slug !== p.input.slug) {
          p.warnings.push(`Ghost stored the slug "${written.slug}" instead of "${p.input.slug}".`);
        }
        emit(
          doneItem(p, p.status === 'create' ? 'created' : 'updated', {
            ghostId: written.id,
            slug: written.slug,
            url: written.url,
          }),
        );
      } catch (error) {
        emit(doneItem(p, 'failed', { message: describe(error) }));
      }
    });
    await pool(pruneTargets, options.concurrency ?? 3, options.signal, async (r) => {
      try {
        const res = await client.request<BrowseResponse<RawPost>>('PUT', `posts/${r.id}/`, {
          body: { posts: [{ status: 'draft', updated_at: r.updated_at }] },
        });
        const written = res.posts?.[0];
        if (written) options.state?.set(written.id, written.updated_at);
        emit(goneItem(r, 'unpublished', 'source is gone: set to draft'));
      } catch (error) {
        emit(
          goneItem(
            r,
            error instanceof GhostError && error.code === 'conflict' ? 'conflict' : 'failed',
            describe(error),
          ),
        );
      }
    });
    await options.state?.save();
  }

  const counts: Partial<Record<SyncStatus, number>> = {};
  for (const i of items) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return {
    items,
    counts,
    requests: client.stats.requests - before.requests,
    writes: client.stats.writes - before.writes,
    retries: client.stats.retries - before.retries,
    ms: performance.now() - started,
    hasProblems: items.some((i) => i.status === 'failed' || i.status === 'conflict'),
  };
}

function describe(error: unknown): string {
  if (error instanceof GhostError) return `${error.message} (${error.hint})`;
  return error instanceof Error ? error.message : String(error);
}

/** Existing Ghost tags keep their slug (matched by name); new ones get a romaji slug. */
async function tagSlugs(
  client: GhostAdminClient,
  names: ReadonlySet<string>,
  readExisting: boolean,
): Promise<(name: string) => string> {
  const existing = new Map<string, string>();
  if (readExisting && names.size > 0) {
    for (const tag of await browseAll<{ name: string; slug: string }>(client, 'tags', {
      fields: 'name,slug',
    })) {
      existing.set(tag.name.toLowerCase(), tag.slug);
    }
  }
  const slugify = await createSlugifier({ maxLength: 80 });
  const cache = new Map<string, string>();
  return (name) => {
    const key = name.toLowerCase();
    let slug = existing.get(key) ?? cache.get(key);
    if (slug === undefined) {
      slug = safeSlug(slugify(name));
      if (slug === 'post') slug = `tag-${shortHash(name)}`;
      cache.set(key, slug);
    }
    return slug;
  };
}

async function resolveAuthors(
  client: GhostAdminClient,
  results: readonly CleanResult[],
  map: Readonly<Record<string, string>>,
): Promise<Map<string, string>> {
  const wanted = new Set(results.map((r) => r.post.author).filter((a): a is string => a !== undefined));
  const ids = new Map<string, string>();
  if (wanted.size === 0) return ids;
  const users = await browseAll<{ id: string; slug: string; email?: string; name: string }>(client, 'users', {
    fields: 'id,slug,email,name',
  });
  for (const name of wanted) {
    const target = (map[name] ?? name).toLowerCase();
    const user = users.find(
      (u) =>
        u.slug.toLowerCase() === target ||
        u.email?.toLowerCase() === target ||
        u.name.toLowerCase() === target,
    );
    if (user) ids.set(name, user.id);
  }
  return ids;
}

/**
 * Ghost turns a taken slug into `-2` silently; we pick the distinct slug ourselves and say so.
 * A slug may be held by a post that is not ours, a page, or another of our own posts in this run.
 */
async function assignSlugs(client: GhostAdminClient, planned: Planned[]): Promise<void> {
  const moving = planned.filter(
    (p) => p.status === 'create' || (p.status === 'update' && p.remote && p.remote.slug !== p.input.slug),
  );
  if (moving.length === 0) return;
  const owners = await slugOwners(
    client,
    moving.map((p) => p.input.slug),
  );
  const candidates = (slug: string) => [slug, ...Array.from({ length: 8 }, (_, i) => `${slug}-${i + 2}`)];
  const contested = moving.filter(
    (p) => owners.has(p.input.slug) && owners.get(p.input.slug) !== p.remote?.id,
  );
  if (contested.length > 0) {
    const more = await slugOwners(
      client,
      contested.flatMap((p) => candidates(p.input.slug).slice(1)),
    );
    for (const [slug, id] of more) owners.set(slug, id);
  }
  const claimed = new Map<string, Planned>();
  for (const p of moving) {
    const wanted = p.input.slug;
    const free = candidates(wanted).find((s) => {
      const owner = owners.get(s);
      return (owner === undefined || owner === p.remote?.id) && !claimed.has(s);
    });
    if (free === undefined) {
      // Nine variants taken: fall back to one derived from the source id, unique in practice.
      const fallback = `${wanted}-${shortHash(p.result.post.id)}`;
      claimed.set(fallback, p);
      p.input = withSlug(p.input, fallback);
    } else {
      claimed.set(free, p);
      if (free !== wanted) p.input = withSlug(p.input, free);
    }
    if (p.input.slug !== wanted && p.input.slug !== p.remote?.slug) {
      const holder = owners.get(wanted);
      p.warnings.push(
        `slug "${wanted}" is taken by ${holder ? `another Ghost post (${holder})` : 'another post in this run'}; using "${p.input.slug}".`,
      );
    }
  }
}

interface Written {
  id: string;
  slug: string;
  updated_at: string;
  url: string | undefined;
}

function written(raw: RawPost | undefined, what: string): Written {
  if (!raw) {
    throw new GhostError('unexpected-response', `${what}: Ghost answered without the post`, {
      hint: 'Check the Ghost version (6.x expected).',
    });
  }
  return { id: raw.id, slug: raw.slug, updated_at: raw.updated_at, url: raw.url };
}

async function create(client: GhostAdminClient, p: Planned): Promise<Written> {
  const res = await client.request<BrowseResponse<RawPost>>('POST', 'posts/', {
    query: { source: 'html' },
    body: { posts: [p.input] },
    // The create may have landed before the connection broke: look for it before sending again.
    recover: async () => {
      const rows = await browseAll<RawPost>(client, 'posts', {
        filter: `slug:${p.input.slug}`,
        fields: REMOTE_FIELDS,
      });
      const mine = rows.find((r) => parseIdentity(r.codeinjection_head)?.source === p.result.post.id);
      return mine ? { posts: [mine] } : undefined;
    },
  });
  return written(res.posts?.[0], `create ${p.result.post.sourcePath}`);
}

async function update(
  client: GhostAdminClient,
  p: Planned,
  force: boolean | undefined,
): Promise<Written | 'conflict'> {
  const remote = p.remote!;
  const hash = parseIdentity(p.input.codeinjection_head)?.hash;
  const send = (updatedAt: string) =>
    client.request<BrowseResponse<RawPost>>('PUT', `posts/${remote.id}/`, {
      query: { source: 'html' },
      body: { posts: [{ ...p.input, updated_at: updatedAt }] },
      // An edit that landed before the connection broke would now collide with itself.
      recover: async () => {
        const res = await client.request<BrowseResponse<RawPost>>('GET', `posts/${remote.id}/`, {
          query: { fields: REMOTE_FIELDS },
        });
        const now = res.posts?.[0];
        return now && parseIdentity(now.codeinjection_head)?.hash === hash ? res : undefined;
      },
    });
  try {
    const res = await send(remote.updated_at);
    return written(res.posts?.[0], `update ${p.result.post.sourcePath}`);
  } catch (error) {
    if (!(error instanceof GhostError) || error.code !== 'conflict') throw error;
    if (!force) {
      p.message = `not updated: someone saved it in Ghost while kiji was syncing (${error.ghostType ?? '409'}). Re-run, or use --force.`;
      return 'conflict';
    }
    const fresh = await client.request<BrowseResponse<RawPost>>('GET', `posts/${remote.id}/`, {
      query: { fields: 'id,updated_at' },
    });
    const res = await send(written(fresh.posts?.[0], 'reload').updated_at);
    return written(res.posts?.[0], `update ${p.result.post.sourcePath}`);
  }
}
