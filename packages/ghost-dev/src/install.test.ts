import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureGhost, readInstallRecord } from './install.js';
import { defaultCacheDir, GHOST_VERSION } from './paths.js';

describe('ensureGhost', () => {
  it('reuses the cached install: Ghost, its record, and a Node 22 that runs it', async () => {
    const lines: string[] = [];
    const { ghostDir, nodeBin } = await ensureGhost({ onProgress: (l) => lines.push(l) });
    expect(ghostDir).toBe(path.join(defaultCacheDir(), 'ghost', GHOST_VERSION));
    const record = await readInstallRecord(ghostDir);
    expect(record).toMatchObject({ name: 'ghost', version: GHOST_VERSION });
    expect(record?.bytes).toBeGreaterThan(100e6);
    expect(existsSync(path.join(ghostDir, 'node_modules', 'better-sqlite3'))).toBe(true);
    expect(existsSync(nodeBin)).toBe(true);
    // A second call finds everything in place and installs nothing.
    const again = await ensureGhost({ onProgress: (l) => lines.push(l) });
    expect(again).toEqual({ ghostDir, nodeBin });
    expect(lines.filter((l) => l.startsWith('installing'))).toEqual([]);
  });

  it('a failed install leaves no cache entry, temp dir or lock, and takes over a stale lock', async () => {
    const version = '0.0.0-kiji-does-not-exist';
    const parent = path.join(defaultCacheDir(), 'ghost');
    const lock = path.join(parent, `${version}.lock`);
    // A lock left by an install that was killed (pid 2^22 + 1 is above Linux's pid_max default).
    await mkdir(lock, { recursive: true });
    await writeFile(path.join(lock, 'owner'), `4194305 ${(await import('node:os')).hostname()}\n`);
    // And the temp folder of an install that was killed half-way.
    await mkdir(path.join(parent, `.tmp-${version}-4194305-dead00`, 'node_modules'), { recursive: true });
    const lines: string[] = [];
    const error = await ensureGhost({ version, onProgress: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INSTALL_FAILED',
      message: expect.stringContaining(`ghost@${version}`),
    });
    expect(lines.some((l) => l.includes('taking over a stale lock left by pid 4194305'))).toBe(true);
    expect(existsSync(path.join(parent, version))).toBe(false);
    expect(existsSync(lock)).toBe(false);
    expect((await readdir(parent)).filter((e) => e.includes(version))).toEqual([]);
  });
});
