import { GhostAdminClient, GhostError, validateConfig } from '@kiji/ghost';
import { DigestAppError } from './errors.js';

export interface Member {
  readonly email: string;
  readonly name?: string | undefined;
  /** Ghost's own per-member link; it also accepts the one-click POST (RFC 8058). */
  readonly unsubscribeUrl: string;
}

/** What the digest needs from Ghost. */
export interface GhostReader {
  /** Live URLs of the posts with these slugs (Content API, paged). */
  postUrls(slugs: readonly string[]): Promise<Map<string, string>>;
  /** Subscribed members of a newsletter (by slug) or with a label (Admin API, paged). */
  members(filter: { newsletter?: string | undefined; label?: string | undefined }): AsyncIterable<Member>;
}

export interface GhostReaderOptions {
  readonly url: string;
  readonly contentKey?: string | undefined;
  /** `id:secret` from a Ghost custom integration. */
  readonly adminKey?: string | undefined;
  readonly fetch?: typeof fetch;
}

const PAGE = 100;
const SLUGS_PER_QUERY = 40;
const CONTENT_ATTEMPTS = 4;
const CONTENT_TIMEOUT_MS = 30_000;

/** Wait before attempt `attempt + 1`: Ghost's Retry-After (seconds, at most 10 s), else 0.25 s doubling. */
function backoff(attempt: number, retryAfter: string | null | undefined): number {
  const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 10) * 1000;
  return 250 * 2 ** (attempt - 1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Page = Record<string, unknown>;

export function createGhostReader(options: GhostReaderOptions): GhostReader {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  let client: GhostAdminClient | undefined;

  // The Content API stays on plain fetch: GhostAdminClient only speaks the Admin API (its paths
  // live under /ghost/api/admin/ and it signs every request with the admin key). Reads are
  // idempotent, so a lost connection, a 429 or a 5xx is tried again, as the admin client does.
  async function contentGet(path: string, query: URLSearchParams): Promise<Page> {
    if (!options.contentKey) throw missing('GHOST_CONTENT_KEY');
    query.set('key', options.contentKey);
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(`${base}${path}?${query}`, {
          headers: { 'Accept-Version': 'v6.0', Accept: 'application/json' },
          signal: AbortSignal.timeout(CONTENT_TIMEOUT_MS),
        });
      } catch (cause) {
        if (attempt < CONTENT_ATTEMPTS) {
          await sleep(backoff(attempt, undefined));
          continue;
        }
        throw new DigestAppError('ghost', `cannot reach Ghost at ${base} (tried ${attempt} times)`, {
          hint: 'Check GHOST_URL and that Ghost is running.',
          cause,
        });
      }
      if (response.ok) return (await response.json()) as Page;
      // The query holds the content key: name only the path.
      const body = await response.text().catch(() => '');
      const transient = response.status === 429 || response.status >= 500;
      if (transient && attempt < CONTENT_ATTEMPTS) {
        await sleep(backoff(attempt, response.headers.get('retry-after')));
        continue;
      }
      throw new DigestAppError('ghost', `Ghost answered ${response.status} for ${path}`, {
        hint:
          response.status === 401 || response.status === 403
            ? 'Check the Ghost API keys.'
            : `Ghost said: ${body.slice(0, 200)}`,
      });
    }
  }

  function adminClient(): GhostAdminClient {
    if (client) return client;
    if (!options.adminKey) throw missing('GHOST_ADMIN_KEY');
    let config: ReturnType<typeof validateConfig>;
    try {
      config = validateConfig({ url: base, adminKey: options.adminKey });
    } catch (error) {
      // validateConfig never echoes the key, so its message is safe to show.
      throw new DigestAppError('config', `GHOST_URL or GHOST_ADMIN_KEY is not usable: ${reason(error)}`, {
        hint: 'Set GHOST_URL to the site root and GHOST_ADMIN_KEY to the Admin API key (id:secret) of a Ghost custom integration.',
        cause: error,
      });
    }
    client = new GhostAdminClient(config, options.fetch ? { fetch: options.fetch } : {});
    return client;
  }

  async function adminGet(path: string, query: Record<string, string>): Promise<Page> {
    try {
      return await adminClient().request<Page>('GET', path, { query });
    } catch (error) {
      if (error instanceof GhostError) throw fromGhostError(error, base);
      throw error;
    }
  }

  async function* paged(
    path: string,
    params: Record<string, string>,
    key: string,
    get: (query: Record<string, string>) => Promise<Page>,
  ) {
    for (let page = 1; ; page++) {
      const body = await get({ ...params, limit: String(PAGE), page: String(page) });
      const items = body[key];
      if (!Array.isArray(items)) {
        throw new DigestAppError('ghost', `unexpected answer from Ghost for ${path}`, {
          hint: 'Check that GHOST_URL points at a Ghost 5 or 6 site.',
        });
      }
      yield* items as Page[];
      const pages = (body.meta as { pagination?: { pages?: number } } | undefined)?.pagination?.pages ?? 1;
      if (page >= pages) return;
    }
  }

  return {
    async postUrls(slugs) {
      const urls = new Map<string, string>();
      const path = '/ghost/api/content/posts/';
      for (let i = 0; i < slugs.length; i += SLUGS_PER_QUERY) {
        const batch = slugs.slice(i, i + SLUGS_PER_QUERY);
        const filter = `slug:[${batch.map((s) => s.replace(/[^a-z0-9-]/gi, '')).join(',')}]`;
        for await (const post of paged(path, { filter, fields: 'slug,url' }, 'posts', (q) =>
          contentGet(path, new URLSearchParams(q)),
        )) {
          if (typeof post.slug === 'string' && typeof post.url === 'string') urls.set(post.slug, post.url);
        }
      }
      return urls;
    },
    async *members(filter) {
      const parts = ['subscribed:true'];
      if (filter.newsletter) parts.push(`newsletters.slug:${filter.newsletter}`);
      if (filter.label) parts.push(`label:${filter.label}`);
      for await (const m of paged('/ghost/api/admin/members/', { filter: parts.join('+') }, 'members', (q) =>
        adminGet('members/', q),
      )) {
        if (typeof m.email !== 'string') continue;
        if (typeof m.unsubscribe_url !== 'string') {
          throw new DigestAppError('ghost', 'Ghost returned a member without unsubscribe_url', {
            hint: 'Use Ghost 5.x or later; every message must carry a working unsubscribe link.',
          });
        }
        yield {
          email: m.email,
          name: typeof m.name === 'string' && m.name !== '' ? m.name : undefined,
          unsubscribeUrl: m.unsubscribe_url,
        };
      }
    },
  };
}

