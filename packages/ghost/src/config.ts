import { GhostError } from './errors.js';

/** A validated connection to one Ghost site. */
export interface GhostConfig {
  /** Site root without a trailing slash, e.g. `http://127.0.0.1:2368`. */
  readonly url: string;
  /** `<24 hex id>:<64 hex secret>`. Keep it out of logs: use {@link redactKey}. */
  readonly adminKey: string;
  /** Maps a Jekyll `author` to a Ghost staff user's slug or email. */
  readonly authors: Readonly<Record<string, string>>;
  /** Per-request timeout. */
  readonly timeoutMs: number;
  /** Attempts per request (1 = no retry). */
  readonly retries: number;
}

const KEY = /^([0-9a-f]{24}):([0-9a-f]{64})$/;

function fail(message: string, hint: string): never {
  throw new GhostError('invalid-config', message, { hint });
}

/** `abcd…:****` style: enough to tell two keys apart, never enough to use one. */
export function redactKey(key: string): string {
  const id = key.split(':', 1)[0] ?? '';
  return `${id.slice(0, 6)}…:<redacted>`;
}

/**
 * Checks a raw config object (from env, a file, flags, already merged) and returns it typed. Pure:
 * reading files and env is the caller's job, so this can be tested and reused anywhere.
 */
export function validateConfig(raw: unknown): GhostConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail('config must be an object', 'Pass { url, adminKey }.');
  }
  const r = raw as Record<string, unknown>;
  const url = r.url;
  if (typeof url !== 'string' || url.trim() === '') {
    fail('no Ghost URL configured', 'Set GHOST_URL (env or .env) or "url" in kiji.config.json.');
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    fail(`Ghost URL "${url}" is not a URL`, 'Use the site root, e.g. https://blog.example.com');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    fail(
      `Ghost URL must be http(s), got "${parsed.protocol}"`,
      'Use the site root, e.g. https://blog.example.com',
    );
  }
  if (parsed.username || parsed.password) {
    fail(
      'Ghost URL must not carry credentials',
      'Remove user:password@ from the URL; use GHOST_ADMIN_API_KEY.',
    );
  }
  const key = r.adminKey;
  if (typeof key !== 'string' || key.trim() === '') {
    fail(
      'no Ghost Admin API key configured',
      'Set GHOST_ADMIN_API_KEY (env or .env) or "adminKey" in kiji.config.json; create it in Ghost under Settings → Integrations.',
    );
  }
  const trimmedKey = key.trim();
  if (!KEY.test(trimmedKey)) {
    // Never echo the value: a mistyped key is still mostly a secret.
    fail(
      `Ghost Admin API key has the wrong shape (${trimmedKey.length} characters)`,
      'Expected <24 hex id>:<64 hex secret>, as shown for a custom integration in Ghost (Admin API key, not Content API key).',
    );
  }
  const authors: Record<string, string> = {};
  if (r.authors !== undefined) {
    if (r.authors === null || typeof r.authors !== 'object' || Array.isArray(r.authors)) {
      fail(
        '"authors" must map Jekyll author names to Ghost staff slugs or emails',
        'e.g. { "authors": { "Taro": "taro" } }',
      );
    }
    for (const [name, user] of Object.entries(r.authors as Record<string, unknown>)) {
      if (typeof user !== 'string' || user === '') {
        fail(
          `"authors.${name}" must be a Ghost staff slug or email`,
          'e.g. { "authors": { "Taro": "taro" } }',
        );
      }
      authors[name] = user;
    }
  }
  const timeoutMs = r.timeoutMs ?? 30_000;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    fail('"timeoutMs" must be a positive number', 'e.g. 30000');
  }
  const retries = r.retries ?? 6;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 1) {
    fail('"retries" must be a whole number ≥ 1', 'e.g. 6');
  }
  return {
    url: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`,
    adminKey: trimmedKey,
    authors,
    timeoutMs,
    retries,
  };
}
