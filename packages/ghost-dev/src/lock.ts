import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { GhostDevError } from './errors.js';
import { isErrno } from './fsutil.js';
import { isAlive } from './process.js';

const LOCK_WAIT_MS = 30 * 60_000;

/**
 * A lock directory holding its owner's pid; a lock whose owner died is taken over.
 * `activity` completes "another process is still …" (e.g. "installing Ghost 6.65.0").
 */
export async function acquireLock(
  lockDir: string,
  activity: string,
  progress: (line: string) => void,
): Promise<() => Promise<void>> {
  const owner = path.join(lockDir, 'owner');
  const host = hostname();
  const deadline = Date.now() + LOCK_WAIT_MS;
  let lastNotice = 0;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(owner, `${process.pid} ${host}\n`);
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const holder = await readFile(owner, 'utf8').catch(() => '');
    const [pidText, holderHost] = holder.trim().split(' ');
    const pid = Number(pidText);
    const lockAge = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    const stale =
      holder === '' ? lockAge > 60_000 : holderHost === host && Number.isInteger(pid) && !isAlive(pid);
    if (stale) {
      progress(`taking over a stale lock left by pid ${pidText || '?'} (${lockDir})`);
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new GhostDevError('LOCKED', `another process (pid ${pidText}) is still ${activity}`, {
        file: lockDir,
        hint: `wait for it, or if that process is gone delete ${lockDir}`,
      });
    }
    if (Date.now() - lastNotice > 15_000) {
      lastNotice = Date.now();
      progress(`waiting for another process (pid ${pidText}) ${activity}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