/**
 * @kiji/ghost has already retried what was worth retrying; what is left is the digest's exit 5.
 * GhostError messages carry neither the key nor the query string, so they can be shown as they are.
 */
function fromGhostError(error: GhostError, base: string): DigestAppError {
  const detail = error.message.replace(/^@kiji\/ghost: /, '');
  switch (error.code) {
    case 'auth':
      return new DigestAppError('ghost', `Ghost refused the Admin API key: ${detail}`, {
        hint: 'Check GHOST_ADMIN_KEY: it must be the Admin API key of a custom integration on this site.',
        cause: error,
      });
    case 'network':
    case 'timeout':
      return new DigestAppError('ghost', `cannot reach Ghost at ${base}: ${detail}`, {
        hint: 'Check GHOST_URL and that Ghost is running.',
        cause: error,
      });
    case 'http':
      return new DigestAppError('ghost', detail, {
        hint: 'Ghost kept failing after retries; check its logs and run kiji-digest again (sent mail is not sent twice).',
        cause: error,
      });
    default:
      return new DigestAppError('ghost', detail, { hint: error.hint, cause: error });
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message.replace(/^@kiji\/ghost: /, '') : String(error);
}

function missing(name: string): DigestAppError {
  return new DigestAppError('config', `${name} is not set`, {
    hint: `Set ${name} in the environment (never on the command line).`,
  });
}
