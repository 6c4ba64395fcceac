import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, tempDir, windowSource, writeConfig } from './helpers.js';

async function waitFor(read: () => string, pattern: RegExp, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(read())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; got:\n${read()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('kiji-digest schedule (real process)', () => {
  it('runs the slot missed while it was down once on start, records it, and stops cleanly on SIGTERM', async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    const source = await windowSource(['2025-10-05']);
    const config = await writeConfig(dir, { siteUrl: 'https://example.com', source, out });
    const stateFile = join(out, 'digest-state.json');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(out, { recursive: true });
    const longAgo = Date.parse('2025-01-05T23:00:00Z'); // a Monday 08:00 JST, long before now
    await writeFile(stateFile, JSON.stringify({ version: 1, digests: {}, lastSlotMs: longAgo }));
    const env = { KIJI_DIGEST_CONFIG: config, SMTP_URL: '' };

    const first = spawnCli(['schedule'], env);
    let stderr = '';
    first.child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await waitFor(
      () => stderr,
      /was missed; running it now[\s\S]*kiji-digest: \d{4}-\d{2}-\d{2}: \d+ article/,
    );
    await waitFor(() => stderr, /nothing sent|→/);
    await new Promise((r) => setTimeout(r, 500)); // let it save the state
    first.child.kill('SIGTERM');
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    const state = JSON.parse(await readFile(stateFile, 'utf8'));
    expect(state.lastSlotMs).toBeGreaterThan(longAgo);
    expect(new Date(state.lastSlotMs).getUTCDay()).toBe(0); // Sunday 23:00 UTC = Monday 08:00 JST
    expect(new Date(state.lastSlotMs).getUTCHours()).toBe(23);

    // Restarted with that state, nothing is missed: no run on start.
    const second = spawnCli(['schedule'], env);
    let again = '';
    second.child.stderr!.on('data', (d: Buffer) => {
      again += d.toString();
    });
    await waitFor(() => again, /scheduled "0 8 \* \* 1" \(Asia\/Tokyo\)/);
    await new Promise((r) => setTimeout(r, 1000));
    second.child.kill('SIGTERM');
    const done = await second.done;
    expect(done.code).toBe(0);
    expect(again).not.toContain('was missed');
  });
});
