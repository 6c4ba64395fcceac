import { describe, expect, it } from 'vitest';
import { redactKey, validateConfig } from './config.js';
import { GhostError } from './errors.js';

const KEY = `${'a'.repeat(24)}:${'b'.repeat(64)}`;

function error(raw: unknown): GhostError {
  try {
    validateConfig(raw);
  } catch (e) {
    return e as GhostError;
  }
  throw new Error('expected validateConfig to throw');
}

describe('validateConfig', () => {
  it('accepts a site URL and an admin key, trimming the trailing slash', () => {
    const config = validateConfig({ url: 'http://127.0.0.1:2368/', adminKey: KEY });
    expect(config).toEqual({
      url: 'http://127.0.0.1:2368',
      adminKey: KEY,
      authors: {},
      timeoutMs: 30_000,
      retries: 6,
    });
  });

  it('keeps a sub-path install', () => {
    expect(validateConfig({ url: 'https://example.com/blog/', adminKey: KEY }).url).toBe(
      'https://example.com/blog',
    );
  });

  it('rejects a missing URL with a hint naming GHOST_URL', () => {
    const e = error({ adminKey: KEY });
    expect(e).toBeInstanceOf(GhostError);
    expect(e.code).toBe('invalid-config');
    expect(e.message).toMatch(/^@kiji\/ghost: no Ghost URL/);
    expect(e.hint).toMatch(/GHOST_URL/);
  });

  it('rejects a non-http URL', () => {
    expect(error({ url: 'ftp://example.com', adminKey: KEY }).message).toMatch(/http\(s\)/);
    expect(error({ url: 'not a url', adminKey: KEY }).message).toMatch(/not a URL/);
  });

  it('rejects a malformed key without echoing it', () => {
    const secretish = `${'c'.repeat(24)}:${'d'.repeat(63)}z`;
    const e = error({ url: 'http://x.test', adminKey: secretish });
    expect(e.message).toMatch(/wrong shape/);
    expect(`${e.message} ${e.hint}`).not.toContain('dddd');
  });

  it('rejects a content API key (no secret part)', () => {
    expect(error({ url: 'http://x.test', adminKey: 'a'.repeat(26) }).code).toBe('invalid-config');
  });

  it('validates the authors map', () => {
    expect(
      validateConfig({ url: 'http://x.test', adminKey: KEY, authors: { Taro: 'taro' } }).authors,
    ).toEqual({
      Taro: 'taro',
    });
    expect(error({ url: 'http://x.test', adminKey: KEY, authors: { Taro: 3 } }).message).toMatch(
      /authors\.Taro/,
    );
  });

  it('redacts keys to the first characters of the id', () => {
    const shown = redactKey(KEY);
    expect(shown).toBe('aaaaaa…:<redacted>');
    expect(shown).not.toContain('b');
  });
});
