import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminToken } from './token.js';

describe('adminToken', () => {
  it('is an HS256 JWT with kid, aud /admin/ and a 5 minute life, signed with the hex secret', () => {
    const id = '0123456789abcdef01234567';
    const secret = 'ab'.repeat(32);
    const token = adminToken(`${id}:${secret}`, 1_700_000_000_000);
    const [h, p, s] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT', kid: id });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({
      iat: 1_700_000_000,
      exp: 1_700_000_300,
      aud: '/admin/',
    });
    const expected = createHmac('sha256', Buffer.from(secret, 'hex')).update(`${h}.${p}`).digest('base64url');
    expect(s).toBe(expected);
    // Signing with the secret as text (a classic mistake) gives a different signature.
    expect(createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')).not.toBe(s);
  });
});
