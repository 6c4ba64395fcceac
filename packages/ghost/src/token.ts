import { createHmac } from 'node:crypto';

function b64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * A Ghost Admin API JWT: HS256 over the hex-decoded secret, `kid` = key id, audience `/admin/`,
 * valid five minutes (Ghost's maximum). Built with node:crypto instead of `jsonwebtoken` to keep the
 * dependency tree to zero for one HMAC.
 */
export function adminToken(adminKey: string, nowMs: number = Date.now()): string {
  const [id, secret] = adminKey.split(':');
  const iat = Math.floor(nowMs / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: id }));
  const payload = b64url(JSON.stringify({ iat, exp: iat + 5 * 60, aud: '/admin/' }));
  const signature = createHmac('sha256', Buffer.from(secret ?? '', 'hex'))
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}
