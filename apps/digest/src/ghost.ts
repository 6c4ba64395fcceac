import { createHmac } from 'node:crypto';
import { DigestAppError } from './errors.js';

export interface Member {
  readonly email: string;
  readonly name?: string | undefined;
  /** Ghost's own per-member link; it also accepts the one-click POST (RFC 8058). */
  readonly unsubscribeUrl: string;
}

/** What the digest needs from Ghost; an interface so the HTTP client can be swapped for @kiji/ghost. */
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

export function createGhostReader(options: GhostReaderOptions): GhostReader {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;

  async function get(path: string, query: URLSearchParams, auth: 'content' | 'admin'): Promise<unknown> {
    const headers: Record<string, string> = { 'Accept-Version': 'v6.0', Accept: 'application/json' };
    if (auth === 'content') {
      if (!options.contentKey) throw missing('GHOST_CONTENT_KEY');
      query.set('key', options.contentKey);
    } else {
      if (!options.adminKey) throw missing('GHOST_ADMIN_KEY');
      headers.Authorization = `Ghost ${adminToken(options.adminKey)}`;
    }
    let response: Response;
    try {
      response = await doFetch(`${base}${path}?${query}`, { headers });
    } catch (cause) {
      throw new DigestAppError('ghost', `cannot reach Ghost at ${base}`, {
        hint: 'Check GHOST_URL and that Ghost is running.',
        cause,
      });
    }
    if (!response.ok) {
      // The query holds the content key: name only the path.
      const body = await response.text().catch(() => '');
      throw new DigestAppError('ghost', `Ghost answered ${response.status} for ${path}`, {
        hint:
          response.status === 401 || response.status === 403
            ? 'Check the Ghost API keys.'
            : `Ghost said: ${body.slice(0, 200)}`,
      });
    }
    return response.json();
  }

  async function* paged(
    path: string,
    params: Record<string, string>,
    key: string,
    auth: 'content' | 'admin',
  ) {
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ ...params, limit: String(PAGE), page: String(page) });
      const body = (await get(path, query, auth)) as Record<string, unknown>;
      const items = body[key];
      if (!Array.isArray(items)) {
        throw new DigestAppError('ghost', `unexpected answer from Ghost for ${path}`, {
          hint: 'Check that GHOST_URL points at a Ghost 5 or 6 site.',
        });
      }
      yield* items as Record<string, unknown>[];
      const pages = (body.meta as { pagination?: { pages?: number } } | undefined)?.pagination?.pages ?? 1;
      if (page >= pages) return;
    }
  }

  return {
    async postUrls(slugs) {
      const urls = new Map<string, string>();
      for (let i = 0; i < slugs.length; i += SLUGS_PER_QUERY) {
        const batch = slugs.slice(i, i + SLUGS_PER_QUERY);
        const filter = `slug:[${batch.map((s) => s.replace(/[^a-z0-9-]/gi, '')).join(',')}]`;
        for await (const post of paged(
          '/ghost/api/content/posts/',
          { filter, fields: 'slug,url' },
          'posts',
          'content',
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
      for await (const m of paged(
        '/ghost/api/admin/members/',
        { filter: parts.join('+') },
        'members',
        'admin',
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

/** A short-lived Admin API token (HS256 JWT signed with the integration secret). */
export function adminToken(adminKey: string, nowMs = Date.now()): string {
  const [id, secret] = adminKey.split(':');
  if (!id || !secret || !/^[0-9a-f]+$/i.test(secret)) {
    throw new DigestAppError('config', 'GHOST_ADMIN_KEY is not of the form id:secret', {
      hint: 'Copy the Admin API key of a Ghost custom integration.',
    });
  }
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid: id })}.${b64({ iat, exp: iat + 300, aud: '/admin/' })}`;
  const signature = createHmac('sha256', Buffer.from(secret, 'hex')).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

function missing(name: string): DigestAppError {
  return new DigestAppError('config', `${name} is not set`, {
    hint: `Set ${name} in the environment (never on the command line).`,
  });
}
