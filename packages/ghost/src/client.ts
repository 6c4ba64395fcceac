import type { GhostConfig } from './config.js';
import { GhostError } from './errors.js';
import { adminToken } from './token.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What one HTTP attempt was, for counting and progress (never carries the key). */
export interface RequestEvent {
  readonly method: HttpMethod;
  /** Path under `/ghost/api/admin/`, without the query string. */
  readonly path: string;
  readonly attempt: number;
  readonly status: number | undefined;
  readonly ms: number;
}

export interface ClientOptions {
  /** Replaceable for instrumentation; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Called after every HTTP attempt (including failed and retried ones). */
  readonly onRequest?: (event: RequestEvent) => void;
  /** First backoff delay; doubles each attempt, with full jitter, capped at `maxDelayMs`. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface RequestOptions<T> {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /**
   * For a request that is not idempotent (create): called before each retry, so a write that did
   * land before the connection broke is found instead of repeated. A value returned ends the retry.
   */
  readonly recover?: () => Promise<T | undefined>;
}

interface GhostErrorBody {
  errors?: { message?: string; context?: string | null; type?: string; help?: string }[];
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

/** Network-level failures worth another attempt (undici wraps them in `TypeError: fetch failed`). */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  if (error.name === 'TypeError' && /fetch failed/i.test(error.message)) return true;
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/.test(
      code,
    )
  );
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A small Ghost Admin API client over `fetch`. Chosen over `@tryghost/admin-api` because the sync
 * needs what that client does not give: per-attempt instrumentation (to prove a no-op run makes no
 * writes), retries with backoff that honour `Retry-After`, a recovery hook before retrying a
 * create, and `updated_at` collision errors surfaced with their Ghost type.
 */
export class GhostAdminClient {
  readonly url: string;
  readonly #key: string;
  readonly #timeoutMs: number;
  readonly #attempts: number;
  readonly #fetch: typeof fetch;
  readonly #onRequest: ((event: RequestEvent) => void) | undefined;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  /** HTTP attempts made so far (writes = POST/PUT/DELETE), retries included. */
  readonly stats = { requests: 0, writes: 0, retries: 0 };

  constructor(config: GhostConfig, options: ClientOptions = {}) {
    this.url = config.url;
    this.#key = config.adminKey;
    this.#timeoutMs = config.timeoutMs;
    this.#attempts = config.retries;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#onRequest = options.onRequest;
    this.#baseDelayMs = options.baseDelayMs ?? 250;
    this.#maxDelayMs = options.maxDelayMs ?? 8_000;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions<T> = {}): Promise<T> {
    const url = new URL(`${this.url}/ghost/api/admin/${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const where = `${method} /ghost/api/admin/${path}`;
    let lastError: GhostError | undefined;
    for (let attempt = 1; attempt <= this.#attempts; attempt++) {
      if (attempt > 1 && options.recover) {
        const found = await options.recover();
        if (found !== undefined) return found;
      }
      const started = performance.now();
      this.stats.requests++;
      if (method !== 'GET') this.stats.writes++;
      if (attempt > 1) this.stats.retries++;
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers: {
            Authorization: `Ghost ${adminToken(this.#key)}`,
            'Accept-Version': 'v6.0',
            Accept: 'application/json',
            ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        this.#onRequest?.({ method, path, attempt, status: undefined, ms: performance.now() - started });
        const timeout =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        lastError = new GhostError(
          timeout ? 'timeout' : 'network',
          timeout
            ? `${where} timed out after ${this.#timeoutMs} ms`
            : `${where} failed: ${describeCause(error)}`,
          {
            hint: `Check that Ghost is running at ${this.url} and reachable; the request was tried ${attempt} time(s).`,
            cause: error,
          },
        );
        if (!isTransient(error) || attempt === this.#attempts) throw lastError;
        await sleep(this.#backoff(attempt));
        continue;
      }
      this.#onRequest?.({ method, path, attempt, status: response.status, ms: performance.now() - started });
      if (response.ok) {
        if (response.status === 204) return undefined as T;
        const text = await response.text();
        try {
          return JSON.parse(text) as T;
        } catch (error) {
          throw new GhostError('unexpected-response', `${where} answered ${response.status} with non-JSON`, {
            hint: `Is ${this.url} a Ghost site? The Admin API lives under /ghost/api/admin/.`,
            status: response.status,
            cause: error,
          });
        }
      }
      lastError = await this.#httpError(where, response);
      if (!RETRY_STATUS.has(response.status) || attempt === this.#attempts) throw lastError;
      const wait = response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
      await sleep(wait === undefined ? this.#backoff(attempt) : Math.min(wait, 60_000));
    }
    // Unreachable: the loop either returns or throws on its last attempt.
    throw lastError ?? new GhostError('network', `${where} failed`, { hint: 'Retry later.' });
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  async #httpError(where: string, response: Response): Promise<GhostError> {
    let body: GhostErrorBody = {};
    try {
      body = (await response.json()) as GhostErrorBody;
    } catch {
      // A proxy or a crashed Ghost may answer HTML; the status is enough then.
    }
    const first = body.errors?.[0];
    const detail = [first?.message, first?.context].filter(Boolean).join(' ');
    const message = `${where} answered ${response.status}${detail ? `: ${detail}` : ''}`;
    const ghostType = first?.type;
    const base = { status: response.status, ...(ghostType ? { ghostType } : {}) };
    switch (response.status) {
      case 401:
      case 403:
        return new GhostError('auth', message, {
          ...base,
          hint: 'Check GHOST_ADMIN_API_KEY: it must be the Admin API key of a custom integration on this site.',
        });
      case 404:
        return new GhostError('not-found', message, {
          ...base,
          hint: 'The post or endpoint does not exist.',
        });
      case 409:
        return new GhostError('conflict', message, {
          ...base,
          hint: 'Someone changed this post in Ghost since it was read; re-run, or use --force to overwrite.',
        });
      case 422:
      case 400:
        return new GhostError('validation', message, {
          ...base,
          hint: first?.help ?? 'Ghost rejected the post; the message says which field.',
        });
      default:
        return new GhostError('http', message, {
          ...base,
          hint: RETRY_STATUS.has(response.status)
            ? 'Ghost kept failing after retries; check its logs and re-run (the sync resumes).'
            : 'Unexpected answer from Ghost.',
        });
    }
  }
}
