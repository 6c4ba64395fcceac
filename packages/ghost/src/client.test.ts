import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GhostAdminClient } from './client.js';
import { validateConfig } from './config.js';
import { GhostError } from './errors.js';

const KEY = `${'a'.repeat(24)}:${'b'.repeat(64)}`;
let server: Server | undefined;

/** A real loopback server answering with a scripted sequence of behaviours. */
async function serve(script: ((req: IncomingMessage, res: ServerResponse) => void)[]) {
  let n = 0;
  const seen: { method: string; url: string; auth: string | undefined }[] = [];
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization });
    const step = script[Math.min(n++, script.length - 1)]!;
    step(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new GhostAdminClient(
    validateConfig({ url: `http://127.0.0.1:${port}`, adminKey: KEY, timeoutMs: 300, retries: 4 }),
    { baseDelayMs: 5, maxDelayMs: 20 },
  );
  return { client, seen };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('GhostAdminClient', () => {
  it('sends a Ghost JWT and query, and retries 5xx and resets until it succeeds', async () => {
    const { client, seen } = await serve([
      json(503, { errors: [{ message: 'busy' }] }),
      (req) => req.socket.destroy(),
      json(200, { posts: [{ id: '1' }] }),
    ]);
    const res = await client.request<{ posts: { id: string }[] }>('GET', 'posts/', { query: { limit: 1 } });
    expect(res.posts[0]?.id).toBe('1');
    expect(seen).toHaveLength(3);
    expect(seen[0]?.url).toBe('/ghost/api/admin/posts/?limit=1');
    expect(seen[0]?.auth).toMatch(/^Ghost [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(client.stats).toEqual({ requests: 3, writes: 0, retries: 2 });
  });

  it('honours Retry-After on 429', async () => {
    const { client } = await serve([json(429, {}, { 'retry-after': '1' }), json(200, { ok: true })]);
    const t = performance.now();
    await client.request('GET', 'site/');
    expect(performance.now() - t).toBeGreaterThanOrEqual(950);
  });

  it('retries a timeout', async () => {
    const { client, seen } = await serve([() => {}, json(200, { ok: true })]);
    await expect(client.request('GET', 'site/')).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(2);
  });

  it('never retries a 4xx other than 429, and reports Ghost’s error type', async () => {
    const { client, seen } = await serve([
      json(409, { errors: [{ message: 'Saving failed!', type: 'UpdateCollisionError' }] }),
    ]);
    const error = await client.request('PUT', 'posts/1/', { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GhostError);
    expect((error as GhostError).code).toBe('conflict');
    expect((error as GhostError).ghostType).toBe('UpdateCollisionError');
    expect(seen).toHaveLength(1);
  });

  it('gives up after the configured attempts with a hint, never showing the key', async () => {
    const { client, seen } = await serve([json(502, {})]);
    const error = (await client.request('GET', 'posts/').catch((e: unknown) => e)) as GhostError;
    expect(seen).toHaveLength(4);
    expect(error.code).toBe('http');
    expect(error.message).toMatch(/^@kiji\/ghost: GET \/ghost\/api\/admin\/posts\/ answered 502/);
    expect(JSON.stringify({ m: error.message, h: error.hint })).not.toContain('bbbb');
  });

  it('asks the recover hook before retrying a create, and stops when the write had landed', async () => {
    const { client, seen } = await serve([(req) => req.socket.destroy()]);
    let asked = 0;
    const res = await client.request('POST', 'posts/', {
      body: { posts: [{}] },
      recover: async () => {
        asked++;
        return { posts: [{ id: 'found' }] };
      },
    });
    expect(res).toEqual({ posts: [{ id: 'found' }] });
    expect(asked).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it('maps 401 to an auth error', async () => {
    const { client } = await serve([
      json(401, { errors: [{ message: 'Invalid token', type: 'UnauthorizedError' }] }),
    ]);
    await expect(client.request('GET', 'posts/')).rejects.toMatchObject({ code: 'auth', status: 401 });
  });
});
