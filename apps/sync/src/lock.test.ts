import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CliError } from './errors.js';
import { withRunLock } from './lock.js';

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function stateFile(): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'kiji-sync-lock-'));
  return path.join(dir, '.kiji', 'sync-state.json');
}

/** A pid that is not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('withRunLock', () => {
  test('a second run while the first holds the lock fails naming the holder; the lock goes after', async () => {
    const file = await stateFile();
    let inner: unknown;
    await withRunLock(file, async () => {
      const held = JSON.parse(await readFile(`${file}.lock`, 'utf8'));
      expect(held).toMatchObject({ pid: process.pid, host: hostname() });
      inner = await withRunLock(file, async () => 'ran').catch((e: unknown) => e);
    });
    expect(inner).toBeInstanceOf(CliError);
    expect((inner as CliError).code).toBe('busy');
    expect((inner as CliError).message).toContain(`pid ${process.pid}`);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  test('the lock is released when the run throws', async () => {
    const file = await stateFile();
    await expect(
      withRunLock(file, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(`${file}.lock`)).toBe(false);
    await expect(withRunLock(file, async () => 'again')).resolves.toBe('again');
  });

  test('a lock left by a killed run on this host is taken over', async () => {
    const file = await stateFile();
    await withRunLock(file, async () => {});
    const pid = await deadPid();
    await writeFile(`${file}.lock`, JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    await expect(withRunLock(file, async () => 'took over')).resolves.toBe('took over');
  });

  test('a lock held on another host, or unreadable, is not taken over', async () => {
    const file = await stateFile();
    await withRunLock(file, async () => {});
    const pid = await deadPid();
    await writeFile(
      `${file}.lock`,
      JSON.stringify({ pid, host: 'elsewhere', since: '2026-01-01T00:00:00Z' }),
    );
    await expect(withRunLock(file, async () => 'ran')).rejects.toThrow(/on elsewhere/);
    await writeFile(`${file}.lock`, '{"pid":');
    await expect(withRunLock(file, async () => 'ran')).rejects.toThrow(/another kiji-sync run/);
  });
});

describe('kiji-sync push while another run holds the lock', () => {
  test('exits 3 naming the holder, never the key; a dry run takes no lock', async () => {
    const file = await stateFile();
    const cli = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');
    const posts = path.join(dir, 'posts');
    const { cp } = await import('node:fs/promises');
    await cp(path.resolve(import.meta.dirname, '..', '..', '..', 'examples', 'posts'), posts, {
      recursive: true,
    });
    // Port 9 (discard) on loopback: nothing answers, so a run that got past the lock would fail with 1.
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GHOST_URL: 'http://127.0.0.1:9',
      GHOST_ADMIN_API_KEY: `${'a'.repeat(24)}:${'b'.repeat(64)}`,
    };
    const push = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env });
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    await withRunLock(file, async () => {
      const busy = await push(['push', 'posts']);
      expect(busy.code).toBe(3);
      expect(busy.stderr).toContain(`kiji-sync pid ${process.pid}`);
      expect(busy.stderr).not.toContain('b'.repeat(16));
      const plan = await push(['push', '--dry-run', 'posts']);
      expect(plan.code).not.toBe(3);
    });
  });
});
